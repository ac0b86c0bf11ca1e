"""Property tests of the resident-ID normaliser (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from matchers import normalize_id
from matchers.ids import check_digit, upgrade_15

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@st.composite
def valid_ids(draw, years=(1900, 2020)) -> str:
    """A valid 18-character ID: region, real birth date, sequence, check digit."""
    region = draw(st.integers(110000, 659999))
    born = draw(st.dates(dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)))
    body = f"{region:06d}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + check_digit(body)


@given(valid_ids(years=(1900, 1999)))
def test_18_to_15_to_18_round_trips(id18: str) -> None:
    id15 = id18[:6] + id18[8:17]
    assert upgrade_15(id15) == id18
    result = normalize_id(id15)
    assert (result.value, result.legacy) == (id18, True)


@given(valid_ids())
def test_valid_ids_pass_and_are_idempotent(id18: str) -> None:
    first = normalize_id(id18)
    assert first.value == id18 and first.problem is None
    assert normalize_id(first.value) == first


@settings(max_examples=40)
@given(valid_ids())
def test_every_single_digit_substitution_is_detected(id18: str) -> None:
    for pos in range(18):
        for ch in "0123456789X" if pos == 17 else "0123456789":
            if ch != id18[pos]:
                assert normalize_id(id18[:pos] + ch + id18[pos + 1:]).value is None


@settings(max_examples=60)
@given(valid_ids())
def test_every_adjacent_transposition_is_detected(id18: str) -> None:
    for pos in range(17):
        swapped = id18[:pos] + id18[pos + 1] + id18[pos] + id18[pos + 2:]
        if swapped != id18:
            assert normalize_id(swapped).value is None


@given(valid_ids())
def test_received_variants_normalise_to_the_same_id(id18: str) -> None:
    variants = [id18.lower(), id18.translate(FULL_WIDTH), f" {id18[:6]} {id18[6:14]} {id18[14:]} ",
                f"{id18[:6]}-{id18[6:]}", id18.translate(FULL_WIDTH).replace("Ｘ", "ｘ")]
    assert {normalize_id(v).value for v in variants} == {id18}


@given(st.one_of(st.none(), st.text(), st.integers(), st.binary()))
def test_never_raises_and_is_idempotent_on_arbitrary_input(raw) -> None:
    result = normalize_id(raw)
    assert (result.value is None) != (result.problem is None)
    if result.value is not None:
        assert normalize_id(result.value).value == result.value


def test_problems_are_named_without_personal_data() -> None:
    cases = {None: "missing", "   ": "missing", "12345": "wrong length",
             "11010519491231002Y": "bad characters", "110105194902300020": "impossible birth date",
             "11010519491231003X": "check digit mismatch", "11010519491231002": "missing check digit"}
    for raw, problem in cases.items():
        assert normalize_id(raw).problem == problem
    assert normalize_id("11010519491231003X").candidate == "11010519491231003X"
    assert normalize_id("11010519491231002").candidate == "11010519491231002X"
