"""hecha's normalisers held against implementations it did not write.

``python-stdnum`` (``stdnum.cn.ric``, its own check-digit arithmetic) is the
oracle for the check digit and the 15 → 18 upgrade; published examples fix a few
expected check digits by hand; Faker's ``zh_CN`` and ``zh_TW`` locales give IDs
and names the project did not shape. Where hecha deliberately differs from stdnum
(matchers/README.md, "Held against stdnum"), a test pins the difference.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import faker
import opencc
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from matchers import normalize_id, normalize_name
from matchers.id_column import normalize_id_column
from matchers.ids import check_digit, upgrade_15

AS_OF = dt.date(2026, 11, 30)
CN, TW = faker.Faker("zh_CN"), faker.Faker("zh_TW")
TW_TO_SIMPLIFIED = opencc.OpenCC("tw2s")


def oracle_check(body17: str) -> str:
    """stdnum's check character for 17 digits (it expects the number with a check slot)."""
    return ric.calc_check_digit(body17 + "0")


@given(st.text("0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_stdnum(body: str) -> None:
    assert check_digit(body) == oracle_check(body)


@given(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), st.integers(110000, 659999),
       st.integers(0, 999))
def test_15_to_18_upgrade_agrees_with_stdnum(born: dt.date, region: int, seq: int) -> None:
    id15 = f"{region}{born:%y%m%d}{seq:03d}"
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    assert upgrade_15(id15) == body + oracle_check(body)


@pytest.mark.parametrize("published, where", [
    ("11010519491231002X", "GB 11643-1999, example (北京市朝阳区, 1949-12-31)"),
    ("440524188001010014", "GB 11643-1999, example (广东省潮阳县, 1880-01-01)"),
    ("360426199101010071", "python-stdnum, stdnum.cn.ric documentation"),
])
def test_published_examples_keep_their_printed_check_digit(published: str, where: str) -> None:
    assert check_digit(published[:17]) == published[17], where
    assert normalize_id(published, AS_OF).value == published, where


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_every_faker_zh_cn_ssn_is_valid_and_its_own_normal_form(seed: int) -> None:
    CN.seed_instance(seed)
    ssn = CN.ssn()
    assert normalize_id(ssn).value == ssn
    assert normalize_id(ssn.lower()).value == ssn


def test_faker_ssns_normalise_the_same_in_sql() -> None:
    CN.seed_instance(20261130)
    ssns = [CN.ssn() for _ in range(500)]
    con = duckdb.connect()
    con.register("raws", pa.table({"raw": ssns}))
    normalize_id_column(con, "SELECT raw FROM raws", "ids")
    assert con.sql("SELECT count(*) FROM ids WHERE id_norm IS DISTINCT FROM raw").fetchall() == [(0,)]


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_faker_zh_cn_names_are_already_normal(seed: int) -> None:
    CN.seed_instance(seed)
    name = CN.name()
    assert normalize_name(name).text == name


@settings(max_examples=300)
@given(st.integers(0, 2**32 - 1))
def test_faker_zh_tw_names_key_like_their_simplified_form(seed: int) -> None:
    TW.seed_instance(seed)
    name = TW.name()
    simplified = "".join(TW_TO_SIMPLIFIED.convert(ch) for ch in name)
    assert normalize_name(name) == normalize_name(simplified)
    assert normalize_name(name).text == simplified


# Where hecha deliberately differs from stdnum (matchers/README.md).

def with_check(body: str) -> str:
    """17 digits and stdnum's check character."""
    return body + oracle_check(body)


def test_county_codes_newer_than_the_birth_year_are_valid_for_hecha_only() -> None:
    # stdnum knows 530102 (昆明市五华区) from 1983 on; people born before hold such IDs.
    for real in (with_check("53010219500101123"), "440524188001010014"):
        assert normalize_id(real, AS_OF).value == real
        assert not ric.is_valid(real)


def test_birth_dates_after_the_as_of_date_are_invalid_for_hecha_only() -> None:
    future = with_check("11010520991231002")
    assert ric.is_valid(future)
    assert normalize_id(future, AS_OF).problem == "impossible birth date"


def test_births_before_1850_are_invalid_for_hecha_only() -> None:
    ancient = with_check("11010518000101002")
    assert ric.is_valid(ancient)
    assert normalize_id(ancient, AS_OF).problem == "impossible birth date"


def test_1850_is_the_first_valid_birth_year_and_1849_the_last_invalid_one() -> None:
    # The boundary itself (matchers/README.md: "a real birth date from 1850 up to the as-of date").
    first_day, day_before = with_check("11010518500101002"), with_check("11010518491231002")
    assert ric.is_valid(first_day) and ric.is_valid(day_before)
    assert normalize_id(first_day, AS_OF).value == first_day
    assert normalize_id(day_before, AS_OF).problem == "impossible birth date"


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_residence_permits_are_valid_for_hecha_only(prefix: str) -> None:
    permit = with_check(prefix + "19900101123")
    assert not ric.is_valid(permit)
    assert normalize_id(permit, AS_OF).value == permit


def test_legacy_and_damaged_forms_are_recovered_by_hecha_only() -> None:
    id18 = "11010519491231002X"
    for received in ("110105491231002", "11010519491231002×", "110105 19491231 002x"):
        assert not ric.is_valid(received)
        assert normalize_id(received, AS_OF).value == id18
