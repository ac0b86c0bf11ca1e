"""Exit candidates and false-flag rates from a known set of decisions.

The expected rows are counted by hand from the small case and decision tables below.
"""
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


def test_no_confirmed_case_gives_an_empty_exit_list_with_its_columns() -> None:
    exits = review.exit_candidates(review.with_states(CASES, decisions()))
    assert exits.empty and list(exits.columns) == ["household_id", "rule_ids", "decided_on", "reviewers"]


def test_a_household_confirmed_on_several_rules_is_one_exit_row_with_every_rule_and_reviewer() -> None:
    both = cases(("H1", "INCOME_OVER_LIMIT", f"{1:064d}", "1", ""), ("H1", "VEHICLE_OWNED", f"{2:064d}", "1", ""))
    log = decisions(("H1", "VEHICLE_OWNED", f"{2:064d}", "confirmed_ineligible", "2026-11-20"),
                    ("H1", "INCOME_OVER_LIMIT", f"{1:064d}", "confirmed_ineligible", "2026-11-24"))
    log.loc[1, "reviewer"] = "李核查"
    exits = review.exit_candidates(review.with_states(both, log))
    assert exits.values.tolist() == [["H1", "INCOME_OVER_LIMIT;VEHICLE_OWNED", "2026-11-24", "李核查;王审核"]]


def test_rates_come_in_key_order_per_dimension() -> None:
    rates = review.false_flag_rates(review.with_states(CASES, LOG), EVIDENCE)
    assert rates[["dimension", "key"]].values.tolist() == [
        ["rule", "INCOME_OVER_LIMIT"], ["rule", "VEHICLE_OWNED"],
        ["method", "exact"], ["method", "fuzzy"], ["method", "none"], ["method", "normalized"]]


def test_a_run_without_cases_has_an_empty_rate_table_with_its_columns() -> None:
    rates = review.false_flag_rates(review.with_states(cases(), decisions()), EVIDENCE.iloc[:0])
    assert rates.empty and list(rates.columns) == ["dimension", "key", "decided", "false_match", "rate"]
