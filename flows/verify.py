"""The verification flow: one extract drop in, one output folder out.

Thin by design: it orders the tasks, keeps the ledger, compares with the
previous run of the same drop, carries the auditors' decisions over, and
publishes the output folder and records the run in the history as one step
(either both happen or neither). Unusable input (a missing file or column, a
broken rule set or matcher settings file) stops the run before anything is published.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger
from prefect.futures import wait
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.runtime import flow_run

import rules
from flows import data_run, history
from flows.artifacts import publish_run_artifacts
from flows.drop import Extract, locate_extracts
from flows.engine import signals_crash_the_run
from flows.matcher_settings import load_match_config
from flows.outputs import publish_and_record, staged_output
from flows.publish import write_outputs
from flows.tasks import (
    IngestedSource, agency_sources, apply_rules, carry_over_decisions, ingest_source, match_identities, rules_path,
)
from flows.timing import StageClock
from flows.warehouse import WAREHOUSE_FILE, open_warehouse


@flow(name="hecha-verify", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=2))
def verify(
    input_dir: Path, output_dir: Path, as_of: date, rules_dir: str | None = None,
    history_path: Path | None = None, kind: str = "run", campaign: str | None = None,
    as_of_source: dict | None = None, keep_warehouse: bool = False,
    engine: str = "local", spark_master: str = "local[*]", spark_conf: str | None = None,
) -> dict:
    """Verify one drop as of ``as_of``; return the manifest that was written.

    The run's warehouse becomes the latest data run beside the history
    (``flows.data_run``); the output folder keeps it too with ``keep_warehouse``.
    ``engine="spark"`` stages the sources and judges the households on Spark
    (``spark_master``, settings from ``spark_conf``); every stage runs the same
    code on either engine.
    """
    started_at = datetime.now(timezone.utc)
    history_db = history_path or history.default_history_path(output_dir)
    clock = StageClock()
    rule_set = rules.load_rule_set(rules_path(rules_dir))
    match_config = load_match_config(rules_path(rules_dir))
    extracts = locate_extracts(input_dir)
    sources = agency_sources(extracts)
    with signals_crash_the_run(), staged_output(output_dir, lambda run_id: history.is_recorded(history_db, run_id)) as folder:
        if engine == "spark":
            from flows.spark.tasks import start_spark

            with clock.stage("spark-start"):
                start_spark(spark_master, spark_conf)
        with open_warehouse(folder / WAREHOUSE_FILE) as con:
            staged = ingest_drop(extracts, sources, con, clock, engine)
            with clock.stage("match"):
                match_identities(con, sources, as_of, match_config, engine)
            with clock.stage("rules"):
                judged = apply_rules(con, rule_set, as_of, sources, engine)
            previous = history.previous_flags(history_db, input_dir)
            with clock.stage("cases"):
                book = carry_over_decisions(con, sources, history_db, previous)
            manifest, flags = write_outputs(
                con, folder, staged=staged, rule_set=rule_set, judged=judged, book=book, as_of=as_of,
                started_at=started_at, previous_flags=previous, campaign=campaign, clock=clock,
                as_of_source=as_of_source or {"from": "caller"},
            )
            data_run.stamp(con, manifest["run_id"], as_of, rules_path(rules_dir), sources)
            con.execute("CHECKPOINT")
        entry = {**history_entry(manifest, kind, input_dir, output_dir), "rules_dir": str(rules_path(rules_dir).resolve()),
                 "engine": engine, "spark_master": spark_master if engine == "spark" else None}
        publish_and_record(folder, output_dir, manifest["run_id"], lambda: history.record_run(history_db, entry, flags))
    data_run.keep_as_latest(output_dir / WAREHOUSE_FILE, history_db.parent, keep_warehouse or kind == "campaign")
    publish_run_artifacts(manifest)
    get_run_logger().info("run %s published", manifest["run_id"])
    return manifest


def ingest_drop(
    extracts: dict[str, Extract], sources: list[str], con: duckdb.DuckDBPyConnection, clock: StageClock,
    engine: str = "local",
) -> list[IngestedSource]:
    """Ingest, validate and stage every source: households first (members are checked
    against the accepted households), then members and the agency sources concurrently
    (on Spark with ``engine="spark"``).

    Every ingestion is waited for before any failure is raised, so none is still
    writing when the output folder is discarded.
    """
    households = ingest_source(extracts["households"], con, clock, engine=engine)
    household_ids = {row[0] for row in con.sql("SELECT household_id FROM stg_households").fetchall()}
    futures = [ingest_source.submit(extracts["members"], con, clock, household_ids, engine)]
    futures += [ingest_source.submit(extracts[source], con, clock, engine=engine) for source in sources]
    wait(futures)
    return [households, *(future.result() for future in futures)]


def history_entry(manifest: dict, kind: str, input_dir: Path, output_dir: Path) -> dict:
    """What the run history keeps of a run: identifiers, hashes, counts, timing."""
    started = datetime.fromisoformat(manifest["started_at"])
    finished = datetime.fromisoformat(manifest["finished_at"])
    return {
        "run_id": manifest["run_id"], "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "kind": kind, "input_dir": str(input_dir.resolve()), "output_dir": str(output_dir.resolve()),
        "as_of": manifest["as_of"], "started_at": started, "finished_at": finished,
        "duration_s": (finished - started).total_seconds(), "rules_version": manifest["rules_version"],
        "input_hashes": {s: e["sha256"] for s, e in manifest["sources"].items()},
        "ledger": manifest["sources"], "flag_counts": manifest["flags"],
    }
