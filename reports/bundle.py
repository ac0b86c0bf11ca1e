"""The report's input bundle and the single place where raw IDs are dropped.

`ReportBundle` holds the tables `flows/` hands over; their columns are
documented in reports/tables.py. `masked()` returns a copy that every
renderer works from: evidence and members carry `id_masked` instead of the
raw `id_number`, free text is scrubbed of ID-like numbers, and the optional
case-loop columns of `cases` are filled in, so no renderer can leak an ID or
trip over an old bundle. The copy is a `MaskedBundle`, which `masked()`
returns unchanged: a run masks once for both reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from reports.columns import masked_ids, scrubbed
from reports.masking import clean_text, scrub_ids
from reports.tables import (
    CASE_LOOP_DEFAULTS, DECISION_COLUMNS, FALSE_FLAG_COLUMNS, FREE_TEXT, MEMBER_COLUMNS, PROBLEM_COLUMNS, RAW_IDS,
    REGION_COLUMNS, RESOLVED_COLUMNS, RULE_COLUMNS, SKIPPED_COLUMNS, STATE_COLUMNS, TABLES, TRACE_COLUMNS, empty,
)


def _table(columns: tuple[str, ...]) -> pd.DataFrame:
    """A dataclass field defaulting to an empty table with `columns`."""
    return field(default_factory=lambda: empty(columns))


@dataclass(frozen=True)
class ReportBundle:
    """Everything one report shows: the run manifest, the case tables and the case loop.

    Each table needs the columns of its *_COLUMNS tuple in reports/tables.py;
    extra columns are ignored. Every table after `evidence` is optional and
    empty by default. `evidence.id_number` and `members.id_number` are raw IDs:
    they are masked here and never rendered. `generated_at` is the text
    timestamp of when the report was made.
    """

    manifest: dict
    cases: pd.DataFrame
    evidence: pd.DataFrame
    traces: pd.DataFrame = _table(TRACE_COLUMNS)
    data_problems: pd.DataFrame = _table(PROBLEM_COLUMNS)
    skipped_rules: pd.DataFrame = _table(SKIPPED_COLUMNS)
    states: pd.DataFrame = _table(STATE_COLUMNS)
    decisions: pd.DataFrame = _table(DECISION_COLUMNS)
    members: pd.DataFrame = _table(MEMBER_COLUMNS)
    rules: pd.DataFrame = _table(RULE_COLUMNS)
    false_flags: pd.DataFrame = _table(FALSE_FLAG_COLUMNS)
    resolved: pd.DataFrame = _table(RESOLVED_COLUMNS)
    regions: pd.DataFrame = _table(REGION_COLUMNS)
    generated_at: str = ""


@dataclass(frozen=True)
class MaskedBundle(ReportBundle):
    """A bundle that `masked()` made: IDs masked, free text scrubbed, case loop filled in.

    Masking one again returns it as it is, so the two renderers of a run can share one masking.
    """


def _check(bundle: ReportBundle) -> None:
    """Fail early, naming the table and columns, when an input is incomplete."""
    for name, columns in TABLES.items():
        missing = [c for c in columns if c not in getattr(bundle, name).columns]
        if missing:
            raise ValueError(f"report table {name!r} lacks columns {missing}")


def _scrub(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = pd.Series(scrubbed(out[column]), index=out.index, dtype="str")
    return out


def _mask_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with `id_masked` in place of the raw `id_number`."""
    out = frame.copy()
    out.insert(out.columns.get_loc("id_number"), "id_masked",
               pd.Series(masked_ids(out["id_number"]), index=out.index, dtype="str"))
    return out.drop(columns=["id_number"])


def _with_case_loop(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases with every optional case-loop column; missing or empty values take their default."""
    out = cases.copy()
    for column, default in CASE_LOOP_DEFAULTS.items():
        values = out[column] if column in out.columns else pd.Series(None, index=out.index, dtype=object)
        filled = values.astype(object).where(values.notna(), default)
        out[column] = filled.where(filled.astype(str) != "", default) if default else filled
    return out


def masked(bundle: ReportBundle) -> MaskedBundle:
    """Return the bundle with IDs masked, free text scrubbed and the case loop filled in."""
    if isinstance(bundle, MaskedBundle):
        return bundle
    _check(bundle)
    tables = {name: getattr(bundle, name) for name in TABLES}
    tables["cases"] = _with_case_loop(tables["cases"])
    for name, columns in FREE_TEXT.items():
        tables[name] = _scrub(tables[name], columns)
    for name in RAW_IDS:
        tables[name] = _mask_ids(tables[name])
    kept = {f.name: getattr(bundle, f.name) for f in fields(ReportBundle)}
    return MaskedBundle(**{**kept, **tables, "generated_at": scrub_ids(clean_text(bundle.generated_at))})
