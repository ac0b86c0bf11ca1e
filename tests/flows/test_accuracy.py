"""hecha against the generator's ground truth, on a freshly generated drop (issue 3/4 targets).

Breach precision: of the flags hecha calls ``breach``, how many are true.
Recall: of the true flags, how many hecha raises at all (breach or review).
Link precision/recall likewise for ``matches.parquet`` against the true links.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 1,000-household drop with a seed the sample does not use, verified once."""
    base = tmp_path_factory.mktemp("fresh")
    subprocess.run(
        [sys.executable, str(ROOT / "sample_data" / "generate.py"), "--households", "1000", "--seed", "4242",
         "--out", str(base), "--as-of", AS_OF], check=True, capture_output=True,
    )
    assert main(["run", "--input", str(base / "drop"), "--output", str(base / "out"), "--as-of", AS_OF]) == 0
    return base / "out", base / "truth"


def _pairs(frame: pd.DataFrame, columns: list[str]) -> set[tuple]:
    return set(map(tuple, frame[columns].astype(str).values))


def test_flags_meet_precision_and_recall_targets(fresh_run: tuple[Path, Path]) -> None:
    out, truth = fresh_run
    flags = pd.read_csv(out / "flags.csv", dtype=str, encoding="utf-8-sig")
    true = _pairs(pd.read_csv(truth / "flags.csv", dtype=str), ["household_id", "rule_id"])
    breaches = _pairs(flags[flags.status == "breach"], ["household_id", "rule_id"])
    raised = _pairs(flags, ["household_id", "rule_id"])
    assert len(breaches & true) / len(breaches) >= 0.999
    assert len(raised & true) / len(true) >= 0.995


def test_links_meet_precision_and_recall_targets(fresh_run: tuple[Path, Path]) -> None:
    out, truth = fresh_run
    links = pd.read_parquet(out / "matches.parquet")
    key = ["source", "record_id", "household_id", "member_no"]
    true = _pairs(pd.read_csv(truth / "links.csv", dtype=str), key)
    auto = _pairs(links[links.decision == "auto"], key)
    found = _pairs(links, key)
    assert len(auto & true) / len(auto) >= 0.9995
    assert len(found & true) / len(true) >= 0.995
    assert (links.decision == "review").mean() < 0.02
