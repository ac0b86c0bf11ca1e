"""Dates in the schedule's time zone, on both sides of midnight."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from flows.cli import main
from flows.dates import local_date, zone

SHANGHAI = zone("Asia/Shanghai")


@pytest.mark.parametrize(("utc", "day"), [
    (datetime(2026, 12, 1, 15, 59, tzinfo=timezone.utc), date(2026, 12, 1)),   # 23:59 in Beijing
    (datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc), date(2026, 12, 2)),    # 00:00 in Beijing
    (datetime(2026, 12, 1, 18, 0), date(2026, 12, 2)),                         # naive means UTC
])
def test_the_date_is_the_time_zones_date(utc: datetime, day: date) -> None:
    assert local_date(utc, SHANGHAI) == day


def test_the_02_00_shanghai_nightly_run_is_dated_that_day() -> None:
    from flows.schedules import nightly, nightly_as_of

    scheduled = datetime(2026, 12, 1, 18, 0, tzinfo=timezone.utc)  # 02:00 on 12-02 in Beijing
    assert nightly_as_of(scheduled, "Asia/Shanghai") == date(2026, 12, 2)
    before_midnight = datetime(2026, 12, 1, 15, 30, tzinfo=timezone.utc)  # 23:30 on 12-01 in Beijing
    assert nightly_as_of(before_midnight, "Asia/Shanghai") == date(2026, 12, 1)
    assert "timezone" in nightly.parameters.properties


def test_an_unknown_time_zone_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--input", str(tmp_path), "--output", str(tmp_path / "o"), "--timezone", "Mars/Olympus"]) == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err


def test_the_manifest_says_where_the_as_of_date_came_from(sample_run: Path) -> None:
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of_source"] == {"from": "--as-of"}


def test_only_the_newest_nightly_folders_are_kept(tmp_path: Path) -> None:
    from flows.schedules import prune_nightly

    for day in ("2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"):
        (tmp_path / day).mkdir()
    (tmp_path / "notes").mkdir()
    removed = prune_nightly(tmp_path, keep=2)
    assert [p.name for p in removed] == ["2026-11-29", "2026-11-30"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-12-01", "2026-12-02", "notes"]
    assert prune_nightly(tmp_path, keep=0) == []
