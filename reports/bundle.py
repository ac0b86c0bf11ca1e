"""The report's input bundle and the single place where raw IDs are dropped.

`ReportBundle` holds the tables `flows/` hands over (see docs/pipeline.md §4).
`masked()` returns a copy that both renderers work from: evidence carries
`id_masked` instead of the raw `id_number`, and free text is scrubbed of
ID-like numbers, so no renderer can leak an ID by accident.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from reports.columns import masked_ids, scrubbed

CASE_COLUMNS = (
    "household_id", "region_code", "category", "rule_id", "rule_name_zh",
    "rule_name_en", "status", "value", "threshold", "evidence",
)
EVIDENCE_COLUMNS = (
    "household_id", "rule_id", "source", "record_id", "member_no", "member_name",
    "id_number", "method", "score", "decision", "record_date", "contribution",
    "detail", "explanation",
)
TRACE_COLUMNS = (
    "household_id", "rule_id", "parameter", "key", "value", "effective_from",
    "rules_version",
)
PROBLEM_COLUMNS = ("household_id", "rule_id", "problem")
SKIPPED_COLUMNS = ("rule_id", "reason")
_FREE_TEXT = {
    "cases": ("value", "threshold"),
    "evidence": ("member_name", "contribution", "detail", "explanation"),
    "data_problems": ("problem",),
    "skipped_rules": ("reason",),
}


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})


@dataclass(frozen=True)
class ReportBundle:
    """Everything one report shows: the run manifest and the case tables.

    Each table needs the columns named in the matching *_COLUMNS tuple above;
    extra columns are ignored. `evidence.id_number` is the raw ID: it is
    masked here and never rendered.
    """

    manifest: dict
    cases: pd.DataFrame
    evidence: pd.DataFrame
    traces: pd.DataFrame = field(default_factory=lambda: _empty(TRACE_COLUMNS))
    data_problems: pd.DataFrame = field(default_factory=lambda: _empty(PROBLEM_COLUMNS))
    skipped_rules: pd.DataFrame = field(default_factory=lambda: _empty(SKIPPED_COLUMNS))


def _check(bundle: ReportBundle) -> None:
    """Fail early, naming the table and columns, when an input is incomplete."""
    for name, columns in (
        ("cases", CASE_COLUMNS), ("evidence", EVIDENCE_COLUMNS),
        ("traces", TRACE_COLUMNS), ("data_problems", PROBLEM_COLUMNS),
        ("skipped_rules", SKIPPED_COLUMNS),
    ):
        missing = [c for c in columns if c not in getattr(bundle, name).columns]
        if missing:
            raise ValueError(f"report table {name!r} lacks columns {missing}")


def _scrub(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = pd.Series(scrubbed(out[column]), index=out.index, dtype="str")
    return out


def masked(bundle: ReportBundle) -> ReportBundle:
    """Return the bundle with IDs masked and free text scrubbed (raw IDs gone)."""
    _check(bundle)
    evidence = _scrub(bundle.evidence, _FREE_TEXT["evidence"])
    evidence.insert(
        evidence.columns.get_loc("id_number"), "id_masked",
        pd.Series(masked_ids(evidence["id_number"]), index=evidence.index, dtype="str"),
    )
    evidence = evidence.drop(columns=["id_number"])
    return replace(
        bundle,
        cases=_scrub(bundle.cases, _FREE_TEXT["cases"]),
        evidence=evidence,
        data_problems=_scrub(bundle.data_problems, _FREE_TEXT["data_problems"]),
        skipped_rules=_scrub(bundle.skipped_rules, _FREE_TEXT["skipped_rules"]),
    )
