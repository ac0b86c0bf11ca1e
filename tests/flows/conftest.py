"""Flow tests run the real Prefect engine in-process, against one temporary API for the session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import flows  # noqa: F401 - puts hecha's Prefect/GX environment defaults in place first

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
SAMPLE_AS_OF = "2026-11-30"


@pytest.fixture(autouse=True)
def _under_prefect_api(prefect_api: None) -> None:
    """Every test here runs against the session's one Prefect API (tests/conftest.py)."""


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory, prefect_api: None) -> Path:
    """One full ``hecha run`` of the sample drop, shared by every test that only reads it."""
    from flows.cli import main

    output = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", "--input", str(SAMPLE_DROP), "--output", str(output), "--as-of", SAMPLE_AS_OF]) == 0
    return output


@pytest.fixture
def drop_copy(tmp_path: Path) -> Path:
    """A private copy of the sample drop that a test may damage."""
    target = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, target)
    return target
