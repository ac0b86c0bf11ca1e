"""Decision files: every refusal names its row and column; a good file records only what changes."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

import review
from tests.review.conftest import DAY, cases, decisions

A, B = "a" * 64, "b" * 64
CASES = cases(("H1", "VEHICLE_OWNED", A, "1", ""), ("H2", "INCOME_OVER_LIMIT", B, "950.00", ""))
RULES = review.DecisionRules(today=DAY, reviewer=None, contest_days=lambda day: 30)


def _sheet(*rows: dict, **columns: str) -> pd.DataFrame:
    base = {"household_id": "H1", "rule_id": "VEHICLE_OWNED", "fingerprint": A, "state": "verifying",
            "reviewer": "王审核", "decided_on": "2026-11-30", "note": ""}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    return frame.rename(columns=columns)


def _validate(sheet: pd.DataFrame, log: pd.DataFrame | None = None, rules: review.DecisionRules = RULES):
    current = review.with_states(CASES, decisions() if log is None else log)
    return review.validate_decisions(sheet, current, rules, "sheet.csv")


def _problems(sheet: pd.DataFrame, log: pd.DataFrame | None = None, rules: review.DecisionRules = RULES) -> list[str]:
    with pytest.raises(review.DecisionFileError) as refused:
        _validate(sheet, log, rules)
    assert "nothing recorded" in str(refused.value)
    return refused.value.problems


def test_a_good_row_is_recorded_with_its_state_id() -> None:
    decided = _validate(_sheet({"state": "核实中"}))
    assert decided[["household_id", "state", "reviewer", "decided_on"]].values.tolist() == \
        [["H1", "verifying", "王审核", date(2026, 11, 30)]]


def test_headers_count_by_their_last_word_and_the_workbook_state_form() -> None:
    sheet = _sheet({"state": "已告知 notified"}, state="处理状态 state", household_id="户编号 household_id")
    assert _validate(sheet)["state"].tolist() == ["notified"]


def test_empty_state_and_the_current_state_record_nothing() -> None:
    assert _validate(_sheet({"state": ""}, {"household_id": "H2", "rule_id": "INCOME_OVER_LIMIT",
                                             "fingerprint": B, "state": "to_verify"})).empty


def test_importing_the_same_decisions_again_records_nothing_new() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30"))
    assert _validate(_sheet({}), log).empty


@pytest.mark.parametrize(("row", "expected"), [
    ({"state": "closed"}, "row 2, column state, value 'closed': unknown state"),
    ({"household_id": "H9"}, "row 2, column household_id, value 'H9': no case (H9, VEHICLE_OWNED)"),
    ({"fingerprint": B}, "row 2, column fingerprint, value 'bbbbbbbbbbbb…': the evidence changed"),
    ({"reviewer": ""}, "row 2, column reviewer: no reviewer"),
    ({"decided_on": "2026-12-02"}, "row 2, column decided_on, value '2026-12-02': in the future"),
    ({"decided_on": "2026-02-30"}, "row 2, column decided_on, value '2026-02-30': not a date"),
    ({"note": "身份证 530102199001011234 已核"}, "row 2, column note: looks like it holds an ID number"),
])
def test_each_bad_row_is_named_and_nothing_is_recorded(row: dict, expected: str) -> None:
    assert any(p.startswith(expected) for p in _problems(_sheet(row))), expected


def test_every_problem_of_the_file_is_reported_together() -> None:
    problems = _problems(_sheet({}, {"household_id": "H2", "rule_id": "INCOME_OVER_LIMIT", "fingerprint": B,
                                     "state": "nonsense"}, {"state": "verifying"}))
    assert [p.split(",")[0] for p in problems] == ["row 3", "row 4"]
    assert "the same case is on row 2" in problems[1]


def test_the_reviewer_option_fills_rows_without_one() -> None:
    rules = review.DecisionRules(today=DAY, reviewer="李核查", contest_days=lambda day: 30)
    assert _validate(_sheet({"reviewer": ""}), rules=rules)["reviewer"].tolist() == ["李核查"]


def test_a_decision_dated_before_the_latest_one_is_refused() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30"))
    assert "before the case's latest decision (2026-11-30)" in _problems(
        _sheet({"state": "notified", "decided_on": "2026-11-29"}), log)[0]


@pytest.mark.parametrize(("days_after", "refused"), [(29, True), (30, False)])
def test_confirming_ineligible_waits_for_the_contest_period(days_after: int, refused: bool) -> None:
    notified = date(2026, 10, 1)
    log = decisions(("H1", "VEHICLE_OWNED", A, "notified", notified.isoformat()))
    sheet = _sheet({"state": "confirmed_ineligible", "decided_on": (notified + timedelta(days_after)).isoformat()})
    if refused:
        assert "the contest period runs until 2026-10-31 (notified on 2026-10-01, contest_days 30)" in \
            _problems(sheet, log)[0]
    else:
        assert _validate(sheet, log)["state"].tolist() == ["confirmed_ineligible"]


def test_the_contest_period_in_force_on_the_notice_date_applies() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "notified", "2026-10-01"))
    rules = review.DecisionRules(today=DAY, reviewer=None, contest_days=lambda day: 60 if day.month == 10 else 30)
    sheet = _sheet({"state": "confirmed_ineligible", "decided_on": "2026-11-29"})  # 59 days: refused under 60
    assert "runs until 2026-11-30" in _problems(sheet, log, rules)[0]


def test_a_sheet_made_before_the_latest_decision_is_stale() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30"))
    sheet = _sheet({"state": "notified", "last_decision_at": ""})
    assert "decided again since this sheet was made" in _problems(sheet, log)[0]
    current = review.with_states(CASES, log).set_index("household_id").loc["H1", "last_decision_at"]
    assert _validate(_sheet({"state": "notified", "last_decision_at": current}), log)["state"].tolist() == ["notified"]


def test_a_file_without_the_decision_columns_is_not_a_decision_file() -> None:
    problems = _problems(pd.DataFrame({"household_id": ["H1"], "verdict": ["ok"]}))
    assert problems == ["not a decision file: no column rule_id, fingerprint, state "
                        "(needs household_id, rule_id, fingerprint, state)"]
