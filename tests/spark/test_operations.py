"""Running on Spark as an operator sees it: a campaign on the Spark engine, the engine in the
run history, and each Spark step's progress per stage in the run's log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from drops import AS_OF, two_region_drop


class Collected(logging.Handler):
    """The messages logged while it is attached to the root logger. It has a formatter, so
    Prefect's logging set-up, when a run redoes it, keeps it there as a user's handler."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(message)s"))
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_campaign_runs_on_spark_and_the_history_names_the_engine(
        tmp_path: Path, spark_ready: str, prefect_api: None) -> None:
    from flows.cli import main
    from flows.history import HISTORY_FILE, list_runs

    drop = two_region_drop(tmp_path / "generated", 12, (77, 78))
    root = tmp_path / "root"
    collected = Collected()
    logging.getLogger().addHandler(collected)
    try:
        assert main(["campaign", "spring", "--input", str(drop), "--output-root", str(root),
                     "--as-of", AS_OF.isoformat(), "--engine", "spark", "--spark-master", spark_ready]) == 0
    finally:
        logging.getLogger().removeHandler(collected)
    assert main(["run", "--input", str(drop), "--output", str(root / "local"), "--as-of", AS_OF.isoformat()]) == 0
    assert (root / "campaigns" / "spring" / "flags.csv").is_file()
    runs = list_runs(root / HISTORY_FILE)
    assert runs["kind"].tolist() == ["run", "campaign"]
    assert runs["engine"].tolist() == ["local", f"spark {spark_ready}"]
    progress = [message for message in collected.messages if message.startswith("Spark ")]
    for step in ("validate households", "validate hr", "rules"):
        assert any(m.startswith(f"Spark {step}: ") and " task(s) in " in m for m in progress), step
    assert any(m.startswith("Spark rules: stage ") for m in progress)


def test_a_campaign_refuses_an_unknown_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.cli import main

    assert main(["campaign", "spring", "--input", str(tmp_path), "--output-root", str(tmp_path / "root"),
                 "--engine", "hadoop"]) == 2
    assert capsys.readouterr().err.strip() == "Error: --engine must be one of local, spark, got 'hadoop'"
    assert not (tmp_path / "root").exists()
