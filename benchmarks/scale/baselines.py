"""The two baselines, each run in a measured worker process: the DuckDB floor and Splink."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from scale.accuracy import score_splink
from scale.drops import ROOT, Drop
from scale.processes import run_measured

WORKER = Path(__file__).resolve().parent / "worker.py"


def _run_worker(kind: str, drop: Drop, run_dir: Path, extra: list[str], timeout: float | None) -> dict:
    """Run one worker; merge its in-process figures with the outside measurement."""
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    result = run_dir / "result.json"
    command = [sys.executable, str(WORKER), kind, str(drop.drop_dir), str(result), *extra]
    measured = run_measured(command, run_dir / f"{kind}.log", cwd=ROOT, timeout=timeout)
    figures = json.loads(result.read_text(encoding="utf-8")) if result.is_file() else {}
    return {"returncode": measured.returncode, "timed_out": measured.timed_out,
            "wall_seconds": measured.seconds, "peak_rss_bytes": measured.peak_rss_bytes,
            "log": str(measured.log), **figures}


def run_floor_baseline(drop: Drop, run_dir: Path) -> dict:
    """The floor query, timed in its worker; peak RSS of the worker process."""
    return _run_worker("floor", drop, run_dir, [], timeout=None)


def run_splink_baseline(drop: Drop, run_dir: Path, timeout: float) -> dict:
    """Splink trained and predicted in its worker (stopped after ``timeout`` s), then scored."""
    links = run_dir / "splink_links.parquet"
    figures = _run_worker("splink", drop, run_dir, [str(links)], timeout=timeout)
    if figures["returncode"] == 0 and links.is_file():
        figures["accuracy"] = score_splink(drop.truth_dir, links)
    return figures
