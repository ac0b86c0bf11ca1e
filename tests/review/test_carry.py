"""Carry-over: decisions give cases their state on the next run, changed evidence reopens them.

Besides the state, the case book carries what the report and ``changes.csv`` show
(carry, last_decision_at, what changed, counts, the resolved and previous cases);
each is checked against values worked out by hand from the small tables here.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd

import review
from review.carry import CHANGE_COLUMNS
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


# What the case book says besides the state (the mutation check found these unguarded).

THREE = cases(("H1", "VEHICLE_OWNED", A, "1", "vehicles:V1@1=11"),
              ("H2", "INCOME_OVER_LIMIT", B, "950.00", "hr:R1@1=22;hr:R2@2=33"),
              ("H5", "VEHICLE_OWNED", "f" * 64, "2", "vehicles:V5@1=55"))


def test_stamp_reads_a_naive_moment_as_utc_and_converts_an_aware_one_to_utc() -> None:
    assert review.stamp(pd.Timestamp("2026-12-01 08:01:02.5")) == "2026-12-01T08:01:02.500000Z"
    assert review.stamp(datetime(2026, 12, 1, 16, 1, tzinfo=timezone(timedelta(hours=8)))) == \
        "2026-12-01T08:01:00.000000Z"
    assert review.stamp(None) == review.stamp(pd.NaT) == ""


def test_an_undecided_case_carries_nothing_and_says_nothing_changed() -> None:
    book = review.carry_over(NOW, NO_DECISIONS, SNAPSHOTS, None)
    assert book.cases["carry"].tolist() == ["", ""]
    assert book.cases["last_decision_at"].tolist() == ["", ""]
    assert book.cases[CHANGE_COLUMNS].values.tolist() == [[""] * 5, [""] * 5]


def test_a_carried_case_says_nothing_changed() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"))
    case = _state(review.carry_over(NOW, log, SNAPSHOTS, None), "H1")
    assert case["carry"] == "carried" and case[CHANGE_COLUMNS].tolist() == [""] * 5


def test_counts_give_every_state_and_the_cases_carried_reopened_and_resolved() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"),
                    ("H2", "INCOME_OVER_LIMIT", "c" * 64, "confirmed_eligible", "2026-11-20"))
    book = review.carry_over(THREE, log, SNAPSHOTS, None)
    assert book.counts == {
        "by_state": {"to_verify": 2, "verifying": 1, "notified": 0, "confirmed_ineligible": 0,
                     "confirmed_eligible": 0, "false_match": 0, "data_outdated": 0},
        "carried": 1, "reopened": 1, "resolved": 0}


def test_a_reopened_case_whose_decided_evidence_was_not_kept_says_nothing_changed() -> None:
    log = decisions(("H2", "INCOME_OVER_LIMIT", "9" * 64, "confirmed_eligible", "2026-11-20"))  # no snapshot of 999…
    case = _state(review.carry_over(NOW, log, SNAPSHOTS, None), "H2")
    assert (case["state"], case["carry"]) == ("to_verify", "reopened")
    assert case[CHANGE_COLUMNS].tolist() == [""] * 5


def test_what_changed_lists_every_record_new_gone_and_changed_and_the_threshold_before() -> None:
    now = cases(("H2", "INCOME_OVER_LIMIT", B, "950.00", "hr:R1@1=22;hr:R2@2=33;hr:R3@1=44;hr:R4@1=55;hr:R7@1=77"))
    before = pd.DataFrame([("H2", "INCOME_OVER_LIMIT", "c" * 64, "950.00", "1",
                            "hr:R1@1=99;hr:R2@1=33;hr:R7@1=77;hr:R8@1=11;hr:R9@1=44")], columns=SNAPSHOTS.columns)
    log = decisions(("H2", "INCOME_OVER_LIMIT", "c" * 64, "confirmed_eligible", "2026-11-20"))
    case = _state(review.carry_over(now, log, before, None), "H2")
    assert case[CHANGE_COLUMNS].tolist() == ["hr:R3;hr:R4", "hr:R8;hr:R9", "hr:R1;hr:R2", "", "1"]


def test_after_a_snapshot_without_records_every_record_is_new() -> None:
    before = pd.DataFrame([("H2", "INCOME_OVER_LIMIT", "c" * 64, "950.00", "0", "")], columns=SNAPSHOTS.columns)
    log = decisions(("H2", "INCOME_OVER_LIMIT", "c" * 64, "confirmed_eligible", "2026-11-20"))
    case = _state(review.carry_over(NOW, log, before, None), "H2")
    assert (case["records_new"], case["records_gone"], case["records_changed"]) == ("hr:R1;hr:R2", "", "")


def test_a_record_id_holding_an_at_sign_is_named_whole_in_what_changed() -> None:
    now = cases(("H1", "VEHICLE_OWNED", A, "1", "vehicles:V@7@1=11"))
    before = pd.DataFrame([("H1", "VEHICLE_OWNED", "c" * 64, "1", "0", "vehicles:V@7@1=99")], columns=SNAPSHOTS.columns)
    log = decisions(("H1", "VEHICLE_OWNED", "c" * 64, "verifying", "2026-11-20"))
    assert _state(review.carry_over(now, log, before, None), "H1")["records_changed"] == "vehicles:V@7"


def test_a_first_run_has_empty_resolved_and_before_tables_with_their_columns() -> None:
    book = review.carry_over(NOW, NO_DECISIONS, SNAPSHOTS, None)
    assert list(book.resolved.columns) == list(book.before.columns) == ["household_id", "rule_id", "state"]
    assert book.resolved.empty and book.before.empty
    assert book.decisions is NO_DECISIONS


def test_resolved_cases_come_in_key_order_numbered_from_zero_and_before_holds_the_previous_states() -> None:
    log = decisions(("H4", "VEHICLE_OWNED", "e" * 64, "notified", "2026-11-20"),
                    ("H3", "VEHICLE_OWNED", "d" * 64, "verifying", "2026-11-20"))
    previous = pd.DataFrame([("H1", "VEHICLE_OWNED", A), ("H4", "VEHICLE_OWNED", "e" * 64),
                             ("H3", "VEHICLE_OWNED", "d" * 64)], columns=["household_id", "rule_id", "fingerprint"])
    book = review.carry_over(NOW, log, SNAPSHOTS, previous)
    assert book.resolved.values.tolist() == [["H3", "VEHICLE_OWNED", "verifying"], ["H4", "VEHICLE_OWNED", "notified"]]
    assert book.resolved.index.tolist() == [0, 1]
    assert book.before.values.tolist() == [["H1", "VEHICLE_OWNED", "to_verify"], ["H4", "VEHICLE_OWNED", "notified"],
                                           ["H3", "VEHICLE_OWNED", "verifying"]]


def test_a_run_without_flags_gives_an_empty_case_book_that_still_has_the_change_columns() -> None:
    book = review.carry_over(cases(), NO_DECISIONS, SNAPSHOTS, None)
    assert book.cases.empty and set(CHANGE_COLUMNS) <= set(book.cases.columns)
    assert book.counts["by_state"]["to_verify"] == 0
