"""A household in the register gets from ``hecha check`` exactly the flags its run gave it.

One code path, not a second matcher: every household of a generated drop is
checked against the data run its own run left, and its flags (status, value,
threshold, evidence records) must equal that run's ``flags.csv`` row for row.
The drop has the generator's noise — typos, legacy and invalid IDs,
namesakes, ties across households — so the tie and near-ID rules, which
look across households, are exercised too.
"""

from __future__ import annotations

import pandas as pd

from check_drops import AS_OF, register
from flows.check import DataRunCheck
from flows.check_input import validate_household


def _nightly_flags(root) -> dict:
    flags = pd.read_csv(root / "out" / "flags.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return {(r.household_id, r.rule_id): (r.status, r.value, r.threshold, r.evidence) for r in flags.itertuples()}


def _checked_flags(root) -> dict:
    check = DataRunCheck(root)
    found = {}
    for household in register(root):
        answer = check.check(validate_household(household, AS_OF), AS_OF)
        for flag in answer["flags"]:
            evidence = ";".join(sorted({f"{e['source']}:{e['record_id']}" for e in flag["evidence"]}))
            found[(household["household_id"], flag["rule_id"])] = (
                flag["status"], flag["value"], flag["threshold"], evidence)
    return found


def test_every_registered_household_gets_its_nightly_flags(checked_root):
    nightly, checked = _nightly_flags(checked_root), _checked_flags(checked_root)
    assert len(nightly) > 20, "the drop should raise flags of several rules"
    assert {status for status, *_ in nightly.values()} == {"breach", "review"}
    differing = {key: (nightly.get(key), checked.get(key)) for key in set(nightly) | set(checked)
                 if nightly.get(key) != checked.get(key)}
    assert differing == {}


def test_the_answer_names_the_data_run_and_the_date(checked_root):
    household = register(checked_root)[0]
    answer = DataRunCheck(checked_root).check(validate_household(household, AS_OF), AS_OF)
    manifest = pd.read_json(checked_root / "out" / "manifest.json", typ="series")
    assert answer["data_run_id"] == manifest["run_id"] and answer["as_of"] == AS_OF.isoformat()
    assert set(answer) == {"data_run_id", "as_of", "flags", "data_problems", "already_registered"}
