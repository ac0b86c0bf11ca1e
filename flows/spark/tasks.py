"""The Spark engine's own Prefect tasks: start the session, stage one source on it.

The verification flow (``flows.verify``) is the same for both engines; with
``engine="spark"`` it starts the session first and stages each source with
``stage_on_spark`` instead of ``stage_source`` (``flows.tasks.ingest_source``
chooses). Matching, rules, cases and outputs then run the local engine's code
on the driver over the staged warehouse (docs/pipeline.md, "The Spark engine").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

import data_contracts


@task(name="start-spark", cache_policy=NO_CACHE)
def start_spark(master: str, settings_file: str | None = None) -> str | None:
    """Start (or join) the SparkSession on ``master``; return the Spark UI's address."""
    from flows.spark.session import spark_session

    session = spark_session(master, Path(settings_file) if settings_file else None)
    context = session.sparkContext
    get_run_logger().info("Spark %s on %s (default parallelism %d); Spark UI: %s", session.version, context.master,
                          context.defaultParallelism, context.uiWebUrl or "disabled")
    return context.uiWebUrl


def stage_on_spark(source: str, raw: pd.DataFrame, household_ids: set[str] | None) -> data_contracts.StagedSource:
    """Stage one source on the run's session, as a Spark job named after the source."""
    from flows.spark.ingest import stage_on_spark as staged_by_partition
    from flows.spark.session import current_session

    session = current_session()
    session.sparkContext.setJobDescription(f"hecha: validate {source}")
    try:
        return staged_by_partition(session, source, raw, household_ids)
    finally:
        session.sparkContext.setJobDescription(None)
