"""Soak: consecutive nightly runs over a drop that changes every night, one night with a bad file.

Each night some vehicles are deregistered, some bought and some bank balances
change; one night's vehicles file lacks a column. The soak checks that every
good night is recorded and listed, that each night's ``changes.csv`` is exactly
the difference between its flags and the previous good night's, that the bad
night leaves the output and the history as they were, and that the history
checks clean at the end; it reports the disk use night by night.

    .venv/bin/python benchmarks/soak.py --nights 30 --work /tmp/soak
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
KEY = ["household_id", "rule_id"]


def _edit(path: Path, change) -> None:  # noqa: ANN001 - change(DataFrame) -> DataFrame
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="gb18030")
    change(frame).to_csv(path, index=False, encoding="gb18030")


def change_drop(drop: Path, rng: random.Random, night: int) -> None:
    """Tonight's agency changes: a vehicle deregistered, one bought, two balances moved."""
    def vehicles(frame: pd.DataFrame) -> pd.DataFrame:
        active = frame.index[frame.status == "正常"].tolist()
        frame.loc[rng.choice(active), "status"] = "注销"
        bought = {**frame.loc[rng.choice(frame.index.tolist())].to_dict(), "record_id": f"VH-SOAK-{night}",
                  "status": "正常", "vehicle_type": "小型轿车"}
        return pd.concat([frame, pd.DataFrame([bought])], ignore_index=True)

    def bank(frame: pd.DataFrame) -> pd.DataFrame:
        for row in rng.sample(frame.index.tolist(), 2):
            frame.loc[row, "balance"] = f"{rng.randint(0, 900_000)}.{rng.randint(0, 99):02d}"
        return frame

    _edit(drop / "vehicles.csv", vehicles)
    _edit(drop / "bank.csv", bank)


def _flags(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "flags.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def expected_changes(before: pd.DataFrame, now: pd.DataFrame) -> set[tuple[str, str, str]]:
    """(change, household, rule) that a correct changes.csv lists between two nights' flags."""
    compared = ["status", "value", "threshold", "evidence"]
    merged = before.merge(now, on=KEY, how="outer", suffixes=("_b", "_n"), indicator=True)
    kinds = {"left_only": "resolved", "right_only": "new"}
    found = {(kinds[m], h, r) for m, h, r in zip(merged._merge, merged.household_id, merged.rule_id) if m in kinds}
    both = merged[merged._merge == "both"]
    differs = pd.concat([both[f"{c}_b"] != both[f"{c}_n"] for c in compared], axis=1).any(axis=1)
    return found | {("changed", h, r) for h, r in zip(both[differs].household_id, both[differs].rule_id)}


def _size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def _night(drop: Path, root: Path, day: date, bad: bool) -> int:
    from flows.cli import main

    saved = (drop / "vehicles.csv").read_bytes()
    if bad:
        _edit(drop / "vehicles.csv", lambda frame: frame.drop(columns=["status"]))
    try:
        return main(["run", "--input", str(drop), "--output", str(root / "nightly" / day.isoformat()),
                     "--as-of", day.isoformat(), "--history", str(root / "hecha-history.duckdb")])
    finally:
        (drop / "vehicles.csv").write_bytes(saved)


def soak(work: Path, nights: int, bad_night: int, seed: int = 7) -> list[dict]:
    """Run the nights; raise AssertionError on the first inconsistency; return one record per night."""
    from flows.history import HISTORY_FILE, check_history, list_runs

    drop, root, rng = work / "drop", work / "root", random.Random(seed)
    shutil.copytree(SAMPLE_DROP, drop)
    nights_log, previous, good = [], None, 0
    for night in range(nights):
        day = date(2026, 12, 1) + timedelta(days=night)
        if night:
            change_drop(drop, rng, night)
        code = _night(drop, root, day, bad=night == bad_night)
        folder = root / "nightly" / day.isoformat()
        if night == bad_night:
            assert code == 2 and not folder.exists(), f"night {night}: bad file gave {code}"
        else:
            assert code == 0, f"night {night}: exit {code}"
            good += 1
            changes = pd.read_csv(folder / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
            listed = {(c, h, r) for c, h, r in zip(changes.change, changes.household_id, changes.rule_id)
                      if c != "unchanged"}
            if previous is not None:
                assert listed == expected_changes(previous, _flags(folder)), f"night {night}: changes differ"
            previous = _flags(folder)
        assert len(list_runs(root / HISTORY_FILE, limit=1000)) == good, f"night {night}: runs listed"
        nights_log.append({"night": night, "as_of": day.isoformat(), "exit": code, "root_mb": _size_mb(root),
                           "history_mb": round((root / HISTORY_FILE).stat().st_size / 2**20, 2)})
    _, problems = check_history(root / HISTORY_FILE)
    assert not problems, problems
    return nights_log


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=30)
    parser.add_argument("--bad-night", type=int, default=10)
    parser.add_argument("--work", type=Path, required=True, help="empty folder for the drop and the outputs")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    log = soak(args.work, args.nights, args.bad_night)
    for entry in log:
        print(json.dumps(entry))
    print(f"{args.nights} nights, {sum(e['exit'] == 0 for e in log)} recorded; root {log[-1]['root_mb']} MB, "
          f"history {log[-1]['history_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
