"""mask_id keeps the first 6 and last 4 characters and never more."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports import mask_id
from reports.masking import clean_text, is_missing, scrub_ids


@pytest.mark.parametrize(("raw", "masked"), [
    ("530102199001011234", "530102********1234"),
    ("53010219851212002x", "530102********002x"),
    ("530102900101123", "530102*****1123"),
    ("  530102199001011234 ", "530102********1234"),
    ("12345", "*****"),
    ("53010219900", "***********"),
])
def test_mask_id_keeps_head_and_tail_of_ids_and_hides_short_values(raw, masked):
    assert mask_id(raw) == masked


@pytest.mark.parametrize("missing", [None, "", "   ", math.nan, pd.NA, pd.NaT])
def test_mask_id_of_missing_values_is_empty(missing):
    assert mask_id(missing) == ""


@given(st.text(alphabet="0123456789Xx０１２", min_size=15, max_size=25))
def test_mask_id_hides_everything_between_first_6_and_last_4(value):
    out = mask_id(value)
    assert len(out) == len(value)
    assert out[:6] == value[:6] and out[-4:] == value[-4:]
    assert set(out[6:-4]) == {"*"}


@given(st.text(max_size=14))
def test_mask_id_reveals_nothing_of_short_values(value):
    # every character of the trimmed value becomes a "*": nothing shown, nothing dropped
    assert mask_id(value) == "*" * len(value.strip())


def test_scrub_ids_masks_id_numbers_inside_free_text():
    text = scrub_ids("死亡登记 530102199001011234，旧号 530102900101123 记录 R12")
    assert text == "死亡登记 530102********1234，旧号 530102*****1123 记录 R12"


def test_clean_text_replaces_control_characters_but_keeps_tabs_and_newlines():
    assert clean_text("王\x07五\x00\t\n") == "王\ufffd五\ufffd\t\n"
    assert clean_text(None) == ""


def test_a_list_valued_cell_is_shown_not_taken_for_missing():
    # pd.isna of a list is an array whose truth is ambiguous: such a cell is a value, not a gap
    assert not is_missing(["二轮摩托车", "三轮摩托车"])
    assert clean_text(["二轮摩托车", "三轮摩托车"]) == "['二轮摩托车', '三轮摩托车']"
