"""Every safety rule holds on the pair it names, and only the rule holds it.

Each scenario links one or two agency records against the background
population with thresholds so low (``EAGER``) that every kept link would be
``auto`` and a pair scoring next to nothing is kept: what stops a link then is
the rule alone. A review rule's scenario asserts the link is ``review`` and
that the rule names itself in the explanation; a refusal's asserts the pair
never became a link. ``SCENARIOS`` is keyed by rule name independently of
``matchers.safety``, so removing a rule there fails its scenario here, and
``test_every_safety_rule_has_a_scenario`` names a rule added without one.
"""

from __future__ import annotations

import json
from typing import Callable

import pytest
from matcher_fixtures import background, stage

from matchers import MatchConfig, link_records
from matchers.ids import check_digit
from matchers.safety import REFUSALS, REVIEW_RULES

MEMBERS, HUKOU, PUBLIC = background()
EAGER = MatchConfig(auto_threshold=1e-12, review_threshold=1e-12)


def substitute(id18: str, pos: int, step: int = 1) -> str:
    """The ID with one digit replaced (a typo the check digit catches)."""
    return id18[:pos] + str((int(id18[pos]) + step) % 10) + id18[pos + 1:]


def valid(body17: str) -> str:
    """The 17 digits with their check character."""
    return body17 + check_digit(body17)


def link(vehicles: list[dict], members: list[dict] = MEMBERS, hukou_extra: tuple = (),
         config: MatchConfig = EAGER) -> dict[str, list[dict]]:
    """Link the vehicles against the background; return links by record_id."""
    con = stage(members, hukou=HUKOU + PUBLIC + list(hukou_extra), vehicles=vehicles)
    link_records(con, ["hukou", "vehicles"], config)
    found: dict = {}
    for record_id, household_id, member_no, decision, explanation in con.sql(
            "SELECT record_id, household_id, member_no, decision, explanation FROM links "
            "WHERE source = 'vehicles' ORDER BY ALL").fetchall():
        safety = [item["level"] for item in json.loads(explanation) if item["comparison"] == "safety"]
        found.setdefault(record_id, []).append({"member": (household_id, member_no), "decision": decision,
                                                "safety": safety})
    return found


def member_key(member: dict) -> tuple[str, int]:
    return member["household_id"], member["member_no"]


def held(found: dict, record_id: str, rule: str, members: list[dict]) -> None:
    """The record links exactly to ``members``, each for review, held by ``rule``."""
    assert [x["member"] for x in found.get(record_id, [])] == sorted(member_key(m) for m in members), found
    assert all(x["decision"] == "review" and x["safety"] == [rule] for x in found[record_id]), found


def exact_id_name_differs() -> None:
    m = MEMBERS[6]
    held(link([{"record_id": "D", "id_number": m["id_number"], "name": "欧阳娜娜"}]), "D",
         "exact_id_name_differs", [m])


def implausible_id() -> None:
    m = MEMBERS[14]  # province code 90 does not exist; the check digit still holds: made up
    made_up = valid("9" + m["id_number"][1:17])
    held(link([{"record_id": "M", "id_number": made_up, "name": m["name"]}]), "M", "implausible_id", [m])


def different_valid_id() -> None:
    m = MEMBERS[7]  # a namesake with a valid ID of the same region and birth date, unknown to hukou
    namesake = valid(m["id_number"][:14] + f"{(int(m['id_number'][14:17]) + 2) % 1000:03d}")
    held(link([{"record_id": "N", "id_number": namesake, "name": m["name"]}]), "N", "different_valid_id", [m])


def no_usable_id() -> None:
    unique = next(m for m in MEMBERS if sum(x["name"] == m["name"] for x in MEMBERS + PUBLIC) == 1)
    held(link([{"record_id": "X", "id_number": None, "name": unique["name"]}]), "X", "no_usable_id", [unique])


def id_similarity_only() -> None:
    m = MEMBERS[5]
    held(link([{"record_id": "T", "id_number": substitute(m["id_number"], 15), "name": "欧阳娜娜"}]), "T",
         "id_similarity_only", [m])


def several_members() -> None:
    m = MEMBERS[3]  # the same person registered in a second household
    twin = dict(m, household_id="HTWIN", member_no=1)
    held(link([{"record_id": "S", "id_number": m["id_number"], "name": m["name"]}], MEMBERS + [twin]), "S",
         "several_members", [m, twin])


def several_ids_near_member() -> None:
    true_id = MEMBERS[11]["id_number"]
    members = [dict(m) for m in MEMBERS]
    members[11]["id_number"] = substitute(true_id, 15)
    rival = valid(true_id[:15] + str((int(true_id[15]) + 2) % 10) + true_id[16])
    found = link([{"record_id": "A", "id_number": true_id, "name": MEMBERS[11]["name"]},
                  {"record_id": "B", "id_number": rival, "name": MEMBERS[11]["name"]}], members)
    for record_id in "AB":
        held(found, record_id, "several_ids_near_member", [MEMBERS[11]])


def id_held_by_a_member() -> None:
    m = MEMBERS[20]  # another member born the same day in the same county carries the record's name
    other = dict(MEMBERS[21], household_id="HSAME", member_no=1, name="诸葛晓岚",
                 id_number=valid(m["id_number"][:14] + f"{(int(m['id_number'][14:17]) + 2) % 1000:03d}"))
    wide = MatchConfig(auto_threshold=1e-12, review_threshold=1e-12, tie_margin=0.99)  # every candidate kept
    found = link([{"record_id": "O", "id_number": m["id_number"], "name": other["name"]}], MEMBERS + [other],
                 config=wide)
    assert [x["member"] for x in found["O"]] == [member_key(m)], found


def id_held_by_another_person() -> None:
    m = MEMBERS[8]  # a sequence neighbour of the member, a real person in hukou, with the member's name
    neighbour = valid(m["id_number"][:14] + f"{(int(m['id_number'][14:17]) + 2) % 1000:03d}")
    found = link([{"record_id": "Q", "id_number": neighbour, "name": m["name"]}],
                 hukou_extra=({"record_id": "HQ", "id_number": neighbour, "name": m["name"]},))
    assert "Q" not in found, found


def too_many_namesakes() -> None:
    shared = [m for m in MEMBERS if sum(x["name"] == m["name"] for x in MEMBERS) == 2][:2]
    record = [{"record_id": "Y", "id_number": None, "name": shared[0]["name"]}]
    assert len(link(record)["Y"]) == 2
    assert "Y" not in link(record, config=MatchConfig(auto_threshold=1e-12, review_threshold=1e-12,
                                                        max_name_block=1))


SCENARIOS: dict[str, Callable[[], None]] = {
    "exact_id_name_differs": exact_id_name_differs, "implausible_id": implausible_id,
    "different_valid_id": different_valid_id, "no_usable_id": no_usable_id,
    "id_similarity_only": id_similarity_only, "several_members": several_members,
    "several_ids_near_member": several_ids_near_member, "id_held_by_a_member": id_held_by_a_member,
    "id_held_by_another_person": id_held_by_another_person, "too_many_namesakes": too_many_namesakes,
}


@pytest.mark.parametrize("rule", SCENARIOS)
def test_the_safety_rule_holds_on_its_scenario(rule: str) -> None:
    SCENARIOS[rule]()


@pytest.mark.parametrize("rule", [r.name for r in (*REFUSALS, *REVIEW_RULES)])
def test_every_safety_rule_has_a_scenario(rule: str) -> None:
    assert rule in SCENARIOS, f"safety rule {rule} has no scenario in tests/matchers/test_safety_rules.py"
