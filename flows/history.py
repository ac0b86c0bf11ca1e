"""Run history: every run recorded in a persistent DuckDB database beside the outputs.

Data officers ask "what ran last night, on which files, with which rules, and
what did it find?". Each run is one row in ``runs`` and its flags are kept in
``run_flags``, so the next run of the same drop location can say what changed
even after the previous output folder was replaced. One transaction per run:
a run killed mid-way leaves the history as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from flows.warehouse import fetch_frame, open_warehouse

HISTORY_FILE = "hecha-history.duckdb"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, flow_run_id VARCHAR, kind VARCHAR, input_dir VARCHAR,
    output_dir VARCHAR, as_of DATE, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
    duration_s DOUBLE, rules_version VARCHAR, input_hashes JSON, ledger JSON, flag_counts JSON
);
CREATE TABLE IF NOT EXISTS run_flags (
    run_id VARCHAR, household_id VARCHAR, rule_id VARCHAR, status VARCHAR,
    value VARCHAR, threshold VARCHAR, evidence VARCHAR
);
"""


def default_history_path(output_dir: Path) -> Path:
    """The history lives in the output root: the folder that holds the run's output folder."""
    return output_dir.resolve().parent / HISTORY_FILE


def connect_history(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the history database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_warehouse(path)
    con.execute(_SCHEMA)
    return con


def previous_flags(path: Path, input_dir: Path) -> pd.DataFrame | None:
    """Flags of the latest recorded run of the same drop location, or None for a first run."""
    if not path.exists():
        return None
    with connect_history(path) as con:
        rows = con.execute(
            "SELECT run_id FROM runs WHERE input_dir = ? ORDER BY finished_at DESC LIMIT 1",
            [str(input_dir.resolve())],
        ).fetchall()
        if not rows:
            return None
        return con.sql(
            "SELECT household_id, rule_id, status, value, threshold, evidence FROM run_flags WHERE run_id = ?",
            params=[rows[0][0]],
        ).to_arrow_table().to_pandas()


def record_run(path: Path, run: dict, flags: pd.DataFrame) -> None:
    """Append one run and its flags, atomically."""
    with connect_history(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run["run_id"], run.get("flow_run_id"), run["kind"], run["input_dir"], run["output_dir"],
             run["as_of"], run["started_at"], run["finished_at"], run["duration_s"], run["rules_version"],
             json.dumps(run["input_hashes"]), json.dumps(run["ledger"]), json.dumps(run["flag_counts"])],
        )
        con.register("_flags", flags)
        con.execute("INSERT INTO run_flags SELECT ?, household_id, rule_id, status, value, threshold, evidence FROM _flags", [run["run_id"]])
        con.execute("COMMIT")


def list_runs(path: Path, limit: int = 20) -> pd.DataFrame:
    """The latest runs, newest first, without personal data (counts and hashes only)."""
    if not path.exists():
        return pd.DataFrame(columns=["run_id", "kind", "as_of", "finished_at", "duration_s", "rules_version", "flags"])
    with connect_history(path) as con:
        return fetch_frame(con, f"""
            SELECT r.run_id, r.kind, r.as_of, r.finished_at, round(r.duration_s, 1) AS duration_s,
                   r.rules_version, (SELECT count(*) FROM run_flags f WHERE f.run_id = r.run_id) AS flags
            FROM runs r ORDER BY r.finished_at DESC LIMIT {int(limit)}
        """)
