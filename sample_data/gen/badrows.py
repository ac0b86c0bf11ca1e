"""Bad input: extra rows that break the contract, one defect each, spread through the files.

Templates are rows of ordinary non-members (or, for the register, fresh
households and members), so no truth link or flag rests on a bad row; the two
copies of a duplicated key are both listed as quarantined.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

BAD = {
    "households": [("missing_required", "category"), ("impossible_date", "registered_on"),
                   ("unparsable_amount", "declared_monthly_income"), ("negative_amount", "declared_monthly_income"),
                   ("unknown_enum", "category")],
    "members": [("missing_required", "name"), ("impossible_date", "birth_date"), ("unknown_enum", "relation"),
                ("unknown_enum", "gender"), ("orphan_member", "household_id")],
    "hukou": [("unknown_enum", "status"), ("duplicate_record_id", None), ("no_person", None),
              ("missing_required", "status")],
    "vehicles": [("impossible_date", "registered_on"), ("unknown_enum", "status"), ("duplicate_record_id", None),
                 ("missing_required", "registered_on")],
    "hr": [("unparsable_amount", "monthly_wage"), ("negative_amount", "pension"), ("impossible_date", "period"),
           ("duplicate_record_id", None), ("unknown_enum", "employer_type"), ("missing_required", "employer_type")],
    "bank": [("unparsable_amount", "balance"), ("negative_amount", "balance"), ("impossible_date", "as_of"),
             ("no_person", None), ("missing_required", "product_type")],
    "housing": [("negative_area", "area_m2"), ("unknown_enum", "usage"), ("impossible_date", "acquired_on"),
                ("missing_required", "acquired_on")],
    "civil_affairs": [("unknown_enum", "record_type"), ("impossible_date", "event_date"),
                      ("negative_amount", "amount")],
    "business": [("unknown_enum", "role"), ("unparsable_amount", "registered_capital"),
                 ("missing_required", "status"), ("duplicate_record_id", None)],
}
UNKNOWN = {"category": "一般困难", "relation": "兄弟", "gender": "未知", "status": "查封", "employer_type": "国企",
           "usage": "工业", "record_type": "特困", "role": "监事"}
IMPOSSIBLE = {"period": ["2026-13", "202600"], "*": ["2021-02-30", "2023/04/31", "20220229", "2022-11-31"]}
UNPARSABLE = ["3000元", "约5000", "1.2.3", "五千"]


def spoil(kind: str, column: str | None, row: dict, rng: np.random.Generator) -> dict:
    """A copy of a text row with one defect of the given kind."""
    row = dict(row)
    if kind == "missing_required":
        row[column] = None
    elif kind == "impossible_date":
        options = IMPOSSIBLE.get(column, IMPOSSIBLE["*"])
        row[column] = options[rng.integers(len(options))]
    elif kind == "unparsable_amount":
        row[column] = UNPARSABLE[rng.integers(len(UNPARSABLE))]
    elif kind in ("negative_amount", "negative_area"):
        row[column] = f"-{rng.integers(1, 5000)}.{rng.integers(0, 100):02d}"
    elif kind == "unknown_enum":
        row[column] = UNKNOWN[column]
    elif kind == "no_person":
        row["id_number"] = row["name"] = None
    elif kind == "orphan_member":
        row["household_id"] = f"HX{rng.integers(10**5, 10**6)}"
    if column == "amount":
        row["record_type"] = "低保"
    return row


def count_per_kind(rows: int) -> int:
    """A few bad rows of each kind, slowly more for big files."""
    return 2 + rows // 250_000


def interleave(rng: np.random.Generator, n_good: int, n_bad: int) -> tuple[np.ndarray, np.ndarray]:
    """Take-order placing bad rows (indices n_good..) at random positions; also each good row's position."""
    is_bad = np.zeros(n_good + n_bad, dtype=bool)
    is_bad[rng.choice(n_good + n_bad, n_bad, replace=False)] = True
    order = np.empty(n_good + n_bad, dtype=np.int64)
    order[~is_bad] = np.arange(n_good)
    order[is_bad] = n_good + rng.permutation(n_bad)
    return order, np.flatnonzero(~is_bad)


def duplicate_victims(rng: np.random.Generator, members: pd.DataFrame) -> np.ndarray:
    """Members whose (household_id, member_no) a bad row will duplicate: ordinary, not the 本人."""
    pool = np.flatnonzero(((members["scenario"] == "") & (members["member_no"] >= 2)).to_numpy())
    return rng.choice(pool, min(len(pool), count_per_kind(len(members))), replace=False)
