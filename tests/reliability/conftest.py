"""Reliability tests run hecha end to end, in-process, against one temporary Prefect API for the session.

Makes ``reliability_helpers`` importable (pytest runs with --import-mode=importlib).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import flows  # noqa: E402,F401 - puts hecha's Prefect/GX environment defaults in place first
from reliability_helpers import copy_sample  # noqa: E402


@pytest.fixture(autouse=True)
def _under_prefect_api(prefect_api: None) -> None:
    """Every test here runs against the session's one Prefect API (tests/conftest.py)."""


@pytest.fixture
def drop_copy(tmp_path: Path) -> Path:
    """A private copy of the sample drop that a test may damage."""
    return copy_sample(tmp_path / "drop")
