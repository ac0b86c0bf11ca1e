"""Reliability tests run hecha end to end, in-process, against one temporary Prefect API for the session.

Makes ``reliability_helpers`` importable (pytest runs with --import-mode=importlib).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

sys.path.insert(0, str(Path(__file__).parent))

import flows  # noqa: E402,F401 - puts hecha's Prefect/GX environment defaults in place first
from reliability_helpers import copy_sample  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    """One ephemeral Prefect API for every reliability test (≈7 s once instead of per run)."""
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def drop_copy(tmp_path: Path) -> Path:
    """A private copy of the sample drop that a test may damage."""
    return copy_sample(tmp_path / "drop")
