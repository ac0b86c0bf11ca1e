"""Hypothesis over arbitrary text: the value parsers and the ID/name normalisers never raise.

The parsers are documented never to raise on bad text (they report it in
``valid``); ``normalize_id`` and ``normalize_name`` are documented never to
raise at all. Every result must also keep its promises: one value per input,
and ``valid`` False only where there was text that did not parse.
"""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import matchers
from data_contracts.parsing import clean_text, parse_column

VALUES = st.lists(st.one_of(st.none(), st.text(), st.from_regex(r"-?[0-9,]{1,22}(\.[0-9]{0,3})?"),
                            st.from_regex(r"[12][0-9]{3}[-/]?[01][0-9][-/]?[0-3][0-9]")), max_size=20)
KINDS = ["date", "month", "amount", "area", "integer"]


@settings(max_examples=150, deadline=None)
@given(values=VALUES, kind=st.sampled_from(KINDS), empty_is_zero=st.booleans())
def test_value_parsers_never_raise_and_flag_only_text(values, kind, empty_is_zero):
    text = clean_text(pa.chunked_array([pa.array(values, pa.string())]))
    parsed = parse_column(kind, text, empty_is_zero=empty_is_zero)
    assert len(parsed.values) == len(parsed.valid) == len(values)
    for cleaned, value, valid in zip(text.to_pylist(), parsed.values.to_pylist(), parsed.valid.to_pylist(),
                                     strict=True):
        assert valid is not None
        assert valid or cleaned is not None  # an empty value is never invalid
        assert value is None or valid  # a value only where the text was acceptable


@settings(max_examples=250, deadline=None)
@given(raw=st.one_of(st.none(), st.text(), st.from_regex(r"[0-9０-９ xX]{14,20}")))
def test_normalize_id_never_raises_and_returns_a_valid_id_or_a_problem(raw):
    result = matchers.normalize_id(raw)
    assert result.value is None or (len(result.value) == 18 and result.value[:17].isascii())


@settings(max_examples=250, deadline=None)
@given(raw=st.one_of(st.none(), st.text(), st.text(alphabet="张王李趙錢孫·•.・‧ 　")))
def test_normalize_name_never_raises(raw):
    assert isinstance(matchers.normalize_name(raw), matchers.NameKey)
