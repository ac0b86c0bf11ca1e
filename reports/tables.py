"""The columns of every table in a `ReportBundle` (docs/pipeline.md §4, interface.md §5).

Each *_COLUMNS tuple names the columns a table must have (extra columns are
ignored). The case-loop tables (states … regions) are optional: an old bundle
without them still renders, with every case `to_verify`.

- cases: one row per flag (household × rule), joined with the household's
  `region_code` and `category` and the rule's names. Optional columns, filled
  with CASE_LOOP_DEFAULTS when absent or empty: `state` (state id),
  `fingerprint` (64-hex text), `carry` ('' | 'carried' | 'reopened' | 'new'),
  `records_new` / `records_gone` / `records_changed` (`source:record_id`
  joined by ';': what changed in a reopened case since its decision),
  `value_before` / `threshold_before` ('' unless reopened and different),
  `last_decision_at` (text timestamp of the case's latest decision).
- evidence: every record a flag rests on; `id_number` is the raw ID.
- traces: the parameter values each flag used.
- data_problems: households (× rule) that could not be judged.
- skipped_rules: rules not evaluated and why.
- states: one row per case state, in display order; `is_open` is a bool.
- decisions: every decision recorded on the run's cases, oldest first;
  `decided_on` a date, `note` free text.
- members: the members of flagged households; `id_number` is the raw ID.
- rules: one row per rule of the rule set; `value_unit` says what `value`
  counts (e.g. '元/人·月 yuan per person per month'), may be ''.
- false_flags: false-flag rates computed upstream: `dimension` ('rule' |
  'method'), `key` (rule id or link method), `decided` (cases in a closed
  state), `false_match` (int), `rate` (float, or None when decided = 0).
- resolved: decided cases whose flag no longer fires, with their last state.
- regions: `region_code` → `place` (named regions of the rule set).
"""
from __future__ import annotations

import pandas as pd

CASE_COLUMNS = (
    "household_id", "region_code", "category", "rule_id", "rule_name_zh",
    "rule_name_en", "status", "value", "threshold", "evidence",
)
CASE_LOOP_DEFAULTS = {
    "state": "to_verify", "fingerprint": "", "carry": "", "records_new": "", "records_gone": "",
    "records_changed": "", "value_before": "", "threshold_before": "", "last_decision_at": "",
}
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
STATE_COLUMNS = ("state", "label_zh", "is_open", "meaning")
DECISION_COLUMNS = (
    "household_id", "rule_id", "state", "decided_on", "reviewer", "note", "fingerprint", "imported_at",
)
MEMBER_COLUMNS = (
    "household_id", "member_no", "relation", "name", "id_number", "gender", "birth_date", "id_problem",
)
RULE_COLUMNS = ("rule_id", "name_zh", "name_en", "status", "description", "value_unit")
FALSE_FLAG_COLUMNS = ("dimension", "key", "decided", "false_match", "rate")
RESOLVED_COLUMNS = ("household_id", "rule_id", "state")
REGION_COLUMNS = ("region_code", "place")

TABLES: dict[str, tuple[str, ...]] = {
    "cases": CASE_COLUMNS, "evidence": EVIDENCE_COLUMNS, "traces": TRACE_COLUMNS,
    "data_problems": PROBLEM_COLUMNS, "skipped_rules": SKIPPED_COLUMNS, "states": STATE_COLUMNS,
    "decisions": DECISION_COLUMNS, "members": MEMBER_COLUMNS, "rules": RULE_COLUMNS,
    "false_flags": FALSE_FLAG_COLUMNS, "resolved": RESOLVED_COLUMNS, "regions": REGION_COLUMNS,
}
# Text written by people or earlier stages: scrubbed of ID-like numbers before any renderer sees it.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "cases": ("value", "threshold", "value_before", "threshold_before"),
    "evidence": ("member_name", "contribution", "detail", "explanation"),
    "data_problems": ("problem",),
    "skipped_rules": ("reason",),
    "states": ("label_zh", "meaning"),
    "decisions": ("reviewer", "note"),
    "members": ("relation", "name", "id_problem"),
    "rules": ("name_zh", "name_en", "description", "value_unit"),
    "regions": ("place",),
}
# Tables whose raw `id_number` becomes `id_masked` (first 6 and last 4 characters kept).
RAW_IDS = ("evidence", "members")


def empty(columns: tuple[str, ...]) -> pd.DataFrame:
    """An empty table with the given columns (the default of an optional table)."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
