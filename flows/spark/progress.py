"""Progress of one step's Spark jobs in the run's log: each Spark stage's tasks as they complete.

A step (``validate hr``, ``rules``) runs its Spark jobs under a job group of
its own (``hecha-<step>``, described ``hecha: <step>`` in the Spark UI). While
it runs, a watcher polls Spark's status tracker and logs each of the group's
stages when its completed-task count changes (at most once per ``INTERVAL``
seconds per stage, and once more at the end), then one line for the whole step: jobs, stages, tasks and
seconds. The lines name steps, stages and counts, never a record's values.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

INTERVAL = 2.0
"""Seconds between two looks at the status tracker."""


def _stages(tracker, group: str) -> dict[int, tuple[str, int, int]]:  # noqa: ANN001 - a StatusTracker
    """The group's stages seen so far: id → (name, completed tasks, tasks)."""
    stages = {}
    for job_id in tracker.getJobIdsForGroup(group):
        job = tracker.getJobInfo(job_id)
        for stage_id in job.stageIds if job else ():
            info = tracker.getStageInfo(stage_id)
            if info is not None and info.numTasks:
                stages[stage_id] = (info.name.split(" at ")[0], info.numCompletedTasks, info.numTasks)
    return stages


def _watch(tracker, group: str, step: str, log: logging.Logger | logging.LoggerAdapter,  # noqa: ANN001
           done: threading.Event) -> None:
    """Log the group's stage progress until ``done`` is set, then each stage's final count once more
    where it changed (so a step quicker than ``INTERVAL`` still logs every stage once)."""
    reported: dict[int, int] = {}
    finished = False
    while not finished:
        finished = done.wait(INTERVAL)
        for stage_id, (name, completed, tasks) in sorted(_stages(tracker, group).items()):
            if reported.get(stage_id) != completed:
                reported[stage_id] = completed
                log.info("Spark %s: stage %d (%s) %d/%d tasks", step, stage_id, name, completed, tasks)


@contextmanager
def spark_step(session, step: str, log: logging.Logger | logging.LoggerAdapter) -> Iterator:  # noqa: ANN001
    """Run the block's Spark jobs as the job group of ``step``, its progress and totals logged."""
    context, group = session.sparkContext, f"hecha-{step.replace(' ', '-')}"
    context.setJobGroup(group, f"hecha: {step}")
    done, started = threading.Event(), time.perf_counter()
    watcher = threading.Thread(target=_watch, args=(context.statusTracker(), group, step, log, done),
                               name=f"spark-progress-{step}", daemon=True)
    watcher.start()
    try:
        yield session
    finally:
        done.set()
        watcher.join()
        stages = _stages(context.statusTracker(), group)
        log.info("Spark %s: %d job(s), %d stage(s), %d task(s) in %.1f s", step,
                 len(context.statusTracker().getJobIdsForGroup(group)), len(stages),
                 sum(tasks for _, _, tasks in stages.values()), time.perf_counter() - started)
        context.setLocalProperty("spark.jobGroup.id", None)
        context.setLocalProperty("spark.job.description", None)
