"""Linker behaviour on names and IDs the normalisers clean or refuse (real DuckDB).

An invisible character in a name must not hide a member; an ID that holds its
check digit but names no province, or a birth after the run's as-of date, is
not valid (the member's ``id_problem`` says so) and never links ``auto``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from matcher_fixtures import background, stage

from matchers import MatchConfig, explain, link_records
from matchers.ids import check_digit

MEMBERS, HUKOU, PUBLIC = background()
AS_OF = dt.date(2026, 11, 30)
EAGER = MatchConfig(auto_threshold=0.5, review_threshold=0.01)


def substitute(id18: str, pos: int) -> str:
    """The ID with one digit replaced (a typo the check digit catches)."""
    return id18[:pos] + str((int(id18[pos]) + 1) % 10) + id18[pos + 1:]


def recheck(id18: str, pos: int, digit: str) -> str:
    """The ID with one digit set and the check digit computed again: it holds."""
    body = id18[:pos] + digit + id18[pos + 1:17]
    return body + check_digit(body)


def member_key(i: int) -> tuple[str, int]:
    return MEMBERS[i]["household_id"], MEMBERS[i]["member_no"]


def vehicle_links(vehicles: list[dict], members: list[dict] = MEMBERS, config: MatchConfig | None = None):
    """Link the vehicles against the background as of AS_OF; return (connection, links by record)."""
    con = stage(members, hukou=HUKOU + PUBLIC, vehicles=vehicles)
    link_records(con, ["hukou", "vehicles"], config, as_of=AS_OF)
    rows = con.sql("SELECT record_id, household_id, member_no, method, decision FROM links "
                   "WHERE source = 'vehicles'").fetchall()
    found: dict = {}
    for record_id, *rest in rows:
        found.setdefault(record_id, []).append(tuple(rest))
    return con, found


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060"])
def test_a_name_with_an_invisible_character_and_an_id_typo_still_links(invisible: str) -> None:
    m = MEMBERS[12]
    name = m["name"][0] + invisible + m["name"][1:]
    con, found = vehicle_links([{"record_id": "Z", "id_number": substitute(m["id_number"], 8), "name": name}])
    assert [link[:3] for link in found.get("Z", [])] == [(*member_key(12), "fuzzy")]
    assert {"comparison": "name", "level": "exact"} in [
        {k: lv[k] for k in ("comparison", "level")} for lv in explain(con, "vehicles", "Z")[0]["levels"]]


@pytest.mark.parametrize("pos, digit", [(0, "9"), (6, "2")])
def test_a_made_up_id_one_digit_from_a_member_never_links_auto(pos: int, digit: str) -> None:
    m = MEMBERS[14]
    made_up = recheck(m["id_number"], pos, digit)
    con, found = vehicle_links([{"record_id": "M", "id_number": made_up, "name": m["name"]}], config=EAGER)
    assert found["M"] == [(*member_key(14), "fuzzy", "review")]
    assert {"comparison": "safety", "level": "implausible_id", "weight": 0.0} in explain(
        con, "vehicles", "M")[0]["levels"]


def test_a_typo_in_a_valid_id_still_links_auto_when_the_score_allows() -> None:
    m = MEMBERS[14]
    record = {"record_id": "T", "id_number": substitute(m["id_number"], 9), "name": m["name"]}
    _, found = vehicle_links([record], config=EAGER)
    assert found["T"] == [(*member_key(14), "fuzzy", "auto")]


def test_a_member_born_after_the_as_of_date_has_an_id_problem_and_no_auto_link() -> None:
    members = [dict(m) for m in MEMBERS]
    body = MEMBERS[13]["id_number"][:6] + "20261201" + "123"
    members[13]["id_number"] = born_later = body + check_digit(body)
    con, found = vehicle_links([{"record_id": "F", "id_number": born_later, "name": members[13]["name"]}],
                               members, EAGER)
    assert con.sql("SELECT id_problem FROM member_ids WHERE household_id = ? AND member_no = ?",
                   params=list(member_key(13))).fetchall() == [("impossible birth date",)]
    assert found["F"] == [(*member_key(13), "exact", "review")]
    later = stage(members, hukou=HUKOU)
    link_records(later, ["hukou"], as_of=dt.date(2026, 12, 1))
    assert later.sql("SELECT id_problem FROM member_ids WHERE household_id = ? AND member_no = ?",
                     params=list(member_key(13))).fetchall() == [(None,)]
