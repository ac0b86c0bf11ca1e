"""With no Prefect API configured, ``hecha run`` (the program, as a new user runs it) is a real Prefect
flow run against a temporary server that hecha starts before the drop check and stops at the end:
flow and task runs, their state events and the logs are recorded (flow-run heartbeats, which only a
lasting server reads, are not sent), nothing keeps running afterwards, bad input stops the server
unused, and a killed hecha takes its server with it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
PROGRAM = [sys.executable, "-m", "flows.entry"]  # what the hecha console script runs


def _environment(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    return env


def _servers_of(home: Path) -> list[int]:
    """Pids of live processes whose environment points Prefect at ``home`` (the temporary server)."""
    wanted = f"PREFECT_HOME={home}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted in (entry / "environ").read_bytes().split(b"\0") and \
                    b"uvicorn" in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _gone(home: Path, patience: float = 15.0) -> bool:
    deadline = time.monotonic() + patience
    while _servers_of(home):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def test_a_run_without_an_api_is_a_real_prefect_flow_run_and_leaves_nothing_running(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    done = subprocess.run([*PROGRAM, "run", "--input", str(SAMPLE_DROP), "--output", str(tmp_path / "out"),
                           "--as-of", "2026-11-30"], capture_output=True, text=True, env=_environment(home),
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Starting temporary server on http://127.0.0.1:" in done.stderr
    assert "outputs written to" in done.stdout  # stdout flushed before the quick exit
    assert "View at" not in done.stderr  # no UI is served, and the server is gone after the run
    with sqlite3.connect(home / "prefect.db") as db:
        flows = db.execute("SELECT state_type FROM flow_run").fetchall()
        tasks = dict(db.execute("SELECT name, state_type FROM task_run"))
        logs = [message for (message,) in db.execute("SELECT message FROM log ORDER BY timestamp")]
        events = dict(db.execute("SELECT event, count(*) FROM events GROUP BY event"))
    assert flows == [("COMPLETED",)]
    assert events["prefect.flow-run.Completed"] == 1 and events["prefect.task-run.Completed"] == len(tasks)
    assert "prefect.flow-run.heartbeat" not in events  # nobody would read them; joining their thread costs 0-1 s
    assert any(m.endswith(" published") for m in logs) and logs[-1] == "Finished in state Completed()"  # drained
    # to the server before it stopped
    assert tasks["ingest-households"] == "COMPLETED" and any(n.startswith("match-identities") for n in tasks)
    assert set(tasks.values()) == {"COMPLETED"}
    assert _gone(home), "the temporary server outlived the run"


def test_bad_input_stops_the_server_unused(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    done = subprocess.run([*PROGRAM, "run", "--input", str(tmp_path / "no-such-drop"), "--output",
                           str(tmp_path / "out"), "--as-of", "2026-11-30"], capture_output=True, text=True,
                          env=_environment(home), timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"Error: input folder {tmp_path / 'no-such-drop'} does not exist "
                                                "or is not a folder"]
    assert _gone(home)


def test_a_killed_hecha_takes_its_temporary_server_with_it(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    process = subprocess.Popen([*PROGRAM, "run", "--input", str(SAMPLE_DROP), "--output", str(tmp_path / "out"),
                                "--as-of", "2026-11-30"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=_environment(home), cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _servers_of(home):
            assert process.poll() is None and time.monotonic() < deadline, "no temporary server started"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)  # hecha alone: no atexit, no clean-up of its own
        process.wait(timeout=30)
        assert _gone(home), "the temporary server was orphaned"
    finally:
        for pid in _servers_of(home):
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
