"""Run a command and measure it: wall seconds, peak RSS and CPU seconds of its whole process tree.

``hecha run`` starts helper processes (Prefect's temporary server; on the
Spark engine the JVM and its Python workers), so the resident memory that
matters is the sum over the process and all its descendants. psutil samples
that sum every 0.1 s; a peak shorter than the interval can be missed, so the
figure is a lower bound within one sample. The CPU seconds are each process's
user + system time as last sampled, summed (a process's last 0.1 s, and a
process that lived less than that, are missed: a lower bound too).
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Measured:
    """What one measured command did: exit code, wall time, peak tree RSS, and where its log is."""

    returncode: int
    seconds: float
    peak_rss_bytes: int
    log: Path
    timed_out: bool = False
    cpu_seconds: float = 0.0


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of ``process`` plus every live descendant (vanished ones count 0)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def tree_cpu(process: psutil.Process, seen: dict[int, float]) -> None:
    """Record in ``seen`` the CPU seconds (user + system) of ``process`` and each live descendant."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for member in members:
        try:
            times = member.cpu_times()
            seen[member.pid] = max(seen.get(member.pid, 0.0), times.user + times.system)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue


def run_measured(command: list[str], log: Path, *, cwd: Path, env: dict[str, str] | None = None,
                 timeout: float | None = None) -> Measured:
    """Run ``command`` with stdout+stderr to ``log``, sampling tree RSS until it exits or times out."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        watched = psutil.Process(child.pid)
        peak, timed_out, cpu = 0, False, {}
        while child.poll() is None:
            peak = max(peak, tree_rss(watched))
            tree_cpu(watched, cpu)
            if timeout is not None and time.perf_counter() - started > timeout:
                timed_out = True
                _stop_tree(watched)
                break
            time.sleep(SAMPLE_SECONDS)
        returncode = child.wait()
        seconds = time.perf_counter() - started
    return Measured(returncode, seconds, peak, log, timed_out, sum(cpu.values()))


def _stop_tree(process: psutil.Process) -> None:
    """Terminate a timed-out command and the processes it started (by pid, children first)."""
    for member in [*process.children(recursive=True), process]:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            continue
