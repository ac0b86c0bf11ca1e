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

from flows.warehouse import open_warehouse

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
ALTER TABLE runs ADD COLUMN IF NOT EXISTS rules_dir VARCHAR;
ALTER TABLE run_flags ADD COLUMN IF NOT EXISTS fingerprint VARCHAR;
ALTER TABLE run_flags ADD COLUMN IF NOT EXISTS state VARCHAR;
ALTER TABLE run_flags ADD COLUMN IF NOT EXISTS record_hashes VARCHAR;
CREATE SEQUENCE IF NOT EXISTS decision_seq;
CREATE TABLE IF NOT EXISTS decisions (
    seq BIGINT PRIMARY KEY DEFAULT nextval('decision_seq'), household_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, state VARCHAR NOT NULL, reviewer VARCHAR NOT NULL,
    decided_on DATE NOT NULL, note VARCHAR, imported_at TIMESTAMPTZ NOT NULL, run_id VARCHAR NOT NULL,
    file_name VARCHAR
);
"""
RUN_COLUMNS = ("run_id", "flow_run_id", "kind", "input_dir", "output_dir", "as_of", "started_at", "finished_at",
               "duration_s", "rules_version", "input_hashes", "ledger", "flag_counts", "rules_dir")
FLAG_COLUMNS = ("household_id", "rule_id", "status", "value", "threshold", "evidence", "fingerprint", "state",
                "record_hashes")
LATEST_RUN = "SELECT run_id, rules_dir FROM runs ORDER BY finished_at DESC LIMIT 1"


_JSON = ("input_hashes", "ledger", "flag_counts")


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
        return run_flags(con, rows[0][0])


def run_flags(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The flags (cases) one run recorded, with their fingerprints and states."""
    return con.sql(f"SELECT {', '.join(FLAG_COLUMNS)} FROM run_flags WHERE run_id = ? ORDER BY household_id, rule_id",
                   params=[run_id]).to_arrow_table().to_pandas()


def record_run(path: Path, run: dict, flags: pd.DataFrame) -> None:
    """Append one run and its flags, atomically."""
    with connect_history(path) as con:
        con.execute("BEGIN TRANSACTION")
        values = [json.dumps(run[c]) if c in _JSON else run.get(c) for c in RUN_COLUMNS]
        con.execute(f"INSERT INTO runs ({', '.join(RUN_COLUMNS)}) VALUES ({', '.join('?' * len(RUN_COLUMNS))})", values)
        con.register("_flags", flags)
        con.execute(f"INSERT INTO run_flags (run_id, {', '.join(FLAG_COLUMNS)}) "
                    f"SELECT ?, {', '.join(FLAG_COLUMNS)} FROM _flags", [run["run_id"]])
        con.execute("COMMIT")


RUNS_LISTED = """
    SELECT r.run_id, r.kind, r.as_of, r.finished_at, round(r.duration_s, 1) AS duration_s, r.rules_version,
           (SELECT count(*) FROM run_flags f WHERE f.run_id = r.run_id) AS flags, r.flow_run_id, r.output_dir
    FROM runs r ORDER BY r.finished_at DESC LIMIT ?
"""


def list_runs(path: Path, limit: int = 20) -> pd.DataFrame:
    """The latest runs, newest first, without personal data (counts and hashes only); ``folder``
    says whether the run's output folder still exists."""
    columns = ["run_id", "kind", "as_of", "finished_at", "duration_s", "rules_version", "flags", "flow_run_id",
               "output_dir", "folder"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    with connect_history(path) as con:
        runs = con.sql(RUNS_LISTED, params=[int(limit)]).to_arrow_table().to_pandas()
    runs["folder"] = ["present" if d and Path(d).is_dir() else "missing" for d in runs["output_dir"]]
    return runs[columns]
