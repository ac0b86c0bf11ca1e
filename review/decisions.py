"""Decision files: validate an auditor's sheet against the run's cases, all or nothing.

A decision file (the export, report.xlsx's case sheet, any CSV/XLSX) has the
columns ``household_id, rule_id, fingerprint, state`` and optionally
``decided_on``, ``reviewer``, ``note`` and ``last_decision_at``; a header
counts by its last word, so ``处理状态 state`` is ``state``. Rows with an empty
state carry no decision; a row whose state is the case's current state (and
whose note adds nothing) records nothing, so importing a file twice records
nothing new. Every problem is collected, each naming its row as a spreadsheet
numbers it (the header is row 1), and the file is refused whole if any is found.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from review.carry import KEY
from review.states import BY_ID, parse_state

REQUIRED = ("household_id", "rule_id", "fingerprint", "state")
OPTIONAL = ("decided_on", "reviewer", "note", "last_decision_at")
RECORDED = ["household_id", "rule_id", "fingerprint", "state", "reviewer", "decided_on", "note"]
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]")
_STATES = ", ".join(f"{s.id}/{s.label_zh}" for s in BY_ID.values())


class DecisionFileError(ValueError):
    """A decision file refused whole; ``problems`` names each row and problem."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        super().__init__(f"decision file {file_name} refused, nothing recorded; {len(problems)} problem(s):\n"
                         + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class DecisionRules:
    """What a row is checked against: today's date, the default reviewer, the contest period."""

    today: date
    reviewer: str | None
    contest_days: Callable[[date], int]


def decision_columns(frame: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """The file's decision columns under their ids (a header counts by its last word)."""
    names = {str(c).split()[-1] if str(c).split() else "": c for c in frame.columns}
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DecisionFileError(file_name, [f"not a decision file: no column {', '.join(missing)} "
                                            f"(needs {', '.join(REQUIRED)})"])
    picked = {c: frame[names[c]] if c in names else "" for c in (*REQUIRED, *OPTIONAL)}
    return pd.DataFrame(picked, index=frame.index).fillna("").astype(str).apply(lambda s: s.str.strip())


def _problem(row: int, column: str, value: str, what: str) -> str:
    shown = f", value {value!r}" if value else ""
    return f"row {row}, column {column}{shown}: {what}"


def parse_day(text: str) -> date | None:
    """A date as the extracts write it (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD; a time after it ignored)."""
    day = text.replace("T", " ").split(" ")[0].replace("/", "-")
    if len(day) == 8 and day.isdigit():
        day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    try:
        return date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return None


def _decided_on(row: int, text: str, rules: DecisionRules, problems: list[str]) -> date | None:
    """The row's decision date: the import day when empty, never after it."""
    if not text:
        return rules.today
    day = parse_day(text)
    if day is None:
        problems.append(_problem(row, "decided_on", text, "not a date (YYYY-MM-DD)"))
    elif day > rules.today:
        problems.append(_problem(row, "decided_on", text, f"in the future (today is {rules.today})"))
        return None
    return day


def _case_problems(row: int, r: dict, case: pd.Series, state: str, day: date | None,
                   rules: DecisionRules, stale_check: bool) -> list[str]:
    """What is wrong with a decision on a known case: a stale sheet, its order, the contest period."""
    problems = []
    if r["fingerprint"] != case["fingerprint"]:
        problems.append(_problem(row, "fingerprint", r["fingerprint"][:12] + "…",
                                 "the evidence changed since this sheet was made: export the cases again"))
    elif stale_check and r["last_decision_at"] != case["last_decision_at"]:
        problems.append(_problem(row, "last_decision_at", r["last_decision_at"],
                                 "the case was decided again since this sheet was made: export the cases again"))
    latest = pd.Timestamp(case["last_decided_on"]).date() if pd.notna(case["last_decided_on"]) else None
    if day is not None and latest is not None and day < latest:
        problems.append(_problem(row, "decided_on", str(day), f"before the case's latest decision ({latest})"))
    if day is not None and state == "confirmed_ineligible" and case["state"] == "notified":
        days = rules.contest_days(latest)
        ends = latest + timedelta(days=days)
        if day < ends:
            problems.append(_problem(row, "state", r["state"], f"the contest period runs until {ends} "
                                     f"(notified on {latest}, contest_days {days}): confirm on or after it"))
    return problems


def _unchanged(state: str, note: str, case: pd.Series) -> bool:
    """A row that repeats the case's current state (and adds no new note) records nothing."""
    return state == case["state"] and (not note or note == (case["last_note"] or ""))


def _row_decision(row: int, r: dict, known: pd.DataFrame, rules: DecisionRules, stale_check: bool,
                  problems: list[str]) -> dict | None:
    """The decision a row records, or None (no change, or problems appended)."""
    state, key = parse_state(r["state"]), (r["household_id"], r["rule_id"])
    if state is None:
        problems.append(_problem(row, "state", r["state"], f"unknown state (one of {_STATES})"))
    if key not in known.index:
        problems.append(_problem(row, "household_id", r["household_id"],
                                 f"no case ({r['household_id']}, {r['rule_id']}) in the latest run"))
    if state is None or key not in known.index:
        return None
    case = known.loc[key]
    if _unchanged(state, r["note"], case):
        return None
    reviewer, day, before = r["reviewer"] or rules.reviewer, _decided_on(row, r["decided_on"], rules, problems), len(problems)
    if not reviewer:
        problems.append(_problem(row, "reviewer", "", "no reviewer: fill the column or pass --reviewer"))
    if _ID_LIKE.search(r["note"]):
        problems.append(_problem(row, "note", "", "looks like it holds an ID number; notes must not carry one"))
    problems += _case_problems(row, r, case, state, day, rules, stale_check)
    if len(problems) > before or day is None:
        return None
    return {**r, "state": state, "reviewer": reviewer, "decided_on": day}


def validate_decisions(frame: pd.DataFrame, cases: pd.DataFrame, rules: DecisionRules,
                       file_name: str) -> pd.DataFrame:
    """The decisions a file records (``RECORDED`` columns), or DecisionFileError listing every problem.

    ``cases``: the latest run's cases with their states (``carry.with_states``).
    """
    rows = decision_columns(frame, file_name)
    stale_check = any(str(c).split()[-1:] == ["last_decision_at"] for c in frame.columns)
    known = cases.set_index(KEY)
    problems: list[str] = []
    recorded, seen = [], {}
    for position, r in enumerate(rows.to_dict("records")):
        row, key = position + 2, (r["household_id"], r["rule_id"])
        if not r["state"]:
            continue
        if key in seen:
            problems.append(_problem(row, "rule_id", r["rule_id"], f"the same case is on row {seen[key]}"))
            continue
        seen[key] = row
        decision = _row_decision(row, r, known, rules, stale_check, problems)
        if decision is not None:
            recorded.append(decision)
    if problems:
        raise DecisionFileError(file_name, problems)
    return pd.DataFrame(recorded, columns=RECORDED)
