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

from flows.history_db import backup_history, open_history

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
ALTER TABLE runs ADD COLUMN IF NOT EXISTS engine VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS spark_master VARCHAR;
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
CREATE TABLE IF NOT EXISTS api_audit (
    checked_at TIMESTAMPTZ NOT NULL, token_name VARCHAR NOT NULL, household_id VARCHAR, status INTEGER NOT NULL,
    data_run_id VARCHAR, flags INTEGER, breaches INTEGER, reviews INTEGER, data_problems INTEGER,
    already_registered INTEGER
);
"""
RUN_COLUMNS = ("run_id", "flow_run_id", "kind", "input_dir", "output_dir", "as_of", "started_at", "finished_at",
               "duration_s", "rules_version", "input_hashes", "ledger", "flag_counts", "rules_dir", "engine",
               "spark_master")
FLAG_COLUMNS = ("household_id", "rule_id", "status", "value", "threshold", "evidence", "fingerprint", "state",
                "record_hashes")
LATEST_RUN = "SELECT run_id, rules_dir FROM runs ORDER BY finished_at DESC LIMIT 1"


_JSON = ("input_hashes", "ledger", "flag_counts")


def default_history_path(output_dir: Path) -> Path:
    """The history lives in the output root: the folder that holds the run's output folder."""
    return output_dir.resolve().parent / HISTORY_FILE


def connect_history(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the history database; a damaged or long-locked one is a
    one-line ``EnvironmentProblem`` naming the file."""
    return open_history(path, _SCHEMA, read_only=read_only)


CHECKS = {
    "runs recorded twice": "SELECT run_id FROM runs GROUP BY run_id HAVING count(*) > 1",
    "flags of a run that is not recorded": "SELECT DISTINCT run_id FROM run_flags WHERE run_id NOT IN (SELECT run_id FROM runs)",
    "decisions on a run that is not recorded": "SELECT seq FROM decisions WHERE run_id NOT IN (SELECT run_id FROM runs)",
    "decisions numbered twice": "SELECT seq FROM decisions GROUP BY seq HAVING count(*) > 1",
    "decisions dated after they were imported": "SELECT seq FROM decisions WHERE decided_on > CAST(imported_at AS DATE)",
}
COUNTS = ("SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM run_flags), (SELECT count(*) FROM decisions), "
          "(SELECT max(finished_at) FROM runs)")


def check_history(path: Path) -> tuple[dict, list[str]]:
    """Counts of what the history holds, and every inconsistency found (each a query of offending rows)."""
    with connect_history(path) as con:
        runs, flags, decisions, latest = con.execute(COUNTS).fetchall()[0]
        problems = [f"{what}: {len(rows)} ({', '.join(str(r[0]) for r in rows[:5])})"
                    for what, sql in CHECKS.items() if (rows := con.execute(sql).fetchall())]
    return {"runs": runs, "run_flags": flags, "decisions": decisions, "latest_run": latest}, problems


def backup(path: Path, target: Path) -> None:
    """A consistent copy of the history at ``target``."""
    backup_history(path, target, _SCHEMA)


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


def is_recorded(path: Path, run_id: str) -> bool:
    """Whether the history holds run ``run_id`` (a killed publication is settled by this)."""
    if not path.exists():
        return False
    with connect_history(path) as con:
        return bool(con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchall()[0][0])


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
    SELECT r.run_id, r.kind, coalesce(r.engine || coalesce(' ' || r.spark_master, ''), '-') AS engine, r.as_of,
           r.finished_at, round(r.duration_s, 1) AS duration_s, r.rules_version,
           (SELECT count(*) FROM run_flags f WHERE f.run_id = r.run_id) AS flags, r.flow_run_id, r.output_dir
    FROM runs r ORDER BY r.finished_at DESC LIMIT ?
"""


def list_runs(path: Path, limit: int = 20) -> pd.DataFrame:
    """The latest runs, newest first, without personal data (counts and hashes only); ``folder``
    says whether the run's output folder still exists."""
    columns = ["run_id", "kind", "engine", "as_of", "finished_at", "duration_s", "rules_version", "flags", "flow_run_id",
               "output_dir", "folder"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    with connect_history(path) as con:
        runs = con.sql(RUNS_LISTED, params=[int(limit)]).to_arrow_table().to_pandas()
    runs["folder"] = ["present" if d and Path(d).is_dir() else "missing" for d in runs["output_dir"]]
    return runs[columns]
