"""Decision files: every refusal names its row and column; a good file records only what changes.

Refusals are read by auditors, so their exact words are checked (file, row, column, value,
what to do); expected dates and texts are worked out by hand from the interface (§5).
"""
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


# The exact words of each refusal, and the edges of what a row records (the mutation check found
# these unguarded).

def test_the_refusal_names_the_file_and_puts_each_problem_on_its_own_indented_line() -> None:
    with pytest.raises(review.DecisionFileError) as refused:
        _validate(_sheet({"state": "closed"}, {"household_id": "H9"}))
    lines = str(refused.value).splitlines()
    assert lines[0] == "decision file sheet.csv refused, nothing recorded; 2 problem(s):"
    assert lines[1].startswith("  row 2, column state, value 'closed': unknown state (one of to_verify/待核实, ")
    assert lines[2] == "  row 3, column household_id, value 'H9': no case (H9, VEHICLE_OWNED) in the latest run"
    assert len(lines) == 3


def test_a_file_without_the_decision_columns_is_refused_by_its_name() -> None:
    with pytest.raises(review.DecisionFileError) as refused:
        _validate(pd.DataFrame({"household_id": ["H1"], "verdict": ["ok"]}))
    assert str(refused.value).startswith("decision file sheet.csv refused, nothing recorded; 1 problem(s):\n")


@pytest.mark.parametrize(("text", "day"), [
    ("2026-11-30", date(2026, 11, 30)), ("2026/11/30", date(2026, 11, 30)), ("20261130", date(2026, 11, 30)),
    ("2026-11-30 08:15:00", date(2026, 11, 30)), ("2026-11-30T08:15:00", date(2026, 11, 30)),
    ("2026/11/30T08:15", date(2026, 11, 30)),
    ("2026W481", None),      # an ISO week date (Python would read it): not one of the three forms
    ("2026-11", None), ("30/11/2026", None), ("2026-02-30", None), ("2026113", None), ("", None),
])
def test_parse_day_reads_the_three_written_forms_and_nothing_else(text: str, day: date | None) -> None:
    assert review.parse_day(text) == day


@pytest.mark.parametrize(("sheet", "log", "expected"), [
    ({"decided_on": "2026-02-30"}, None,
     "row 2, column decided_on, value '2026-02-30': not a date (YYYY-MM-DD)"),
    ({"state": "notified", "last_decision_at": "2026-11-01T00:00:00.000000Z"},
     decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30")),
     "row 2, column last_decision_at, value '2026-11-01T00:00:00.000000Z': "
     "the case was decided again since this sheet was made: export the cases again"),
    ({"state": "notified", "decided_on": "2026-11-29"}, decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30")),
     "row 2, column decided_on, value '2026-11-29': before the case's latest decision (2026-11-30)"),
    ({"state": "confirmed_ineligible", "decided_on": "2026-10-30"},
     decisions(("H1", "VEHICLE_OWNED", A, "notified", "2026-10-01")),
     "row 2, column state, value 'confirmed_ineligible': the contest period runs until 2026-10-31 "
     "(notified on 2026-10-01, contest_days 30): confirm on or after it"),
])
def test_each_refusal_is_worded_exactly(sheet: dict, log: pd.DataFrame | None, expected: str) -> None:
    assert _problems(_sheet(sheet), log) == [expected]


def test_a_second_row_for_the_same_case_is_named_and_later_rows_are_still_checked() -> None:
    problems = _problems(_sheet({}, {"state": "notified"}, {"household_id": "H9"}))
    assert problems == ["row 3, column rule_id, value 'VEHICLE_OWNED': the same case is on row 2",
                        "row 4, column household_id, value 'H9': no case (H9, VEHICLE_OWNED) in the latest run"]


def test_a_row_without_a_state_is_skipped_and_the_rows_after_it_are_read() -> None:
    decided = _validate(_sheet({"state": ""}, {"household_id": "H2", "rule_id": "INCOME_OVER_LIMIT",
                                               "fingerprint": B, "state": "verifying"}))
    assert decided[["household_id", "state"]].values.tolist() == [["H2", "verifying"]]


def test_a_decision_dated_today_is_recorded() -> None:
    assert _validate(_sheet({"decided_on": DAY.isoformat()}))["decided_on"].tolist() == [DAY]


def test_only_the_required_columns_give_todays_date_the_default_reviewer_and_no_note() -> None:
    rules = review.DecisionRules(today=DAY, reviewer="李核查", contest_days=lambda day: 30)
    sheet = pd.DataFrame([{"household_id": "H1", "rule_id": "VEHICLE_OWNED", "fingerprint": A, "state": "verifying"}])
    decided = _validate(sheet, rules=rules)
    assert decided.values.tolist() == [["H1", "VEHICLE_OWNED", A, "verifying", "李核查", DAY, ""]]


def test_empty_cells_read_from_a_file_are_empty_text() -> None:
    rules = review.DecisionRules(today=DAY, reviewer="李核查", contest_days=lambda day: 30)
    sheet = _sheet({"reviewer": None, "note": None, "decided_on": None}).astype("str")  # empty cells of text columns are NaN
    decided = _validate(sheet, rules=rules)
    assert decided[["reviewer", "decided_on", "note"]].values.tolist() == [["李核查", DAY, ""]]


def test_columns_without_a_header_are_ignored() -> None:
    sheet = _sheet({})
    sheet[""], sheet["  "] = "x", "y"
    assert _validate(sheet)["state"].tolist() == ["verifying"]


def test_the_recorded_decisions_have_the_log_columns_in_order() -> None:
    assert list(_validate(_sheet({"last_decision_at": ""}), rules=RULES).columns) == [
        "household_id", "rule_id", "fingerprint", "state", "reviewer", "decided_on", "note"]
    assert list(_validate(_sheet({"state": ""})).columns) == [
        "household_id", "rule_id", "fingerprint", "state", "reviewer", "decided_on", "note"]


def test_a_notified_case_may_move_to_an_open_state_inside_its_contest_period() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "notified", "2026-11-20"))
    assert _validate(_sheet({"state": "data_outdated", "decided_on": "2026-11-25"}), log)["state"].tolist() == \
        ["data_outdated"]


def test_repeating_the_current_state_records_a_new_note_but_not_the_same_note_again() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-20"))
    log["note"] = "已电话联系"
    assert _validate(_sheet({"note": "已电话联系"}), log).empty
    assert _validate(_sheet({"note": "已上门核实"}), log)["note"].tolist() == ["已上门核实"]


def test_the_stale_sheet_check_finds_a_bilingual_last_decision_at_header() -> None:
    log = decisions(("H1", "VEHICLE_OWNED", A, "verifying", "2026-11-30"))
    sheet = _sheet({"state": "notified", "last_decision_at": ""}, last_decision_at="上次决定 last_decision_at")
    assert "decided again since this sheet was made" in _problems(sheet, log)[0]
