"""The history database file: opened with care, created atomically, checked and backed up.

It holds the run history and the auditors' decisions: losing it loses their
work. So a new one is built beside its place and linked in only when
complete (a full disk leaves no 0-byte file behind); a damaged one is never
overwritten but named in a one-line error with what to do; a lock held by
another hecha process is waited for (``HECHA_HISTORY_LOCK_WAIT`` seconds,
default 30) before giving up; a backup is a byte copy taken after a checkpoint
while the lock is held, so no writer can change the file under the copy.
"""
from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

import duckdb

from flows.errors import EnvironmentProblem
from flows.warehouse import open_warehouse

_LOCKED = "Could not set lock"
_WHAT_TO_DO = ("restore the latest backup (hecha history backup) or move the file aside to start a new "
               "history; it holds the auditors' decisions, so do not delete it")


def _lock_wait() -> float:
    return float(os.environ.get("HECHA_HISTORY_LOCK_WAIT", "30"))


def _create(path: Path, schema: str) -> None:
    """Build a new history beside ``path`` and link it in only when complete (never over another)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.parent / f".{path.name}.new-{uuid.uuid4().hex[:8]}"
    try:
        with open_warehouse(fresh) as con:
            con.execute(schema)
            con.execute("CHECKPOINT")
        try:
            os.link(fresh, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
    finally:
        for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
            leftover.unlink(missing_ok=True)


def open_history(path: Path, schema: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the history at ``path`` (created when absent, unless read-only)."""
    if not path.exists() and not read_only:
        _create(path, schema)
    deadline = time.monotonic() + _lock_wait()
    while True:
        try:
            con = open_warehouse(path, read_only=read_only)
            break
        except duckdb.IOException as error:
            if _LOCKED in str(error) and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            if _LOCKED in str(error):
                raise EnvironmentProblem(f"the run history {path} is locked by another process for more than "
                                         f"{_lock_wait():g} s: let that run finish and retry") from None
            raise EnvironmentProblem(f"the run history {path} is damaged (not a DuckDB database): {_WHAT_TO_DO}") \
                from None
    if not read_only:
        con.execute(schema)
    return con


def backup_history(path: Path, target: Path, schema: str) -> None:
    """A consistent copy of the history at ``target`` (written beside it, then renamed)."""
    if not path.is_file():
        raise EnvironmentProblem(f"no run history at {path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        with open_history(path, schema) as con:
            con.execute("CHECKPOINT")
            shutil.copyfile(path, partial)
            descriptor = os.open(partial, os.O_RDONLY)
            os.fsync(descriptor)
            os.close(descriptor)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
