"""The run's side of the case loop: fingerprint the flags, carry the decisions over,
and write what follows from them (``exits.csv``, the case columns of ``flags.csv``
and ``changes.csv``).
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

import review
from flows.decision_log import decision_history
from flows.outputs import write_csv_with_bom
from flows.warehouse import fetch_frame

KEY = ["household_id", "rule_id"]
FLAGS_SQL = """
    SELECT household_id, rule_id, status, value, threshold, evidence
    FROM flags ORDER BY household_id, rule_id
"""
FLAG_FILE_COLUMNS = ["household_id", "rule_id", "status", "value", "threshold", "evidence", "fingerprint", "state"]
HOUSEHOLDS_SQL = "SELECT household_id, region_code, category FROM stg_households"


def judge_cases(con: duckdb.DuckDBPyConnection, sources: list[str], history_db: Path,
                previous: pd.DataFrame | None) -> review.CaseBook:
    """This run's cases with fingerprints and the states the decision log gives them."""
    flags = fetch_frame(con, FLAGS_SQL).merge(review.case_fingerprints(con, sources), on=KEY, how="left")
    decisions, snapshots = decision_history(history_db)
    return review.carry_over(flags, decisions, snapshots, previous)


def write_exits(con: duckdb.DuckDBPyConnection, book: review.CaseBook, path: Path) -> int:
    """``exits.csv``: the exit candidates with their region and category; returns how many."""
    exits = review.exit_candidates(book.cases)
    exits = exits.merge(fetch_frame(con, HOUSEHOLDS_SQL), on="household_id", how="left")
    columns = ["household_id", "region_code", "category", "rule_ids", "decided_on", "reviewers"]
    write_csv_with_bom(exits[columns], path)
    return len(exits)
