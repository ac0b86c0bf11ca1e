"""The Spark engine's own steps for the verification flow: start the session, stage a source, judge the households.

The verification flow (``flows.verify``) is the same for both engines; with
``engine="spark"`` it starts the session first, stages each source with
``stage_on_spark`` instead of ``stage_source`` (``flows.tasks.ingest_source``
chooses) and judges the households with ``judge_on_spark`` instead of
``rules.evaluate`` (``flows.tasks.apply_rules`` chooses), and links the records
with ``link_on_spark`` instead of ``matchers.link_records``
(``flows.tasks.match_identities`` chooses). Each step's Spark jobs run as a job
group named after it (``hecha: validate <source>``, ``hecha: link``,
``hecha: rules``) in the Spark UI, their progress per Spark stage in the log.
Cases and outputs run the local engine's code on the driver over the warehouse
(docs/pipeline.md, "The Spark engine").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

import data_contracts
import matchers
import rules
from flows.errors import EnvironmentProblem


@task(name="start-spark", cache_policy=NO_CACHE)
def start_spark(master: str, settings_file: str | None = None) -> str | None:
    """Start (or join) the SparkSession on ``master``; return the Spark UI's address."""
    from flows.spark.session import spark_session

    session = spark_session(master, Path(settings_file) if settings_file else None)
    context = session.sparkContext
    get_run_logger().info("Spark %s on %s (default parallelism %d); Spark UI: %s", session.version, context.master,
                          context.defaultParallelism, context.uiWebUrl or "disabled")
    return context.uiWebUrl


_OUT_OF_MEMORY = "java.lang.OutOfMemoryError"


class SparkOutOfMemory(EnvironmentProblem):
    """A Spark JVM ran out of heap: the operator sizes it in the Spark settings (exit 2)."""


def out_of_memory(error: BaseException, step: str) -> SparkOutOfMemory | None:
    """The operator's error for a step whose JVM ran out of heap (Spark reports it inside its own
    error's text), or None for any other error."""
    if _OUT_OF_MEMORY not in str(error):
        return None
    return SparkOutOfMemory(f"Spark ran out of Java heap memory in step '{step}': give it more in --spark-conf "
                            "(spark.driver.memory 8g on a local master, spark.executor.memory on a cluster)")


@contextmanager
def spark_jobs(step: str) -> Iterator:
    """The run's session, with the Spark jobs started inside the block grouped as ``step``
    and their progress logged (``flows.spark.progress``)."""
    from flows.spark.progress import spark_step
    from flows.spark.session import current_session

    try:
        with spark_step(current_session(), step, get_run_logger()) as session:
            yield session
    except Exception as error:
        if (exhausted := out_of_memory(error, step)) is not None:
            raise exhausted from None
        raise


def stage_on_spark(source: str, path: Path, household_ids: set[str] | None) -> data_contracts.StagedSource:
    """Read and stage one source on the run's session: read by Spark where its reader is
    faithful (``flows.spark.readers``), else by the driver's reader; validated partitioned by
    its key (``flows.spark.ingest``)."""
    from flows.spark.ingest import stage_frame
    from flows.spark.ingest import stage_on_spark as staged_by_partition
    from flows.spark.readers import spark_extract

    with spark_jobs(f"validate {source}") as session:
        read = spark_extract(session, source, path)
        if read is None:
            return staged_by_partition(session, source, data_contracts.read_extract(source, path), household_ids)
        rows, names = read
        return stage_frame(session, source, rows, names, household_ids)


def judge_on_spark(con: duckdb.DuckDBPyConnection, rule_set: rules.RuleSet, as_of: date,
                   sources: list[str]) -> rules.RuleSummary:
    """Judge the warehouse's households on the run's session, partitioned by household (``flows.spark.household_rules``)."""
    from flows.spark.household_rules import judge_on_spark as judged_by_partition

    with spark_jobs("rules") as session:
        return judged_by_partition(session, con, rule_set, as_of, sources)


def link_on_spark(con: duckdb.DuckDBPyConnection, sources: list[str], as_of: date,
                  config: matchers.MatchConfig | None = None) -> matchers.LinkSummary:
    """Link the warehouse's agency records to its members on the run's session, the candidate
    pairs partitioned by blocking key and scored by person then member (``flows.spark.linking``)."""
    from flows.spark.linking import link_on_spark as linked_by_partition

    with spark_jobs("link") as session:
        return linked_by_partition(session, con, sources, config, as_of)
