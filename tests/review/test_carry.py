"""Carry-over: decisions give cases their state on the next run, changed evidence reopens them."""
from __future__ import annotations

import pandas as pd

import review
from tests.review.conftest import NO_DECISIONS, cases, decisions

A, B = "a" * 64, "b" * 64
NOW = cases(("H1", "VEHICLE_OWNED", A, "1", "vehicles:V1@1=11"),
            ("H2", "INCOME_OVER_LIMIT", B, "950.00", "hr:R1@1=22;hr:R2@2=33"))
SNAPSHOTS = pd.DataFrame([("H2", "INCOME_OVER_LIMIT", "c" * 64, "900.00", "0", "hr:R1@1=99;hr:R9@1=44")],
                         columns=["household_id", "rule_id", "fingerprint", "value", "threshold", "record_hashes"])


def _state(book: review.CaseBook, household: str) -> pd.Series:
    return book.cases.set_index("household_id").loc[household]


def test_undecided_cases_are_to_verify() -> None:
    book = review.carry_over(NOW, NO_DECISIONS, SNAPSHOTS, None)
    assert book.cases["state"].tolist() == ["to_verify", "to_verify"]
    assert book.counts["by_state"]["to_verify"] == 2 and book.counts["carried"] == 0


def test_same_fingerprint_takes_the_latest_decision() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"),
                    ("H1", "VEHICLE_OWNED", A, "confirmed_eligible", "2026-11-25"))
    book = review.carry_over(NOW, log, SNAPSHOTS, None)
    assert (_state(book, "H1")["state"], _state(book, "H1")["carry"]) == ("confirmed_eligible", "carried")
    assert book.counts["carried"] == 1 and book.counts["by_state"]["confirmed_eligible"] == 1


def test_latest_is_by_decision_date_then_by_recording_order() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "notified", "2026-11-25"),
                    ("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"),
                    ("H1", "VEHICLE_OWNED", A, "false_match", "2026-11-25"))
    assert _state(review.carry_over(NOW, log, SNAPSHOTS, None), "H1")["state"] == "false_match"


def test_changed_fingerprint_reopens_and_says_what_changed() -> None:
    log = decisions(("H2", "INCOME_OVER_LIMIT", "c" * 64, "confirmed_eligible", "2026-11-20"))
    case = _state(review.carry_over(NOW, log, SNAPSHOTS, None), "H2")
    assert (case["state"], case["carry"]) == ("to_verify", "reopened")
    assert (case["records_new"], case["records_gone"], case["records_changed"]) == ("hr:R2", "hr:R9", "hr:R1")
    assert (case["value_before"], case["threshold_before"]) == ("900.00", "")


def test_a_decided_case_that_no_longer_fires_is_closed_as_resolved() -> None:
    log = decisions(("H3", "VEHICLE_OWNED", "d" * 64, "verifying", "2026-11-20"))
    previous = pd.DataFrame([("H3", "VEHICLE_OWNED", "d" * 64), ("H4", "VEHICLE_OWNED", "e" * 64)],
                            columns=["household_id", "rule_id", "fingerprint"])
    book = review.carry_over(NOW, log, SNAPSHOTS, previous)
    assert book.resolved.values.tolist() == [["H3", "VEHICLE_OWNED", "verifying"]]  # H4 had no decision
    assert book.counts["resolved"] == 1


def test_last_decision_at_is_fixed_utc_text() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"))
    assert _state(review.carry_over(NOW, log, SNAPSHOTS, None), "H1")["last_decision_at"] == \
        "2026-12-01T08:01:00.000000Z"
