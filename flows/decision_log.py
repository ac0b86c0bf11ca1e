"""The decision log: auditors' decisions, append-only, in the run history database.

Decisions are only ever inserted (one transaction per imported file); the
state of a case is derived from them on every run and every export
(``review.with_states``), never stored beside them. The cases a decision may
name are those of the latest completed run recorded in the history.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

import review
from flows.errors import UsageError
from flows.history import HISTORY_FILE, LATEST_RUN, connect_history, run_flags

DECISION_COLUMNS = ["seq", "household_id", "rule_id", "fingerprint", "state", "reviewer", "decided_on", "note",
                    "imported_at", "run_id", "file_name"]
_INSERT = """INSERT INTO decisions (household_id, rule_id, fingerprint, state, reviewer, decided_on, note,
    imported_at, run_id, file_name)
SELECT household_id, rule_id, fingerprint, state, reviewer, decided_on, nullif(note, ''), ?, ?, ? FROM _decided"""
SNAPSHOTS = """SELECT DISTINCT f.household_id, f.rule_id, f.fingerprint, f.value, f.threshold, f.record_hashes
FROM run_flags f JOIN (SELECT DISTINCT household_id, rule_id, fingerprint FROM decisions) d
  USING (household_id, rule_id, fingerprint)"""


@dataclass(frozen=True)
class LatestRun:
    """The latest completed run of an output root, with its cases in their current states."""

    run_id: str
    rules_dir: str | None
    cases: pd.DataFrame


def read_decisions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every decision, in the order recorded."""
    return con.sql(f"SELECT {', '.join(DECISION_COLUMNS)} FROM decisions ORDER BY seq").to_arrow_table().to_pandas()


def decision_history(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decision log and the snapshots of the flags decisions were made on (empty without a history)."""
    if not path.exists():
        empty = pd.DataFrame(columns=DECISION_COLUMNS)
        return empty, pd.DataFrame(columns=["household_id", "rule_id", "fingerprint", "value", "threshold",
                                            "record_hashes"])
    with connect_history(path) as con:
        return read_decisions(con), con.sql(SNAPSHOTS).to_arrow_table().to_pandas()


def latest_run(root: Path) -> LatestRun:
    """The latest completed run under ``root`` with its cases' current states; UsageError if none."""
    path = root / HISTORY_FILE
    if not path.is_file():
        raise UsageError(f"no run history at {path}: run `hecha run` with its output in {root} first")
    with connect_history(path) as con:
        rows = con.execute(LATEST_RUN).fetchall()
        if not rows:
            raise UsageError(f"the run history {path} holds no completed run yet")
        cases, decisions = run_flags(con, rows[0][0]), read_decisions(con)
    return LatestRun(rows[0][0], rows[0][1], review.with_states(cases, decisions))


def append_decisions(root: Path, run_id: str, decided: pd.DataFrame, file_name: str) -> int:
    """Record ``decided`` (review.RECORDED columns) in one transaction; return how many."""
    if decided.empty:
        return 0
    with connect_history(root / HISTORY_FILE) as con:
        con.register("_decided", decided)
        con.execute("BEGIN TRANSACTION")
        con.execute(_INSERT, [datetime.now(timezone.utc), run_id, file_name])
        con.execute("COMMIT")
    return len(decided)
