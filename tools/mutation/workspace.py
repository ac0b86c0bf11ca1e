"""Throw-away copies of the repository, and running an area's tests in one.

Mutations are never applied to the working tree: each worker gets its own copy
of the files git would see (tracked and untracked, ignored ones left out), with
``shared/`` (the interface spec CI lays beside the checkout) linked in where
the tests look for it. Tests run in a fresh interpreter with bytecode caching
off, so a mutated module is always compiled from its mutated source.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_NOT_COPIED = {".git", ".venv", "mutants", "test-artifacts", "out", "__pycache__", ".pytest_cache", ".hypothesis"}


@dataclass(frozen=True)
class TestRun:
    """How one test run ended: pytest's exit code (None on timeout), seconds, the first failure."""

    code: int | None
    seconds: float
    failure: str


def make_copy(target: Path, root: Path = ROOT) -> Path:
    """Copy the repository's files to ``target/repo`` and link ``shared`` beside it; return the copy."""
    copy = target / "repo"
    for name in _files(root):
        source = root / name
        if source.is_file() and not (set(Path(name).parts) & _NOT_COPIED):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    shared = root.parent / "shared"
    if shared.is_dir():
        for place in (target / "shared", copy / "shared"):  # tests look two or three levels up
            place.symlink_to(shared, target_is_directory=True)
    return copy


def _files(root: Path) -> list[str]:
    """The files git would see (tracked and untracked, not ignored); every file when git is absent."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=root,
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted({name for name in listed.decode("utf-8").split("\0") if name})


def run_tests(copy: Path, tests: list[str], timeout: float) -> TestRun:
    """``pytest -x -q`` over ``tests`` in ``copy``, in a fresh interpreter that imports the copy's code."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(copy)}
    command = [sys.executable, "-m", "pytest", *tests, "-x", "-q", "-p", "no:cacheprovider", "--no-header"]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return TestRun(None, time.monotonic() - started, "timeout")
    failures = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return TestRun(done.returncode, time.monotonic() - started, failures[0] if failures else done.stdout[-300:])


def check_imports_from(copy: Path, packages: list[str]) -> None:
    """Fail unless a test process started in ``copy`` imports ``packages`` from the copy (not the checkout)."""
    code = "import importlib, sys; print('\\n'.join(importlib.import_module(p).__file__ for p in sys.argv[1:]))"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(copy)}
    found = subprocess.run([sys.executable, "-c", code, *packages], cwd=copy, env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    outside = [path for path in found if not Path(path).resolve().is_relative_to(copy.resolve())]
    if outside:
        raise SystemExit(f"mutation check: the copy's tests would import {outside}, not the copy: refusing")
