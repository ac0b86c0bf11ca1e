"""Helpers of the reliability tests: run ``hecha`` in-process, copy and damage drops, read outputs.

``hecha`` runs through ``flows.cli.main`` (the console entry point), so exit
codes and the one-line ``Error: …`` messages are the ones a data officer sees.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
AS_OF = "2026-11-30"


@dataclass(frozen=True)
class Outcome:
    """What one ``hecha run`` left behind: its exit code, its stderr and where it was told to write."""

    code: int
    stderr: str
    output: Path

    def quarantine(self, source: str) -> pd.DataFrame:
        """The run's quarantine file of ``source``, as text."""
        return pd.read_csv(self.output / "quarantine" / f"{source}.csv", dtype=str, encoding="utf-8-sig",
                           keep_default_na=False)

    def warehouse(self, sql: str) -> pd.DataFrame:
        """A query against the run's warehouse (read-only)."""
        with duckdb.connect(str(self.output / "warehouse.duckdb"), read_only=True) as con:
            return con.sql(sql).to_arrow_table().to_pandas()


def run_hecha(drop: Path, output: Path, *extra: str) -> Outcome:
    """``hecha run`` on ``drop`` into ``output`` as of ``AS_OF``, stderr captured; the output
    keeps its warehouse (``--keep-warehouse``) for the tests that query it."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["run", "--input", str(drop), "--output", str(output), "--as-of", AS_OF, "--keep-warehouse",
                     *extra])
    return Outcome(code, stderr.getvalue(), output)


def copy_sample(target: Path) -> Path:
    """A private copy of the sample drop at ``target``."""
    shutil.copytree(SAMPLE_DROP, target)
    return target


def members_as_csv(drop: Path) -> pd.DataFrame:
    """Replace the drop's members.xlsx by the same rows as members.csv; return them (all text)."""
    members = pd.read_excel(drop / "members.xlsx", dtype=str, keep_default_na=False)
    (drop / "members.xlsx").unlink()
    return members


def write_members(drop: Path, members: pd.DataFrame) -> None:
    """Write ``members`` as the drop's members.csv (UTF-8)."""
    members.to_csv(drop / "members.csv", index=False, encoding="utf-8")
