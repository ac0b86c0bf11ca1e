"""The verification's tasks: small, typed steps a data officer can recognise in the Prefect UI.

Each task wraps one stage call; the stages themselves know nothing of Prefect.
File reading is retried with backoff (network shares hiccup); a contract
violation is not retried, because reading the same bytes again cannot help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

import data_contracts
import matchers
import review
import rules

from flows.drop import Extract
from flows.timing import StageClock
from flows.warehouse import store_table, warehouse_cursor


@dataclass(frozen=True)
class IngestedSource:
    """What the flow keeps of a source once its accepted rows are in the warehouse."""

    source: str
    quarantine: pd.DataFrame
    ledger: dict


def _is_transient(task, task_run, state) -> bool:  # noqa: ANN001 - Prefect's callback signature
    """Retry only transient I/O failures; a file that breaks its contract stays broken."""
    return data_contracts.is_transient(state.result(raise_on_failure=False))


@task(
    name="ingest-and-validate",
    task_run_name="ingest-{extract.source}",
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=_is_transient,
    cache_policy=NO_CACHE,
)
def ingest_source(
    extract: Extract, con: duckdb.DuckDBPyConnection, clock: StageClock, household_ids: set[str] | None = None,
    engine: str = "local",
) -> IngestedSource:
    """Read one extract, split it into accepted (typed) and quarantined rows, and stage
    the accepted rows in the warehouse as ``stg_<source>``.

    ``engine="spark"`` reads with Spark's reader where it is faithful and
    validates on the run's SparkSession, partitioned by the source's key
    (``flows.spark.readers``, ``flows.spark.ingest``), with the same result.

    Safe to run for several sources at once: each call writes through its own cursor.
    Only the quarantine and the ledger are returned, so the accepted rows live in
    the warehouse alone (at province scale they are gigabytes).
    """
    with clock.stage(f"ingest-{extract.source}"):
        if engine == "spark":
            from flows.spark.tasks import stage_on_spark

            staged = stage_on_spark(extract.source, extract.path, household_ids)
        else:
            raw = data_contracts.read_extract_arrow(extract.source, extract.path)
            staged = data_contracts.stage_source(extract.source, raw, household_ids=household_ids)
        with warehouse_cursor(con) as cursor:
            store_table(cursor, f"stg_{extract.source}", staged.accepted)
    get_run_logger().info(
        "%s: %d received, %d accepted, %d quarantined",
        extract.source, staged.received, staged.accepted_count, staged.quarantined_count,
    )
    return IngestedSource(extract.source, staged.quarantine, staged.ledger_entry(extract.path.name, extract.sha256))


@task(name="match-identities", cache_policy=NO_CACHE)
def match_identities(con: duckdb.DuckDBPyConnection, sources: list[str], as_of: date,
                     config: matchers.MatchConfig | None = None, engine: str = "local") -> matchers.LinkSummary:
    """Link every agency record to registered members (tables ``links`` and ``member_ids``)
    with the rule set's matcher settings (``config``, default the documented ones);
    a birth date after ``as_of`` makes an ID invalid. ``engine="spark"`` pairs and scores
    on the run's SparkSession (``flows.spark.linking``), with the same tables."""
    if engine == "spark":
        from flows.spark.tasks import link_on_spark

        summary = link_on_spark(con, sources, as_of, config)
    else:
        summary = matchers.link_records(con, sources, config, as_of=as_of)
    get_run_logger().info("identity matching: %d links, by decision %s", summary.total, summary.by("decision"))
    return summary


@task(name="apply-rules", cache_policy=NO_CACHE)
def apply_rules(
    con: duckdb.DuckDBPyConnection, rule_set: rules.RuleSet, as_of: date, sources: list[str], engine: str = "local"
) -> rules.RuleSummary:
    """Evaluate the rule set (tables ``flags``, ``evidence``, ``traces``, ``data_problems``);
    ``engine="spark"`` judges the households on the run's SparkSession, partitioned by
    household (``flows.spark.household_rules``), with the same tables."""
    if engine == "spark":
        from flows.spark.tasks import judge_on_spark

        summary = judge_on_spark(con, rule_set, as_of, sources)
    else:
        summary = rules.evaluate(con, rule_set, as_of, sources)
    get_run_logger().info("rules applied: flags by rule %s", summary.flags)
    return summary


@task(name="carry-over-decisions", cache_policy=NO_CACHE)
def carry_over_decisions(
    con: duckdb.DuckDBPyConnection, sources: list[str], history_db: Path, previous: pd.DataFrame | None
) -> review.CaseBook:
    """Fingerprint every case and give it the state of its latest decision (or reopen it)."""
    from flows.cases import judge_cases

    book = judge_cases(con, sources, history_db, previous)
    get_run_logger().info("cases: %s carried, %s reopened, %s resolved", book.counts["carried"],
                          book.counts["reopened"], book.counts["resolved"])
    return book


def agency_sources(extracts: dict[str, Extract]) -> list[str]:
    """The agency sources present in the drop, in contract order."""
    register = {"households", "members"}
    return [s for s in data_contracts.SOURCES if s in extracts and s not in register]


def rules_path(path: str | None) -> Path:
    """The rule set to load: ``--rules`` or the reference set shipped in ``rules/``."""
    return Path(path) if path else rules.REFERENCE_RULES
