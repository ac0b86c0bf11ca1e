"""Run history, run-to-run changes, the nightly deployment and campaign snapshots."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pandas as pd
import pytest
from prefect.client.orchestration import get_client

from flows.changes import compare_flags, count_changes
from flows.cli import main
from flows.schedules import campaign_output, nightly_deployment
from flows.errors import UsageError

COLUMNS = ["household_id", "rule_id", "status", "value", "threshold", "evidence"]


def _flags(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


def test_compare_flags_finds_new_resolved_and_changed() -> None:
    before = _flags(("H1", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"),
                    ("H2", "INCOME_OVER_LIMIT", "breach", "900.00", "880.00", "hr:R1"),
                    ("H3", "MEMBER_DECEASED", "review", "1", "0", "hukou:P1"))
    now = _flags(("H2", "INCOME_OVER_LIMIT", "breach", "950.00", "880.00", "hr:R1"),
                 ("H3", "MEMBER_DECEASED", "review", "1", "0", "hukou:P1"),
                 ("H4", "VEHICLE_OWNED", "review", "1", "0", "vehicles:V9"))
    changes = compare_flags(before, now)
    assert changes[["change", "household_id"]].values.tolist() == [["resolved", "H1"], ["changed", "H2"], ["new", "H4"]]
    assert count_changes(changes) == {"new": 1, "resolved": 1, "changed": 1}


def test_first_run_has_no_changes() -> None:
    assert compare_flags(None, _flags(("H1", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"))).empty


def test_nightly_deployment_is_created_with_local_time_schedule(tmp_path: Path) -> None:
    deployment_id = nightly_deployment(tmp_path / "drop", tmp_path / "root", cron="30 1 * * *").apply()

    async def read() -> object:
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    deployment = asyncio.run(read())
    assert deployment.name == "nightly"
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("30 1 * * *", "Asia/Shanghai")
    assert deployment.parameters["output_root"] == str((tmp_path / "root").resolve())


def test_campaign_snapshot_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "campaigns" / "2026-q4").mkdir(parents=True)
    with pytest.raises(UsageError, match="frozen snapshot"):
        campaign_output(tmp_path, "2026-q4")
    with pytest.raises(UsageError, match="campaign name"):
        campaign_output(tmp_path, "../escape")


def test_runs_lists_nothing_for_a_new_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "--output-root", str(tmp_path)]) == 0
    assert "no runs recorded yet" in capsys.readouterr().out
