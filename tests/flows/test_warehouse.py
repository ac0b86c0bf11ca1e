"""The run's DuckDB connections: memory capped by default, the cap set by HECHA_MEMORY_LIMIT, a bad cap refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.warehouse import MEMORY_LIMIT, open_warehouse

SAMPLE_DROP = Path(__file__).resolve().parents[2] / "sample_data" / "drop"


def _limit(con: duckdb.DuckDBPyConnection) -> str:
    return con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]


def _as_duckdb_shows(limit: str) -> str:
    with duckdb.connect(config={"memory_limit": limit}) as con:
        return _limit(con)


def test_a_warehouse_is_capped_at_the_default_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HECHA_MEMORY_LIMIT", raising=False)
    with open_warehouse(tmp_path / "w.duckdb") as con:
        assert _limit(con) == _as_duckdb_shows(MEMORY_LIMIT)
    with duckdb.connect() as uncapped:
        assert _limit(uncapped) != _as_duckdb_shows(MEMORY_LIMIT)


def test_hecha_memory_limit_sets_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HECHA_MEMORY_LIMIT", "1GB")
    with open_warehouse(tmp_path / "w.duckdb") as con:
        assert _limit(con) == _as_duckdb_shows("1GB")


def test_a_cap_duckdb_cannot_read_stops_the_run_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main

    monkeypatch.setenv("HECHA_MEMORY_LIMIT", "lots")
    output = tmp_path / "out"
    assert main(["run", "--input", str(SAMPLE_DROP), "--output", str(output), "--as-of", "2026-11-30"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: HECHA_MEMORY_LIMIT='lots' is not a memory size DuckDB reads (e.g. 2GB, 80%)")
    assert not output.exists()
