"""The case loop in the summary: cases by state, carried/reopened/resolved, false-flag rates, rules.

Counts come from the bundle's tables, so they agree with the case list; the
manifest's `cases` block stands in only when the tables do not carry the
information (an old bundle). False-flag rates are computed upstream and only
displayed here.
"""
from __future__ import annotations

import pandas as pd

from reports.bundle import ReportBundle
from reports.columns import text
from reports.labels import FLAG_DIMENSION, METHOD, STATUS, shown
from reports.masking import clean_text
from reports.states import by_id, state_list
from reports.tables import RULE_COLUMNS
from reports.values import count, rate_text

CARRY_KINDS = ("carried", "reopened", "new")


def records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """Rows of a table as dicts of cleaned text."""
    values = [text(frame[c]).to_pylist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def rule_table(bundle: ReportBundle) -> pd.DataFrame:
    """The rules table, or (old bundle) one row per rule found in the cases, without descriptions."""
    if len(bundle.rules):
        return bundle.rules
    named = bundle.cases[["rule_id", "rule_name_zh", "rule_name_en"]].drop_duplicates("rule_id")
    named = named.rename(columns={"rule_name_zh": "name_zh", "rule_name_en": "name_en"})
    return named.assign(status="", description="", value_unit="")[list(RULE_COLUMNS)]


def by_state(bundle: ReportBundle) -> list[dict]:
    """Every state in display order with its number of cases (0 included)."""
    counts = bundle.cases["state"].astype(str).value_counts()
    return [{"state": s.id, "label": s.label, "shown": s.shown, "is_open": s.is_open, "meaning": s.meaning,
             "open": int(counts.get(s.id, 0)) if s.is_open else 0,
             "closed": 0 if s.is_open else int(counts.get(s.id, 0)), "count": int(counts.get(s.id, 0))}
            for s in state_list(bundle.states, bundle.cases)]


def carry_counts(bundle: ReportBundle) -> dict[str, int]:
    """Cases carried, reopened and new since the previous run, and decided cases now resolved."""
    told = bundle.manifest.get("cases") or {}
    told = told if isinstance(told, dict) else {}
    carry = bundle.cases["carry"].astype(str).value_counts()
    known = any(carry.get(kind, 0) for kind in CARRY_KINDS)
    counts = {kind: int(carry.get(kind, 0)) if known else count(told.get(kind)) for kind in CARRY_KINDS}
    counts["resolved"] = len(bundle.resolved) or count(told.get("resolved"))
    return counts


def false_flag_rows(bundle: ReportBundle, rule_names: dict[str, str]) -> list[dict]:
    """One row per (dimension, key) of the false-flag table, labelled, with the rate as a percentage."""
    rows = []
    for r in bundle.false_flags.itertuples(index=False):
        dimension, key = clean_text(r.dimension), clean_text(r.key)
        name = rule_names.get(key, "") if dimension == "rule" else METHOD.get(key, "")
        rows.append({"dimension": dimension, "dimension_shown": FLAG_DIMENSION.get(dimension, dimension),
                     "key": key, "name": name, "decided": count(r.decided), "false_match": count(r.false_match),
                     "rate": rate_text(r.rate, r.decided)})
    return rows


def rule_rows(bundle: ReportBundle) -> list[dict]:
    """The rules section (规则说明): name, status, description and value unit of each rule."""
    rows = records(rule_table(bundle), RULE_COLUMNS)
    return [{**r, "status_shown": shown(STATUS, r["status"])} for r in rows]


def resolved_rows(bundle: ReportBundle, rule_names: dict[str, str]) -> list[dict]:
    """Decided cases whose flag no longer fires, with the state they had."""
    states = by_id(state_list(bundle.states))
    rows = records(bundle.resolved, ("household_id", "rule_id", "state"))
    return [{**r, "rule_name": rule_names.get(r["rule_id"], ""),
             "state_shown": states[r["state"]].shown if r["state"] in states else r["state"]} for r in rows]
