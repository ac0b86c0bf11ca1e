"""The auditors' report inputs, gathered from the warehouse by the columns each stage documents.

The reports stage reads flags and evidence by their columns only; joining in
the household's region and category, the member's name and ID (masked by the
reports stage) and each link's explanation is done here, in SQL.
"""

from __future__ import annotations

import duckdb
import pandas as pd

import reports
import rules

from flows.warehouse import fetch_frame

CASES_SQL = """
    SELECT f.household_id, h.region_code, h.category, f.rule_id,
           r.name_zh AS rule_name_zh, r.name_en AS rule_name_en,
           f.status, f.value, f.threshold, f.evidence
    FROM flags f
    JOIN stg_households h USING (household_id)
    LEFT JOIN rule_names r USING (rule_id)
    ORDER BY f.household_id, f.rule_id
"""
EVIDENCE_SQL = """
    SELECT e.household_id, e.rule_id, e.source, e.record_id, e.member_no,
           m.name AS member_name, m.id_number, e.method, e.score, e.decision,
           e.record_date, e.contribution, e.detail, l.explanation
    FROM evidence e
    LEFT JOIN stg_members m USING (household_id, member_no)
    LEFT JOIN links l USING (source, record_id, household_id, member_no)
    ORDER BY e.household_id, e.rule_id, e.source, e.record_id
"""


def report_bundle(con: duckdb.DuckDBPyConnection, manifest: dict, rule_set: rules.RuleSet) -> reports.ReportBundle:
    """Everything the report shows, as the reports stage expects it."""
    names = pd.DataFrame(
        [(r.id, r.name_zh, r.name_en) for r in rule_set.rules], columns=["rule_id", "name_zh", "name_en"]
    )
    con.register("rule_names", names)
    try:
        return reports.ReportBundle(
            manifest=manifest,
            cases=fetch_frame(con, CASES_SQL),
            evidence=fetch_frame(con, EVIDENCE_SQL),
            traces=fetch_frame(con, "SELECT * FROM traces ORDER BY ALL"),
            data_problems=fetch_frame(con, "SELECT * FROM data_problems ORDER BY ALL"),
            skipped_rules=fetch_frame(con, "SELECT * FROM skipped_rules ORDER BY ALL"),
        )
    finally:
        con.unregister("rule_names")
