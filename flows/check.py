"""The on-demand check: one household against the latest data run, same matcher, same rules.

``DataRunCheck`` attaches the latest data run read-only once (the agency
data, the register, the matcher's kept keys and weights, the rule set the run
used) and answers any number of checks, concurrently: each check works in a
schema of its own in an in-memory database, so the stages' tables
(``stg_households``, ``links``, ``stg_<source>``, ``flags``, …) hold the
household and its linked records alone, while the matcher's kept tables are
read from the data run through views. The
matcher (``matchers.link_household``) and the rules (``rules.evaluate``) are
the ones a run calls: a household in the register gets the flags its run gave it.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date
from pathlib import Path

import duckdb

import matchers
import rules
from flows.check_input import Applicant
from flows.data_run import DataRun, data_run_path, read_stamp
from flows.errors import UsageError
from flows.warehouse import open_warehouse, store_table

_KEPT = ("match_persons", "match_members", "match_name_tf", "match_records", "match_sound_keys",
         "match_name_keys")

_FLAGS = """SELECT f.rule_id, f.status, f.value, f.threshold,
       to_json(list({'source': e.source, 'record_id': e.record_id, 'member_no': e.member_no,
                     'method': e.method, 'score': round(e.score, 6), 'decision': e.decision}
                    ORDER BY e.source, e.record_id, e.member_no))::VARCHAR AS evidence
FROM flags f LEFT JOIN evidence e USING (household_id, rule_id)
GROUP BY ALL ORDER BY f.rule_id"""

_PROBLEMS = "SELECT rule_id, problem FROM data_problems ORDER BY rule_id, problem"

_REGISTERED = """SELECT DISTINCT a.member_no, m.household_id FROM member_ids a
JOIN match_members m ON m.id_norm = a.id_normalized
WHERE m.household_id <> $household_id ORDER BY a.member_no, m.household_id"""


# The household's linked records of one source, read by their file rows (the data run keeps
# every agency table in file order, so a few rows are a few row groups).
_RECORDS = """CREATE TABLE stg_{source} AS
SELECT r.* FROM run.main.stg_{source} r JOIN (SELECT _row FROM link_rows WHERE source = '{source}') k USING (_row)"""

_LATEST_HR = "SELECT max(period) FROM run.main.stg_hr"


class NoDataRun(UsageError):
    """No completed run has left its agency data under the output root yet."""


class DataRunCheck:
    """The latest data run of an output root, attached once, checked against many times."""

    def __init__(self, root: Path) -> None:
        path = data_run_path(root)
        if not path.is_file():
            raise NoDataRun(f"no data run under {root}: run `hecha run` (or wait for the nightly run) first")
        self.path = path
        self.identity = _identity(path)
        self._con = open_warehouse(Path(":memory:"))
        escaped = str(path).replace("'", "''")
        self._con.execute(f"ATTACH '{escaped}' AS run (READ_ONLY)")
        self.run: DataRun = read_stamp(self._con, "run")
        self.model = matchers.load_model(self._con, "run")
        self.rule_set = rules.load_rule_set(Path(self.run.rules_dir))
        self._con.execute("CREATE SCHEMA data_run")
        for table in _KEPT:
            self._con.execute(f"CREATE VIEW data_run.{table} AS SELECT * FROM run.main.{table}")
        self.latest_hr_period = self._con.execute(_LATEST_HR).fetchall()[0][0] if "hr" in self.run.sources else None
        self._lock = threading.Lock()

    def check(self, applicant: Applicant, as_of: date) -> dict:
        """The §6 answer for one validated household, as of ``as_of``."""
        schema = f"check_{uuid.uuid4().hex}"
        with self._lock:
            con = self._con.cursor()
        try:
            con.execute(f"CREATE SCHEMA {schema}")
            con.execute(f"SET search_path = 'memory.{schema},memory.data_run'")
            _stage(con, applicant)
            matchers.link_household(con, self.model, as_of)
            for source in self.run.sources:
                con.execute(_RECORDS.format(source=source))
            rules.evaluate(con, self.rule_set, as_of, self.run.sources, self.latest_hr_period)
            return self._answer(con, applicant.household_id, as_of)
        finally:
            con.execute(f"DROP SCHEMA IF EXISTS memory.{schema} CASCADE")
            con.close()

    def _answer(self, con: duckdb.DuckDBPyConnection, household_id: str, as_of: date) -> dict:
        flags = [{"rule_id": rule_id, "status": status, "value": value, "threshold": threshold,
                  "evidence": [item for item in json.loads(evidence) if item["source"] is not None]}
                 for rule_id, status, value, threshold, evidence in con.execute(_FLAGS).fetchall()]
        problems = [{"rule_id": r, "problem": p} for r, p in con.execute(_PROBLEMS).fetchall()]
        registered = [{"member_no": n, "household_id": h}
                      for n, h in con.execute(_REGISTERED, {"household_id": household_id}).fetchall()]
        return {"data_run_id": self.run.run_id, "as_of": as_of.isoformat(), "flags": flags,
                "data_problems": problems, "already_registered": registered}

    def is_current(self) -> bool:
        """Whether the data run file is still the one attached (a new run replaces it)."""
        return _identity(self.path) == self.identity


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def _stage(con: duckdb.DuckDBPyConnection, applicant: Applicant) -> None:
    """The household as a run stages its register: ``stg_households``, ``stg_members``, ``check_members``."""
    store_table(con, "stg_households", applicant.households)
    store_table(con, "stg_members", applicant.members)
    con.execute("CREATE VIEW check_members AS SELECT * FROM stg_members")
