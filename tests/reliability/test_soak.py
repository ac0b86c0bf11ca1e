"""A reduced soak (the full one is benchmarks/soak.py): nights over a changing drop, one bad night."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from reliability_helpers import ROOT

SPEC = importlib.util.spec_from_file_location("soak", ROOT / "benchmarks" / "soak.py")
soak = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(soak)


def test_four_nights_with_a_bad_one_keep_the_history_consistent(tmp_path: Path) -> None:
    log = soak.soak(tmp_path, nights=4, bad_night=2)
    assert [entry["exit"] for entry in log] == [0, 0, 2, 0]
    assert log[2]["root_mb"] == log[1]["root_mb"]  # the bad night wrote nothing


def test_expected_changes_are_set_differences() -> None:
    import pandas as pd

    before = pd.DataFrame([("H1", "R", "breach", "1", "0", "v:1"), ("H2", "R", "breach", "1", "0", "v:2")],
                          columns=["household_id", "rule_id", "status", "value", "threshold", "evidence"])
    now = before.iloc[[1]].assign(value="2")
    assert soak.expected_changes(before, now) == {("resolved", "H1", "R"), ("changed", "H2", "R")}
