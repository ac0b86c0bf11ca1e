"""Transient I/O failures are retried with backoff; a broken file is not."""
from __future__ import annotations

import errno
from pathlib import Path

import pyarrow as pa
import pytest
from reliability_helpers import run_hecha


def _flaky_reads(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[str]:
    """Make the first ``failures`` reads of vehicles.csv fail as a network share does (EIO)."""
    real, calls = pa.memory_map, []

    def memory_map(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("vehicles.csv"):
            calls.append(path)
            if len(calls) <= failures:
                raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pa, "memory_map", memory_map)
    return calls


def test_a_transient_read_failure_is_retried_and_the_run_completes(
        drop_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _flaky_reads(monkeypatch, failures=1)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 0 and len(calls) == 2
    assert (tmp_path / "runs" / "out" / "flags.csv").is_file()


def test_a_read_failure_that_persists_ends_after_the_retries_naming_the_file(
        drop_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _flaky_reads(monkeypatch, failures=99)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 2 and len(calls) == 3  # the first try and two retries
    assert "vehicles.csv: Input/output error" in outcome.stderr
    assert not (tmp_path / "runs" / "out").exists()


def test_a_file_that_breaks_its_contract_is_not_retried(
        drop_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (drop_copy / "vehicles.csv").read_bytes()  # GB18030 with UTF-8 below a good header
    (drop_copy / "vehicles.csv").write_bytes(data + "VX1,,张三,云A1,小型轿车,2024-01-01,正常\n".encode("utf-8"))
    calls = _flaky_reads(monkeypatch, failures=0)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 2 and len(calls) == 1 and "vehicles.csv (vehicles): mixed encodings" in outcome.stderr
