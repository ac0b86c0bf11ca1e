"""The whole-column cleaners and cell converters agree with the per-cell functions on any value."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import columns
from reports.cells import MAX_CELL, NEUTRALISER, column_cells, safe_text
from reports.masking import clean_text, mask_id, scrub_ids

# Text heavy in what the cleaners act on: controls, surrogates, non-characters, formula triggers,
# ID-like digit runs, and rich-text tags that XlsxWriter would pass through as markup.
_CHARS = "=+-@\t\r\n\x00\x07\x85\ud800\u202e\uffff李x_Xｘ0１23456789 "
_TEXT = st.one_of(st.text(alphabet=st.sampled_from(_CHARS), max_size=40),
                  st.lists(st.sampled_from(["<r>", "</r>", "<", "r", ">", "\n", "=", "x"]), max_size=8).map("".join))
_VALUES = st.lists(st.one_of(st.none(), _TEXT, st.integers(-5, 5), st.floats(allow_nan=True),
                             st.decimals(allow_nan=False, places=2, min_value=-10, max_value=10)), max_size=20)


@settings(max_examples=150, deadline=None)
@given(_VALUES)
def test_column_cleaning_matches_the_per_cell_functions(values):
    series = pd.Series(values, dtype=object)
    assert columns.text(series).to_pylist() == [clean_text(v) for v in values]
    assert columns.scrubbed(series).to_pylist() == [scrub_ids(clean_text(v)) for v in values]
    assert column_cells("text", series) == [safe_text(v) for v in values]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.from_regex(r"[0-9]{6}[0-9 ]{8,12}[0-9Xx]", fullmatch=True)), max_size=20))
def test_column_masking_matches_mask_id(ids):
    assert columns.masked_ids(pd.Series(ids, dtype="str")) == [mask_id(v) for v in ids]


def test_arrow_backed_text_columns_are_cleaned_and_neutralised():
    series = pd.Series(["=1+1", None, "王\x07五", "-2", "ok"], dtype="str")
    assert column_cells("text", series) == [NEUTRALISER + "=1+1", "", "王\ufffd五", NEUTRALISER + "-2", "ok"]
    assert len(column_cells("text", pd.Series(["x" * (MAX_CELL + 10)]))[0]) == MAX_CELL


def test_typed_columns_keep_values_of_different_types_apart():
    amounts = column_cells("amount", pd.Series([Decimal("1.50"), "1.50", 1, "=2", None], dtype=object))
    assert amounts == [Decimal("1.50"), Decimal("1.50"), Decimal(1), "'=2", None]
    assert column_cells("text", pd.Series([1, 1.0, True], dtype=object)) == ["1", "1.0", "True"]
    dates = column_cells("date", pd.Series([pd.Timestamp("2025-01-31"), dt.date(2024, 2, 29), "x"], dtype=object))
    assert dates == [dt.date(2025, 1, 31), dt.date(2024, 2, 29), "x"]
