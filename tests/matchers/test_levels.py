"""Every comparison level fires on the pair it names (blocking-free, in DuckDB).

The cases are kept in lists so that ``test_every_comparison_level_is_produced_by_a_test``
can name a level of ``matchers.comparisons`` that no case produces.
"""

from __future__ import annotations

import datetime as dt

import pytest
from matcher_fixtures import make_id, stage

from matchers.comparisons import BIRTH, COMPARISONS, ID, Comparison, ComparisonLevel, levels_sql
from matchers.prepare import build_keys

BORN = dt.date(1980, 5, 17)
MEMBER_ID = make_id("530102", BORN, 123)
NEIGHBOUR_ID = make_id("530102", BORN, 125)
OTHER_ID = make_id("450202", dt.date(1991, 2, 3), 124)
SAME_BIRTH_OTHER_ID = make_id("532923", BORN, 977)
TYPO_ID = MEMBER_ID[:9] + str((int(MEMBER_ID[9]) + 3) % 10) + MEMBER_ID[10:]
SWAP_ID = MEMBER_ID[:14] + MEMBER_ID[15] + MEMBER_ID[14] + MEMBER_ID[16:]
MEMBER = {"household_id": "H1", "member_no": 1, "relation": "本人", "name": "王芳",
          "id_number": MEMBER_ID, "gender": "男", "birth_date": BORN}


def levels(record: dict, member: dict = MEMBER) -> dict[str, str]:
    """The four comparison levels of one record against one member."""
    con = stage([member], hukou=[{"record_id": "R1", **record}])
    build_keys(con, ["hukou"])
    row = con.sql(f"SELECT {levels_sql(0.8)} FROM _m_person p, _m_member m").fetchall()[0]
    return dict(zip((c.name for c in COMPARISONS), row))


ID_CASES = [
    (MEMBER_ID, "exact"), (MEMBER_ID.lower(), "exact"), (MEMBER_ID[:6] + MEMBER_ID[8:17], "exact"),
    (TYPO_ID, "typo"), (SWAP_ID, "typo"), (MEMBER_ID[:17] + "0" if MEMBER_ID[17] != "0" else
                                            MEMBER_ID[:17] + "1", "typo"),
    (NEIGHBOUR_ID, "neighbour"), (NEIGHBOUR_ID[:6] + NEIGHBOUR_ID[8:17], "neighbour"),
    (OTHER_ID, "other"), (None, "missing"), ("12-34", "missing"),
]
NAME_CASES = [
    ("王芳", None, "exact"), ("王 芳", None, "exact"), ("李娜", "王芳", "former"),
    ("王方", None, "sound"), ("王芳芳", None, "similar"), ("欧阳娜娜", None, "different"),
    (None, None, "missing"),
]
BIRTH_GENDER_CASES = [
    (SAME_BIRTH_OTHER_ID, "same", "same"), (OTHER_ID, "different", "different"),
    (None, "missing", "missing"),
]
TESTED = {"id": {case[-1] for case in ID_CASES}, "name": {case[-1] for case in NAME_CASES},
          "birth": {case[1] for case in BIRTH_GENDER_CASES}, "gender": {case[2] for case in BIRTH_GENDER_CASES}}


@pytest.mark.parametrize("id_number, level", ID_CASES)
def test_id_levels(id_number: str | None, level: str) -> None:
    assert levels({"id_number": id_number, "name": "王芳"})["id"] == level


@pytest.mark.parametrize("name, former, level", NAME_CASES)
def test_name_levels(name: str | None, former: str | None, level: str) -> None:
    member = dict(MEMBER, name="王芳芬") if level == "similar" else MEMBER
    assert levels({"id_number": OTHER_ID, "name": name, "former_name": former}, member)["name"] == level


@pytest.mark.parametrize("id_number, birth, gender", BIRTH_GENDER_CASES)
def test_birth_and_gender_levels(id_number: str | None, birth: str, gender: str) -> None:
    found = levels({"id_number": id_number, "name": "王芳"})
    assert (found["birth"], found["gender"]) == (birth, gender)


def test_member_birth_date_and_gender_columns_win_over_the_id() -> None:
    member = dict(MEMBER, birth_date=dt.date(1991, 2, 3), gender="女")
    found = levels({"id_number": OTHER_ID, "name": "王芳"}, member)
    assert (found["birth"], found["gender"]) == ("same", "same")


@pytest.mark.parametrize("comparison, level", [(c.name, lv.label) for c in COMPARISONS for lv in c.levels])
def test_every_comparison_level_is_produced_by_a_test(comparison: str, level: str) -> None:
    assert level in TESTED.get(comparison, set()), \
        f"no case in tests/matchers/test_levels.py produces a pair at {comparison} level {level}"


def test_only_the_last_level_of_a_comparison_may_lack_a_condition() -> None:
    with pytest.raises(ValueError, match="only its last level"):
        Comparison("x", (ComparisonLevel("a", None), ComparisonLevel("b", None)))
    with pytest.raises(ValueError, match="only its last level"):
        Comparison("x", (ComparisonLevel("a", "true"),))


def test_a_level_that_is_not_weighed_earns_nothing() -> None:
    sql = ID.weight_sql(lambda comparison, level: 7.0)
    assert "WHEN 'missing' THEN 0.0" in sql and "WHEN 'exact' THEN 7.0" in sql
    assert not ID.counts("missing", "missing") and ID.counts("exact", "exact")
    assert not BIRTH.counts("same", "exact") and BIRTH.counts("same", "other")
