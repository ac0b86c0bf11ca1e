"""The report's summary: run facts, the source ledger, flag counts and the case loop.

Counts are computed from the case table itself, so the numbers an auditor
reads always agree with the case list beneath them. Data problems are
counted in households (as the CLI and manifest count them), and the list
says how many rows (household × rule) it holds.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reports.bundle import ReportBundle
from reports.caseloop import by_state, carry_counts, false_flag_rows, records, resolved_rows, rule_rows
from reports.labels import GENERATED_AT, RUN, SOURCE, label
from reports.masking import clean_text, scrub_ids
from reports.regions import region_labels
from reports.values import count

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
    by_state: list[dict]
    carry: dict[str, int]
    false_flags: list[dict]
    rules: list[dict]
    resolved: list[dict]


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


def _skipped(bundle: ReportBundle) -> list[dict]:
    """Skipped rules from their table, or from the manifest when only it has them (scrubbed like the table)."""
    if len(bundle.skipped_rules):
        return records(bundle.skipped_rules, ("rule_id", "reason"))
    listed = bundle.manifest.get("skipped_rules") or []
    return [
        {"rule_id": clean_text(i.get("rule_id")), "reason": scrub_ids(clean_text(i.get("reason")))}
        if isinstance(i, dict) else {"rule_id": clean_text(i), "reason": ""}
        for i in listed
    ]


def _totals(bundle: ReportBundle, problems: list[dict], skipped: list[dict], states: list[dict]) -> dict[str, int]:
    """The headline numbers; data problems in households, as the CLI and manifest count them."""
    cases = bundle.cases
    status = cases["status"].astype(str).value_counts()
    problem_households = len({p["household_id"] for p in problems})
    return {
        "flags": len(cases),
        "households": int(cases["household_id"].nunique()),
        "open": sum(s["open"] for s in states),
        **{s: int(status.get(s, 0)) for s in STATUSES},
        "data_problems": problem_households or count(bundle.manifest.get("data_problems")),
        "problem_rows": len(problems),
        "skipped": len(skipped),
    }


def summarise(bundle: ReportBundle) -> Summary:
    """Build the summary of a (masked) bundle."""
    cases, manifest = bundle.cases, bundle.manifest
    problems = records(bundle.data_problems, ("household_id", "rule_id", "problem"))
    skipped, states = _skipped(bundle), by_state(bundle)
    rules = rule_rows(bundle)
    names = {r["rule_id"]: r["name_zh"] for r in rules}
    run = [(title, clean_text(manifest.get(key))) for key, title in RUN.items()]
    return Summary(
        run=[*run, (GENERATED_AT, bundle.generated_at)],
        totals=_totals(bundle, problems, skipped, states),
        ledger=_ledger(manifest),
        by_rule=_counts(cases, "rule_id", "rule_name_zh"),
        by_region=_counts(cases.assign(region_shown=region_labels(cases["region_code"], bundle.regions)),
                          "region_shown"),
        by_category=_counts(cases, "category"),
        problems=problems,
        skipped=skipped,
        by_state=states,
        carry=carry_counts(bundle),
        false_flags=false_flag_rows(bundle, names),
        rules=rules,
        resolved=resolved_rows(bundle, names),
    )
