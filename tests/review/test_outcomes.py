"""Exit candidates and false-flag rates from a known set of decisions."""
from __future__ import annotations

import pandas as pd

import review
from tests.review.conftest import cases, decisions

RULES = ["VEHICLE_OWNED"] * 4 + ["INCOME_OVER_LIMIT"] * 2
CASES = cases(*[(f"H{i}", rule, f"{i:064d}", "1", "") for i, rule in enumerate(RULES, 1)])
LOG = decisions(
    ("H1", "VEHICLE_OWNED", f"{1:064d}", "confirmed_ineligible", "2026-11-20"),
    ("H2", "VEHICLE_OWNED", f"{2:064d}", "false_match", "2026-11-21"),
    ("H3", "VEHICLE_OWNED", f"{3:064d}", "confirmed_eligible", "2026-11-22"),
    ("H4", "VEHICLE_OWNED", f"{4:064d}", "notified", "2026-11-22"),          # open: not decided
    ("H5", "INCOME_OVER_LIMIT", f"{5:064d}", "false_match", "2026-11-23"),
)
EVIDENCE = pd.DataFrame(
    [("H1", "VEHICLE_OWNED", "exact"), ("H2", "VEHICLE_OWNED", "exact"), ("H2", "VEHICLE_OWNED", "fuzzy"),
     ("H3", "VEHICLE_OWNED", "normalized"), ("H5", "INCOME_OVER_LIMIT", "fuzzy"), ("H6", "INCOME_OVER_LIMIT", None)],
    columns=["household_id", "rule_id", "method"])


def test_exit_candidates_are_the_confirmed_ineligible_households() -> None:
    exits = review.exit_candidates(review.with_states(CASES, LOG))
    assert exits.values.tolist() == [["H1", "VEHICLE_OWNED", "2026-11-20", "王审核"]]


def test_false_flag_rate_per_rule_and_per_weakest_link_method() -> None:
    rates = review.false_flag_rates(review.with_states(CASES, LOG), EVIDENCE).set_index(["dimension", "key"])
    assert rates.loc[("rule", "VEHICLE_OWNED"), ["decided", "false_match", "rate"]].tolist() == [3, 1, 1 / 3]
    assert rates.loc[("rule", "INCOME_OVER_LIMIT"), ["decided", "false_match", "rate"]].tolist() == [1, 1, 1.0]
    assert rates.loc[("method", "fuzzy"), ["decided", "false_match"]].tolist() == [2, 2]   # H2 counts as fuzzy
    assert rates.loc[("method", "exact"), ["decided", "false_match"]].tolist() == [1, 0]
    assert rates.loc[("method", "none"), ["decided", "false_match"]].tolist() == [0, 0]
    assert pd.isna(rates.loc[("method", "none"), "rate"])
