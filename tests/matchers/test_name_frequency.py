"""The term-frequency adjustment: a very common name agreeing is weaker evidence.

One staged warehouse: the background population with one name, 阿依古丽·吐尔逊,
carried by one person in twenty, a member with a name nobody else has, and
thirty vehicle records with true ID typos so the linker learns what a typo is worth.
"""

from __future__ import annotations

import json
import math

import pytest
from matcher_fixtures import background, stage

from matchers import link_records
from matchers.ids import check_digit

COMMON, RARE = "阿依古丽·吐尔逊", "诸葛晓岚"


def substitute(id18: str, pos: int, step: int = 1) -> str:
    """The ID with one digit replaced (a typo the check digit catches)."""
    return id18[:pos] + str((int(id18[pos]) + step) % 10) + id18[pos + 1:]


def stranger_id(member_id: str) -> str:
    """A valid ID two digits (positions 10 and 16) from the member's: another person."""
    body = substitute(substitute(member_id, 9), 15)[:17]
    return body + check_digit(body)


@pytest.fixture(scope="module")
def links() -> dict[str, list[dict]]:
    """Link the vehicles of the scenario; return links by record_id."""
    members, hukou, public = (list(map(dict, rows)) for rows in background())
    for rows in (members, hukou, public):
        for row in rows[::20]:
            row["name"] = COMMON
    members[1]["name"] = hukou[1]["name"] = RARE
    common_id, rare_id = members[0]["id_number"], members[1]["id_number"]
    other = stranger_id(common_id)
    typo_of_stranger = other[:15] + common_id[15] + other[16:]
    vehicles = [{"record_id": f"T{k}", "id_number": substitute(members[k]["id_number"], 9 + k % 8),
                 "name": members[k]["name"]} for k in range(100, 130)] + [
        {"record_id": "C", "id_number": typo_of_stranger, "name": COMMON},
        {"record_id": "R", "id_number": substitute(rare_id, 8), "name": RARE},
        {"record_id": "EC", "id_number": common_id, "name": COMMON},
        {"record_id": "ER", "id_number": rare_id, "name": RARE}]
    con = stage(members, hukou=hukou + public + [{"record_id": "HS", "id_number": other, "name": COMMON}],
                vehicles=vehicles)
    link_records(con, ["hukou", "vehicles"])
    found: dict[str, list[dict]] = {}
    for record_id, member_no, household, score, decision, explanation in con.sql(
            "SELECT record_id, member_no, household_id, score, decision, explanation FROM links "
            "WHERE source = 'vehicles'").fetchall():
        found.setdefault(record_id, []).append({"member": (household, member_no), "score": score,
                                                "decision": decision, "levels": json.loads(explanation)})
    return found


def tf_items(link: dict) -> list[dict]:
    return [lv for lv in link["levels"] if lv["comparison"] == "name_tf"]


def test_strangers_sharing_a_very_common_name_with_ids_one_typo_apart_are_not_linked_auto(links) -> None:
    assert links["C"] and all(link["decision"] != "auto" for link in links["C"])
    (item,) = tf_items(links["C"][0])
    assert item["level"] == "common_name" and item["weight"] < -1


def test_a_rare_name_with_an_id_typo_still_links_auto_without_adjustment(links) -> None:
    (link,) = links["R"]
    assert (link["member"], link["decision"]) == (("H00000", 2), "auto")
    assert tf_items(link) == []


def test_exact_id_links_are_unaffected_by_how_common_the_name_is(links) -> None:
    (common,), (rare,) = links["EC"], links["ER"]
    assert common["decision"] == rare["decision"] == "auto"
    assert tf_items(common) == [] and common["score"] == rare["score"]


def test_the_adjustment_is_one_explanation_item_counted_in_the_score(links) -> None:
    link = links["C"][0]
    assert all(set(lv) == {"comparison", "level", "weight"} for lv in link["levels"])
    total = sum(lv["weight"] for lv in link["levels"])
    assert math.isclose(link["score"], 1 / (1 + 2 ** -total), abs_tol=1e-3)
