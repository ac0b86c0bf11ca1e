"""The case data embedded in report.html as JSON, and its safe embedding.

Tables travel as {"cols": [...], "rows": [[...]]} to keep a 40,000-case
report small; they are built column by column (reports.columns). Every value is display text (or a number for scores); the JSON
is escaped so that no `<`, `>` or `&` appears raw inside the script block,
which rules out `</script>` and `<!--` break-outs.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import orjson
import pandas as pd

from reports.bundle import CASE_COLUMNS, PROBLEM_COLUMNS, TRACE_COLUMNS, ReportBundle
from reports.columns import by_value, text
from reports.labels import all_labels
from reports.masking import clean_text, is_missing

EVIDENCE_VIEW = (
    "household_id", "rule_id", "source", "record_id", "member_no", "member_name",
    "id_masked", "method", "score", "decision", "record_date", "contribution",
    "detail", "explanation",
)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def date_text(value: Any) -> str:
    """ISO date text (YYYY-MM-DD) for a date, timestamp or date string."""
    if is_missing(value):
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return clean_text(value)


def explanation_items(text: Any) -> list[list] | str:
    """Parse a link explanation into [comparison, level, weight] items.

    Text that is not the documented JSON list is returned as cleaned text,
    so an auditor still sees it.
    """
    raw = clean_text(text)
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return raw
    if not isinstance(items, list):
        return raw
    return [
        [clean_text(i.get("comparison")), clean_text(i.get("level")), rounded_number(i.get("weight"))]
        for i in items if isinstance(i, dict)
    ]


def rounded_number(value: Any) -> float | None:
    """A float rounded to 4 places (scores, weights), or None when not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 4)


_BY_VALUE = {"score": rounded_number, "record_date": date_text, "effective_from": date_text,
             "explanation": explanation_items}


def _column(frame: pd.DataFrame, column: str) -> list[Any]:
    """One column as display values: per distinct value where it has a converter, else cleaned text."""
    if column in _BY_VALUE:
        return by_value(_BY_VALUE[column], frame[column])
    return text(frame[column]).to_pylist()


def _table(frame: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    data = [_column(frame, c) for c in columns]
    return {"cols": list(columns), "rows": [list(row) for row in zip(*data)]}


def case_payload(bundle: ReportBundle) -> dict:
    """Everything the client-side case list and case panel need (masked bundle)."""
    return {
        "cases": _table(bundle.cases, CASE_COLUMNS),
        "evidence": _table(bundle.evidence, EVIDENCE_VIEW),
        "traces": _table(bundle.traces, TRACE_COLUMNS),
        "problems": _table(bundle.data_problems, PROBLEM_COLUMNS),
        "labels": all_labels(),
    }


def embed_json(data: dict) -> str:
    """JSON text that is safe inside <script type="application/json">."""
    encoded = orjson.dumps(data).decode("utf-8")
    for raw, escaped in _JSON_ESCAPES:
        encoded = encoded.replace(raw, escaped)
    return encoded
