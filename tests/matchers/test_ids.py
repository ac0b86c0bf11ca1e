"""Property tests of the resident-ID normaliser (hypothesis), and its structural checks:
province prefix, birth date up to the as-of date, recoverable exports."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers import normalize_id
from matchers.ids import PROVINCES, check_digit, upgrade_15

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
# GB/T 2260 province-level codes, and 81/82/83 of the Hong Kong, Macao and Taiwan
# residents' residence permits (《港澳台居民居住证申领发放办法》, 2018).
PUBLISHED_PROVINCES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
                       "50 51 52 53 54 61 62 63 64 65 71 81 82 83").split()
AS_OF = dt.date(2026, 11, 30)


def with_check(body: str) -> str:
    """17 digits and their check character."""
    return body + check_digit(body)


@st.composite
def valid_ids(draw, years=(1900, 2020)) -> str:
    """A valid 18-character ID: region, real birth date, sequence, check digit."""
    region = int(draw(st.sampled_from(PUBLISHED_PROVINCES))) * 10000 + draw(st.integers(0, 9999))
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


@pytest.mark.parametrize(("id15", "problem"), [
    ("110105491231002", None),                       # GB 11643-1999's example in its 15-digit form
    ("11010549123100X", "bad characters"),          # 15 characters, one of them a letter
    ("110105490230002", "impossible birth date"),   # 1949-02-30
    ("990105491231002", "unknown province code"),
])
def test_a_15_digit_id_is_marked_legacy_whether_or_not_it_is_valid(id15: str, problem: str | None) -> None:
    # The linker counts a legacy ID with an impossible birth date as mistyped, not made up
    # (matchers/README.md, "implausible_id"): the mark must survive the ID being invalid.
    result = normalize_id(id15, AS_OF)
    assert (result.problem, result.legacy) == (problem, True)


def test_the_province_prefixes_are_the_published_ones() -> None:
    assert PROVINCES == frozenset(PUBLISHED_PROVINCES)


@pytest.mark.parametrize("prefix", "00 10 16 20 39 47 55 66 70 80 84 91 99".split())
def test_an_unknown_province_is_invalid_even_with_a_holding_check_digit(prefix: str) -> None:
    result = normalize_id(with_check(prefix + "0105" + "19491231002"), AS_OF)
    assert (result.value, result.problem) == (None, "unknown province code")
    assert result.candidate == with_check(prefix + "010519491231002")


def test_a_taiwan_residence_permit_number_is_valid() -> None:
    permit = with_check("83000019900101123")
    assert normalize_id(permit, AS_OF).value == permit


def test_a_birth_date_after_the_as_of_date_is_invalid() -> None:
    born_after = with_check("530102" + "20261201" + "123")
    assert normalize_id(born_after, AS_OF).problem == "impossible birth date"
    assert normalize_id(born_after, AS_OF + dt.timedelta(days=1)).value == born_after
    assert normalize_id(with_check("530102" + "20261130" + "123"), AS_OF).problem is None


def test_the_as_of_date_defaults_to_today() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert normalize_id(with_check(f"530102{tomorrow:%Y%m%d}123")).problem == "impossible birth date"
    assert normalize_id(with_check(f"530102{dt.date.today():%Y%m%d}123")).problem is None


def test_county_codes_are_not_checked_against_the_birth_year() -> None:
    # 430700 (常德市) was created in 1988; real IDs of people born before keep it.
    born_1950 = with_check("43070019500101123")
    assert normalize_id(born_1950, AS_OF).value == born_1950


def test_a_multiplication_sign_is_read_as_the_check_character_x() -> None:
    assert normalize_id("11010519491231002×", AS_OF).value == "11010519491231002X"
    assert normalize_id("11010519491231002 ×", AS_OF).value == "11010519491231002X"
    assert normalize_id("11010519491231003×", AS_OF).problem == "check digit mismatch"


@given(valid_ids(years=(1900, 1999)))
def test_ids_exported_as_floats_are_recovered(id18: str) -> None:
    id15 = id18[:6] + id18[8:17]
    assert normalize_id(f"{id15}.0", AS_OF).value == id18
    assert normalize_id(id15.translate(FULL_WIDTH) + "．０", AS_OF).value == id18
    if "X" not in id18:
        assert normalize_id(f"{id18}.0", AS_OF).value == id18


def test_only_a_single_float_zero_is_cut() -> None:
    assert normalize_id("530102900101123.00", AS_OF).problem == "missing check digit"
    assert normalize_id("5301029001011.230", AS_OF).problem == "wrong length"
