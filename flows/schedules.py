"""Scheduled runs: the nightly verification and its deployment.

Nightly runs land in ``<root>/nightly/<date>/``; a campaign ("回头看") lands in
``<root>/campaigns/<name>/`` once and is then frozen (``flows.campaigns``). All runs of one root
share the run history ``<root>/hecha-history.duckdb``, so each night's run
reports what changed since the previous one.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from prefect import flow
from prefect.deployments.runner import RunnerDeployment
from prefect.runtime import flow_run
from prefect.schedules import Cron

from flows.dates import DEFAULT_TIMEZONE, local_date, zone
from flows.campaigns import campaign_output, freeze  # noqa: F401 - where callers found them
from flows.history import HISTORY_FILE
from flows.verify import verify

DEFAULT_CRON = "0 2 * * *"
DEFAULT_KEEP = 30


@flow(name="hecha-nightly")
def nightly(input_dir: Path, output_root: Path, rules_dir: str | None = None,
            timezone: str = DEFAULT_TIMEZONE, keep: int = DEFAULT_KEEP) -> dict:
    """Tonight's verification of the configured drop, as of the date of its scheduled start
    in the schedule's time zone (the folder is named by that date too); then only the
    newest ``keep`` nightly folders are kept (the history keeps every run)."""
    scheduled = flow_run.scheduled_start_time or datetime.now(dt_timezone.utc)
    day = nightly_as_of(scheduled, timezone)
    manifest = verify(input_dir, output_root / "nightly" / day.isoformat(), day, rules_dir,
                      history_path=output_root / HISTORY_FILE, kind="nightly",
                      as_of_source={"from": "schedule", "timezone": timezone, "scheduled": scheduled.isoformat()})
    prune_nightly(output_root / "nightly", keep)
    return manifest


def prune_nightly(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` dated nightly folders; return what was removed.

    Disk use stays bounded (each folder holds the night's warehouse); ``hecha runs``
    marks the runs whose folder is gone, and their flags and decisions stay in the history.
    """
    dated = sorted(p for p in folder.glob("????-??-??") if p.is_dir())
    gone = dated[:-keep] if keep > 0 else []
    for old in gone:
        shutil.rmtree(old)
    return gone


def nightly_as_of(scheduled: datetime, timezone: str) -> date:
    """The nightly run's as-of date (and folder name): its scheduled start's date in the schedule's zone."""
    return local_date(scheduled, zone(timezone))


def nightly_deployment(
    input_dir: Path, output_root: Path, *, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE,
    rules_dir: str | None = None, name: str = "nightly", keep: int = DEFAULT_KEEP,
) -> RunnerDeployment:
    """The nightly deployment with its cron schedule (in local time, not UTC)."""
    return nightly.to_deployment(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"input_dir": str(input_dir.resolve()), "output_root": str(output_root.resolve()),
                    "rules_dir": rules_dir, "timezone": timezone, "keep": keep},
        description="hecha nightly verification of the configured extract drop",
        tags=["hecha", "nightly"],
    )
