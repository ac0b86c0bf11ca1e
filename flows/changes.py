"""Run-to-run changes: which flags are new, resolved or changed since the previous run.

This is what keeps the files current between campaigns ("dynamic management"):
an auditor looks at what moved overnight instead of re-reading every case.
A flag is *changed* when its status, value, threshold or evidence differ.
"""

from __future__ import annotations

import pandas as pd

KEY = ["household_id", "rule_id"]
COMPARED = ["status", "value", "threshold", "evidence"]
CHANGE_COLUMNS = ["change", "household_id", "rule_id"] + [f"{c}_before" for c in COMPARED] + [f"{c}_now" for c in COMPARED]


def compare_flags(previous: pd.DataFrame | None, current: pd.DataFrame) -> pd.DataFrame:
    """One row per new, resolved or changed flag; empty (but with columns) on a first run."""
    if previous is None:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    merged = previous[KEY + COMPARED].astype("string").merge(
        current[KEY + COMPARED].astype("string"), on=KEY, how="outer", suffixes=("_before", "_now"), indicator=True
    )
    differs = pd.Series(False, index=merged.index)
    for column in COMPARED:
        differs |= merged[f"{column}_before"].fillna("") != merged[f"{column}_now"].fillna("")
    merged["change"] = merged["_merge"].map({"right_only": "new", "left_only": "resolved", "both": "changed"})
    changed = merged[(merged["_merge"] != "both") | differs]
    return changed[CHANGE_COLUMNS].sort_values(KEY, ignore_index=True)


def count_changes(changes: pd.DataFrame) -> dict[str, int]:
    """``{"new": n, "resolved": n, "changed": n}``, zeros included."""
    counts = changes["change"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in ("new", "resolved", "changed")}


CASE_COLUMNS = ["case", "state_before", "state_now"]


def with_cases(changes: pd.DataFrame, current: pd.DataFrame, before: pd.DataFrame,
               book_resolved: pd.DataFrame) -> pd.DataFrame:
    """``changes`` plus a row for every case that carries a decision, and the case columns:
    ``case`` (``carried`` | ``reopened`` | ``resolved`` | empty), ``state_before``, ``state_now``.

    ``current``: this run's cases with ``state`` and ``carry``; ``before``: the previous
    run's cases with the states the decision log gives them now. A decided case whose
    flag is otherwise unchanged appears with ``change`` = ``unchanged``.
    """
    decided = current[current["carry"] != ""][KEY + ["carry"]].rename(columns={"carry": "case"})
    decided = pd.concat([decided, book_resolved[KEY].assign(case="resolved")], ignore_index=True)
    rows = changes.merge(decided, on=KEY, how="outer")
    now = current[KEY + COMPARED + ["state"]].rename(columns={c: f"{c}_current" for c in COMPARED})
    rows = rows.merge(now.rename(columns={"state": "state_now"}), on=KEY, how="left")
    rows = rows.merge(before[KEY + ["state"]].rename(columns={"state": "state_before"}), on=KEY, how="left")
    unchanged = rows["change"].isna()
    for column in COMPARED:
        for side in ("before", "now"):
            rows.loc[unchanged, f"{column}_{side}"] = rows.loc[unchanged, f"{column}_current"]
    rows["change"] = rows["change"].astype(object).fillna("unchanged")
    rows[CASE_COLUMNS] = rows[CASE_COLUMNS].astype(object).fillna("")
    return rows[CHANGE_COLUMNS + CASE_COLUMNS].sort_values(KEY, ignore_index=True)
