"""Extracts that cannot be used at all: exit 2, one message naming the file and the problem, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from reliability_helpers import run_hecha


def _empty(drop: Path) -> None:
    (drop / "civil_affairs.csv").write_bytes(b"")


def _corrupt_parquet(drop: Path) -> None:
    path = drop / "hr.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _not_a_workbook(drop: Path) -> None:
    (drop / "housing.xlsx").write_bytes((drop / "civil_affairs.csv").read_bytes())


def _renamed_column(drop: Path) -> None:
    path = drop / "bank.csv"
    text = path.read_text(encoding="gb18030")
    path.write_text(text.replace(",balance,", ",余额,", 1), encoding="gb18030")


def _missing_column(drop: Path) -> None:
    path = drop / "civil_affairs.csv"
    pd.read_csv(path, dtype=str).drop(columns="amount").to_csv(path, index=False)


def _mixed_encodings(drop: Path) -> None:
    path = drop / "civil_affairs.csv"
    tail = "MZ99999999,370102196710032314,王刚海,死亡,2025-12-07,\n".encode("gbk")
    path.write_bytes(path.read_bytes() + tail)


def _extra_header_line(drop: Path) -> None:
    path = drop / "households.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text("困难职工家庭登记表（2026年11月）\n" + text, encoding="utf-8-sig")


def _missing_file(drop: Path) -> None:
    (drop / "hukou.parquet").unlink()


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty file": (_empty, "civil_affairs.csv (civil_affairs): empty file"),
    "corrupt parquet": (_corrupt_parquet, "hr.parquet (hr): not a readable Parquet file"),
    "xlsx that is not a workbook": (_not_a_workbook, "housing.xlsx (housing): not a readable Excel workbook"),
    "renamed column": (_renamed_column, "bank.csv (bank): missing required column(s): balance"),
    "missing column": (_missing_column, "civil_affairs.csv (civil_affairs): missing required column(s): amount"),
    "mixed encodings": (_mixed_encodings, "civil_affairs.csv (civil_affairs): mixed encodings (UTF-8 and GB18030)"),
    "extra header line": (_extra_header_line, "households.csv (households): missing required column(s): "
                          "household_id, region_code, category, registered_on, declared_monthly_income"),
    "missing required file": (_missing_file, "lacks required source file(s): hukou.csv|.parquet|.xlsx"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_unusable_extract_stops_the_run_before_anything_is_written(drop_copy: Path, tmp_path: Path, case: str):
    damage, message = CASES[case]
    damage(drop_copy)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 2
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and message in errors[0]
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
