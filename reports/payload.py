"""The case data embedded in report.html as JSON, and its safe embedding.

Tables travel as {"cols": [...], "rows": [[...]]} to keep a 40,000-case
report small; they are built column by column (reports.columns). What only
the household panel shows (evidence, parameters, members, data problems)
travels per household, as one JSON text each in `panels` (columns in
`panel_cols`, link explanations as numbers into `explanations`): the page
parses a household's text when its panel opens, so a province's evidence
costs nothing until then. Each case row carries its
household's `panel` number and its `members` (the names in its evidence). Every value
is display text (or a number for scores and weights). Fingerprints stay out:
the page needs only whether each decision was made on the case's current
evidence. The JSON is escaped so that no `<`, `>` or `&` appears raw inside
the script block, which rules out `</script>` and `<!--` break-outs.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

import orjson
import pandas as pd

from reports.bundle import ReportBundle
from reports.caseloop import rule_table
from reports.columns import by_value, text
from reports.labels import all_labels
from reports.regions import region_labels
from reports.sheet_frames import with_members
from reports.states import state_list
from reports.tables import CASE_COLUMNS, PROBLEM_COLUMNS, TRACE_COLUMNS
from reports.values import date_text, explanation_items, is_per_capita, rounded_number

CASE_VIEW = (*CASE_COLUMNS, "region_shown", "state", "carry", "records_new", "records_gone", "records_changed",
             "value_before", "threshold_before", "last_decision_at", "members", "panel")
EVIDENCE_VIEW = (
    "household_id", "rule_id", "source", "record_id", "member_no", "member_name",
    "id_masked", "method", "score", "decision", "record_date", "contribution",
    "detail", "explanation",
)
MEMBER_VIEW = ("household_id", "member_no", "relation", "name", "id_masked", "gender", "birth_date", "id_problem")
DECISION_VIEW = ("household_id", "rule_id", "state", "decided_on", "reviewer", "note", "imported_at", "current")
RULE_VIEW = ("rule_id", "name_zh", "name_en", "status", "description", "value_unit", "per_capita")
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_BY_VALUE = {"score": rounded_number, "record_date": date_text, "effective_from": date_text,
             "birth_date": date_text, "decided_on": date_text, "explanation": explanation_items,
             "current": bool, "per_capita": bool, "panel": int}
PANEL_TABLES = ("evidence", "traces", "problems", "members")


def _column(frame: pd.DataFrame, column: str) -> list[Any]:
    """One column as display values: per distinct value where it has a converter, else cleaned text."""
    if column in _BY_VALUE:
        return by_value(_BY_VALUE[column], frame[column])
    return text(frame[column]).to_pylist()


def _table(frame: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    data = [_column(frame, c) for c in columns]
    return {"cols": list(columns), "rows": [list(row) for row in zip(*data)]}


def _decisions(bundle: ReportBundle) -> pd.DataFrame:
    """Decisions with `current`: made on the evidence the case has now (same fingerprint)."""
    keys = ["household_id", "rule_id"]
    now = bundle.cases[[*keys, "fingerprint"]].rename(columns={"fingerprint": "now"}).drop_duplicates(keys)
    out = bundle.decisions.merge(now, on=keys, how="left")
    out["current"] = out["fingerprint"].astype(str) == out["now"].astype(str)
    return out


def _panels(bundle: ReportBundle, households: list[str]) -> dict:
    """Per household (in `households` order) one JSON text of its panel tables' rows."""
    views = {"evidence": (bundle.evidence, EVIDENCE_VIEW), "traces": (bundle.traces, TRACE_COLUMNS),
             "problems": (bundle.data_problems, PROBLEM_COLUMNS), "members": (bundle.members, MEMBER_VIEW)}
    place = {h: i for i, h in enumerate(households)}
    grouped: list[dict[str, list]] = [{name: [] for name in PANEL_TABLES} for _ in households]
    explanations: dict[bytes, int] = {}
    for name, (frame, columns) in views.items():
        table = _table(frame, columns)
        if name == "evidence":
            _share_explanations(table, explanations)
        for household, row in zip(text(frame["household_id"]).to_pylist(), table["rows"]):
            if household in place:
                grouped[place[household]][name].append(row)
    return {"panel_cols": {name: list(views[name][1]) for name in PANEL_TABLES},
            "explanations": [orjson.loads(e) for e in explanations],
            "panels": [orjson.dumps(g).decode("utf-8") for g in grouped]}


def _share_explanations(table: dict, shared: dict[bytes, int]) -> None:
    """Evidence rows with each link explanation replaced by its number in `shared` (few distinct, long)."""
    at = table["cols"].index("explanation")
    for row in table["rows"]:
        row[at] = shared.setdefault(orjson.dumps(row[at]), len(shared))


def panel_table(data: dict, name: str) -> dict:
    """One panel table over every household of a parsed payload, as {"cols", "rows"}."""
    rows = [row for text in data["panels"] for row in orjson.loads(text)[name]]
    if name == "evidence":
        at = data["panel_cols"][name].index("explanation")
        rows = [[*row[:at], data["explanations"][row[at]], *row[at + 1:]] for row in rows]
    return {"cols": data["panel_cols"][name], "rows": rows}


def case_payload(bundle: ReportBundle) -> dict:
    """Everything the client-side case list and household panel need (masked bundle)."""
    households = list(dict.fromkeys(text(bundle.cases["household_id"]).to_pylist()))
    cases = with_members(bundle.cases, bundle.evidence).assign(
        region_shown=region_labels(bundle.cases["region_code"], bundle.regions))
    cases["panel"] = cases["household_id"].astype(str).map({h: i for i, h in enumerate(households)})
    rules = rule_table(bundle)
    rules = rules.assign(per_capita=[is_per_capita(u) for u in text(rules["value_unit"]).to_pylist()])
    return {
        "cases": _table(cases, CASE_VIEW),
        "decisions": _table(_decisions(bundle), DECISION_VIEW),
        "rules": _table(rules, RULE_VIEW),
        "states": [asdict(s) for s in state_list(bundle.states, bundle.cases)],
        "labels": all_labels(),
        **_panels(bundle, households),
    }


def embed_json(data: dict) -> str:
    """JSON text that is safe inside <script type="application/json">."""
    encoded = orjson.dumps(data).decode("utf-8")
    for raw, escaped in _JSON_ESCAPES:
        encoded = encoded.replace(raw, escaped)
    return encoded
