"""Linker behaviour on small staged warehouses (real DuckDB, no mocks).

The safety rules have their own scenarios in test_safety_rules.py.
"""

from __future__ import annotations

import pytest
from matcher_fixtures import background, stage

from matchers import MatchConfig, explain, link_records
from matchers.comparisons import COMPARISONS

MEMBERS, HUKOU, PUBLIC = background()
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def substitute(id18: str, pos: int) -> str:
    """The ID with one digit replaced (a typo the check digit catches)."""
    return id18[:pos] + str((int(id18[pos]) + 1) % 10) + id18[pos + 1:]


def link(vehicles: list[dict], config: MatchConfig | None = None, hukou_extra=()) -> dict:
    """Link the vehicles against the background; return links by record_id."""
    con = stage(MEMBERS, hukou=HUKOU + PUBLIC + list(hukou_extra), vehicles=vehicles)
    link_records(con, ["hukou", "vehicles"], config)
    rows = con.sql("SELECT record_id, household_id, member_no, method, score, decision, explanation "
                   "FROM links WHERE source = 'vehicles'").fetchall()
    found: dict = {}
    for r in rows:
        found.setdefault(r[0], []).append(dict(zip(("household_id", "member_no", "method", "score",
                                                     "decision", "explanation"), r[1:])))
    return found


def member_key(i: int) -> tuple[str, int]:
    return MEMBERS[i]["household_id"], MEMBERS[i]["member_no"]


def only(found: dict, record_id: str) -> dict:
    assert len(found.get(record_id, [])) == 1, found.get(record_id)
    return found[record_id][0]


def test_exact_and_normalized_ids_link_auto() -> None:
    m = [MEMBERS[i] for i in range(4)]
    ids = {"E": m[0]["id_number"], "F": m[1]["id_number"].translate(FULL_WIDTH),
           "L": m[2]["id_number"][:6] + m[2]["id_number"][8:17], "S": f"{m[3]['id_number'][:6]} {m[3]['id_number'][6:]}"}
    found = link([{"record_id": k, "id_number": v, "name": m[i]["name"]}
                  for i, (k, v) in enumerate(ids.items())])
    assert only(found, "E")["method"] == "exact"
    for i, key in enumerate("EFLS"):
        got = only(found, key)
        assert (got["household_id"], got["member_no"], got["decision"]) == (*member_key(i), "auto")
        assert got["method"] == ("exact" if key == "E" else "normalized")


@pytest.mark.parametrize("threshold, decision", [(0.9, "auto"), (0.9999999, "review")])
def test_fuzzy_typo_links_with_the_configured_decision(threshold: float, decision: str) -> None:
    m = MEMBERS[5]
    swapped = m["id_number"][:12] + m["id_number"][13] + m["id_number"][12] + m["id_number"][14:]
    found = link([{"record_id": "T", "id_number": substitute(m["id_number"], 8), "name": m["name"]}],
                 MatchConfig(auto_threshold=threshold))
    got = only(found, "T")
    assert (got["household_id"], got["member_no"], got["method"]) == (*member_key(5), "fuzzy")
    assert got["decision"] == decision
    if swapped != m["id_number"]:
        found = link([{"record_id": "W", "id_number": swapped, "name": m["name"]}])
        assert only(found, "W")["method"] == "fuzzy"


def test_homophone_and_traditional_names_with_exact_id_link_auto() -> None:
    m = MEMBERS[9]
    found = link([{"record_id": "H", "id_number": m["id_number"], "name": " " + m["name"][0] + " "
                   + m["name"][1:].replace("芳", "方")}])
    assert only(found, "H")["decision"] == "auto"


def test_record_without_id_links_by_name_for_review_only() -> None:
    unique = next(i for i, m in enumerate(MEMBERS)
                  if sum(x["name"] == m["name"] for x in MEMBERS + PUBLIC) == 1)
    record = [{"record_id": "X", "id_number": None, "name": MEMBERS[unique]["name"]}]
    got = only(link(record, MatchConfig(auto_threshold=0.2, review_threshold=0.1)), "X")
    assert (got["household_id"], got["member_no"], got["decision"]) == (*member_key(unique), "review")
    assert "X" not in link(record, MatchConfig(review_threshold=0.99))


def test_explain_lists_the_levels_and_weights_of_a_link() -> None:
    con = stage(MEMBERS, hukou=HUKOU + PUBLIC)
    link_records(con, ["hukou"])
    (entry,) = explain(con, "hukou", HUKOU[0]["record_id"])
    assert (entry["household_id"], entry["member_no"], entry["method"]) == (*member_key(0), "exact")
    fired = {(lv["comparison"], lv["level"]) for lv in entry["levels"]}
    assert {("id", "exact"), ("name", "exact")} <= fired
    assert all(isinstance(lv["weight"], float) for lv in entry["levels"])
    assert explain(con, "hukou", PUBLIC[0]["record_id"]) == []


def test_tables_follow_the_pipeline_contract() -> None:
    members = MEMBERS + [{"household_id": "HX", "member_no": 1, "relation": "本人", "name": "李四",
                          "id_number": "12345"}]
    con = stage(members, hukou=HUKOU)
    summary = link_records(con, ["hukou"])
    assert con.sql("DESCRIBE links").fetchall() and [
        (c[0], c[1]) for c in con.sql("DESCRIBE links").fetchall()] == [
        ("source", "VARCHAR"), ("record_id", "VARCHAR"), ("household_id", "VARCHAR"),
        ("member_no", "BIGINT"), ("method", "VARCHAR"), ("score", "DOUBLE"),
        ("decision", "VARCHAR"), ("explanation", "VARCHAR")]
    assert [c[0] for c in con.sql("DESCRIBE member_ids").fetchall()] == [
        "household_id", "member_no", "id_normalized", "id_problem", "name_normalized"]
    assert con.sql("SELECT id_normalized, id_problem FROM member_ids WHERE household_id = 'HX'"
                   ).fetchall() == [(None, "wrong length")]
    assert summary.total == len(HUKOU) and summary.by("decision") == {"auto": len(HUKOU)}
    for comparison in COMPARISONS:  # a weight learned for every level of every comparison
        assert set(summary.weights.m[comparison.name]) == set(summary.weights.u[comparison.name]) == set(
            comparison.labels), comparison.name
    assert not [t for (t,) in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()
                if t.startswith("_m_")]


def test_member_with_an_invalid_id_links_to_its_true_hukou_record() -> None:
    members = [dict(m) for m in MEMBERS]
    members[10]["id_number"] = substitute(MEMBERS[10]["id_number"], 15)
    con = stage(members, hukou=HUKOU + PUBLIC)
    link_records(con, ["hukou"])
    got = con.sql("SELECT household_id, member_no, method FROM links WHERE record_id = ?",
                  params=[HUKOU[10]["record_id"]]).fetchall()
    assert got == [(*member_key(10), "fuzzy")]
    assert con.sql("SELECT id_problem FROM member_ids WHERE household_id = ? AND member_no = ?",
                   params=list(member_key(10))).fetchall() == [("check digit mismatch",)]
