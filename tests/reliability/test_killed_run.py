"""A run killed (SIGKILL) while it is matching leaves no output folder and an intact history.

A 3,000-household CSV drop keeps the run in ``match-identities`` long enough
to kill it there: the test waits until the hidden partial folder holds the
warehouse and the log names that task, then kills the ``hecha`` process.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import AS_OF, ROOT, SAMPLE_DROP, run_hecha

HECHA = Path(sys.executable).parent / "hecha"
PATIENCE_S = 180


def _matching_started(root: Path, log: Path) -> bool:
    partial = any((folder / "warehouse.duckdb").exists() for folder in root.glob(".out.partial-*"))
    return partial and "match-identities" in log.read_text(encoding="utf-8", errors="replace")


def _kill_while_matching(drop: Path, root: Path, signum: int = signal.SIGKILL) -> None:
    log = root / "hecha.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    env["PREFECT_HOME"] = str(root / "prefect")
    (root / "prefect").mkdir(exist_ok=True)
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [str(HECHA), "run", "--input", str(drop), "--output", str(root / "out"), "--as-of", AS_OF],
            stdout=stream, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + PATIENCE_S
        while not _matching_started(root, log):
            assert process.poll() is None, "hecha ended before it was killed"
            assert time.monotonic() < deadline, "hecha never reached match-identities"
            time.sleep(0.2)
        process.send_signal(signum)
        process.wait(timeout=60)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the temporary Prefect server it started
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output root of a completed run ('earlier') and of one killed while matching a 3,000-household drop."""
    root = tmp_path_factory.mktemp("killed")
    assert run_hecha(SAMPLE_DROP, root / "earlier").code == 0  # so that there is a history to corrupt
    subprocess.run([sys.executable, str(ROOT / "sample_data" / "generate.py"), "--households", "3000",
                    "--formats", "csv", "--out", str(root / "big")], check=True, capture_output=True)
    _kill_while_matching(root / "big" / "drop", root)
    return root


def test_killed_run_leaves_no_output_folder(killed: Path):
    assert not (killed / "out").exists()


def test_killed_run_leaves_the_history_readable_and_without_it(killed: Path):
    with duckdb.connect(str(killed / "hecha-history.duckdb"), read_only=True) as con:
        outputs = con.sql("SELECT output_dir FROM runs").fetchall()
    assert [Path(output).name for (output,) in outputs] == ["earlier"]


def test_next_run_into_the_same_output_sweeps_the_killed_partial_folder(killed: Path, tmp_path: Path):
    assert list(killed.glob(".out.partial-*"))  # what the kill left
    assert run_hecha(SAMPLE_DROP, killed / "out").code == 0
    assert not list(killed.glob(".out.partial-*"))


def test_a_terminated_run_is_marked_crashed_and_removes_its_partial_output(tmp_path: Path):
    """SIGTERM (what a scheduler or systemd sends) ends the run as an interruption: Prefect marks
    the flow run Crashed in its database, and the partial folder is removed on the way out."""
    subprocess.run([sys.executable, str(ROOT / "sample_data" / "generate.py"), "--households", "3000",
                    "--formats", "csv", "--out", str(tmp_path / "big")], check=True, capture_output=True)
    _kill_while_matching(tmp_path / "big" / "drop", tmp_path, signal.SIGTERM)
    with sqlite3.connect(tmp_path / "prefect" / "prefect.db") as db:
        states = [row[0] for row in db.execute("SELECT state_type FROM flow_run")]
    assert states == ["CRASHED"]
    assert not list(tmp_path.glob(".out.partial-*")) and not (tmp_path / "out").exists()
