"""The report's summary: run facts, the source ledger and flag counts.

Counts are computed from the case table itself, so the numbers an auditor
reads always agree with the case list beneath them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reports.bundle import ReportBundle
from reports.columns import text
from reports.labels import RUN, SOURCE, label
from reports.masking import clean_text

STATUSES = ("breach", "review")


@dataclass(frozen=True)
class Summary:
    """Display-ready summary figures (all text already cleaned)."""

    run: list[tuple[str, str]]
    totals: dict[str, int]
    ledger: list[dict]
    by_rule: list[dict]
    by_region: list[dict]
    by_category: list[dict]
    problems: list[dict]
    skipped: list[dict]


def _counts(cases: pd.DataFrame, key: str, name: str | None = None) -> list[dict]:
    """Flags per key value split by status, largest first."""
    rows = []
    for value, group in cases.groupby(key, sort=True, dropna=False):
        status = group["status"].astype(str).value_counts()
        row = {"key": clean_text(value), "name": clean_text(group[name].iloc[0]) if name else ""}
        row.update({s: int(status.get(s, 0)) for s in STATUSES})
        row["total"] = len(group)
        rows.append(row)
    return sorted(rows, key=lambda r: (-r["total"], r["key"]))


def _ledger(manifest: dict) -> list[dict]:
    """One row per source from the manifest's `sources` block."""
    rows = []
    for source, entry in (manifest.get("sources") or {}).items():
        rows.append({
            "source": clean_text(source), "label": label(SOURCE, source),
            "file": clean_text(entry.get("file")),
            **{k: int(entry.get(k) or 0) for k in ("received", "accepted", "quarantined")},
        })
    return rows


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    values = [text(frame[c]).to_pylist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _skipped(bundle: ReportBundle) -> list[dict]:
    """Skipped rules from their table, or from the manifest when only it has them."""
    if len(bundle.skipped_rules):
        return _records(bundle.skipped_rules, ("rule_id", "reason"))
    listed = bundle.manifest.get("skipped_rules") or []
    return [
        {"rule_id": clean_text(i.get("rule_id")), "reason": clean_text(i.get("reason"))}
        if isinstance(i, dict) else {"rule_id": clean_text(i), "reason": ""}
        for i in listed
    ]


def summarise(bundle: ReportBundle) -> Summary:
    """Build the summary of a (masked) bundle."""
    cases, manifest = bundle.cases, bundle.manifest
    problems = _records(bundle.data_problems, ("household_id", "rule_id", "problem"))
    skipped = _skipped(bundle)
    status = cases["status"].astype(str).value_counts()
    totals = {
        "flags": len(cases),
        "households": int(cases["household_id"].nunique()),
        **{s: int(status.get(s, 0)) for s in STATUSES},
        "data_problems": len(problems) or int(manifest.get("data_problems") or 0),
        "skipped": len(skipped),
    }
    return Summary(
        run=[(title, clean_text(manifest.get(key))) for key, title in RUN.items()],
        totals=totals,
        ledger=_ledger(manifest),
        by_rule=_counts(cases, "rule_id", "rule_name_zh"),
        by_region=_counts(cases, "region_code"),
        by_category=_counts(cases, "category"),
        problems=problems,
        skipped=skipped,
    )
