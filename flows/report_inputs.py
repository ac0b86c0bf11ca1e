"""The auditors' report inputs, gathered from the warehouse by the columns each stage documents.

The reports stage reads flags and evidence by their columns only; joining in
the household's region and category, the member's name and ID (masked by the
reports stage) and each link's explanation is done here, in SQL.
"""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pandas as pd

import reports
import review
import rules

from flows.warehouse import fetch_frame

KEY = ["household_id", "rule_id"]
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
MEMBERS_SQL = """
    SELECT m.household_id, m.member_no, m.relation, m.name, m.id_number, m.gender, m.birth_date, i.id_problem
    FROM stg_members m
    LEFT JOIN member_ids i USING (household_id, member_no)
    WHERE m.household_id IN (SELECT household_id FROM flags)
    ORDER BY m.household_id, m.member_no
"""
CASE_LOOP_COLUMNS = ["household_id", "rule_id", "state", "fingerprint", "carry", "records_new", "records_gone",
                     "records_changed", "value_before", "threshold_before", "last_decision_at"]
DECISION_VIEW = ["household_id", "rule_id", "state", "decided_on", "reviewer", "note", "fingerprint", "imported_at"]


def report_bundle(con: duckdb.DuckDBPyConnection, manifest: dict, rule_set: rules.RuleSet,
                  book: review.CaseBook) -> reports.ReportBundle:
    """Everything the report shows, as the reports stage expects it (docs/pipeline.md §4)."""
    rule_rows = rule_table(rule_set)
    con.register("rule_names", rule_rows)
    try:
        cases = fetch_frame(con, CASES_SQL).merge(book.cases[CASE_LOOP_COLUMNS], on=KEY, how="left")
        evidence = fetch_frame(con, EVIDENCE_SQL)
        return reports.ReportBundle(
            manifest=manifest, cases=cases, evidence=evidence,
            traces=fetch_frame(con, "SELECT * FROM traces ORDER BY ALL"),
            data_problems=fetch_frame(con, "SELECT * FROM data_problems ORDER BY ALL"),
            skipped_rules=fetch_frame(con, "SELECT * FROM skipped_rules ORDER BY ALL"),
            states=review.states_table(), decisions=case_decisions(book.decisions, cases),
            members=fetch_frame(con, MEMBERS_SQL), rules=rule_rows,
            false_flags=review.false_flag_rates(book.cases, evidence), resolved=book.resolved,
            regions=region_table(rule_set), generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
    finally:
        con.unregister("rule_names")


def rule_table(rule_set: rules.RuleSet) -> pd.DataFrame:
    """One row per rule: id, names, status, description and what its value counts."""
    return pd.DataFrame(
        [(r.id, r.name_zh, r.name_en, r.status, r.description, r.value_unit) for r in rule_set.rules],
        columns=["rule_id", "name_zh", "name_en", "status", "description", "value_unit"],
    )


def region_table(rule_set: rules.RuleSet) -> pd.DataFrame:
    """The region names the rule set's regional parameters give (dibao's places)."""
    places = {code: place for p in rule_set.parameters.values() for code, place in p.places.items()}
    return pd.DataFrame(sorted(places.items()), columns=["region_code", "place"])


def case_decisions(decisions: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Every decision on the run's cases, oldest first."""
    keys = cases[KEY].drop_duplicates()
    return decisions.merge(keys, on=KEY, how="inner").sort_values("seq")[DECISION_VIEW].reset_index(drop=True)
