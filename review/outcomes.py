"""What the decisions add up to: the exit candidates and the false-flag rates.

Exit candidates are the households with a case in ``confirmed_ineligible``.
The false-flag rate (误报 ÷ decided) is the project's own accuracy
self-report: a decided case is one in a closed state (confirmed either way, or
``false_match``). Per link method, a case counts under the least certain
method among the links its evidence rests on (fuzzy, then normalized, then
exact), since the weakest link is the one that can be wrong; a case that rests
on no link (an unverified identity) counts under ``none``.
"""
from __future__ import annotations

import pandas as pd

from review.carry import KEY
from review.states import CLOSED

EXIT_COLUMNS = ["household_id", "rule_ids", "decided_on", "reviewers"]
RATE_COLUMNS = ["dimension", "key", "decided", "false_match", "rate"]
_WEAKEST = ("fuzzy", "normalized", "exact")


def exit_candidates(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per household with a ``confirmed_ineligible`` case: its rules, the latest
    confirmation date and the reviewers (``cases`` as ``carry.with_states`` returns them)."""
    confirmed = cases[cases["state"] == "confirmed_ineligible"].sort_values(KEY)
    if confirmed.empty:
        return pd.DataFrame(columns=EXIT_COLUMNS)
    grouped = confirmed.groupby("household_id", sort=True).agg(
        rule_ids=("rule_id", ";".join),
        decided_on=("last_decided_on", "max"),
        reviewers=("last_reviewer", lambda names: ";".join(sorted(set(names)))),
    ).reset_index()
    grouped["decided_on"] = pd.to_datetime(grouped["decided_on"]).dt.strftime("%Y-%m-%d")
    return grouped[EXIT_COLUMNS]


def weakest_method(evidence: pd.DataFrame) -> pd.DataFrame:
    """``household_id, rule_id, method``: the least certain link method of each case."""
    rank = evidence.assign(rank=evidence["method"].map({m: i for i, m in enumerate(_WEAKEST)}))
    rank = rank.dropna(subset=["rank"]).sort_values("rank", kind="stable")
    return rank.groupby(KEY, sort=False).head(1)[[*KEY, "method"]]


def _rates(cases: pd.DataFrame, dimension: str, column: str) -> list[dict]:
    rows = []
    for key, group in cases.groupby(column, sort=True):
        decided = int(group["state"].isin(CLOSED).sum())
        false = int((group["state"] == "false_match").sum())
        rows.append({"dimension": dimension, "key": key, "decided": decided, "false_match": false,
                     "rate": false / decided if decided else None})
    return rows


def false_flag_rates(cases: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """False-flag rate per rule and per link method over the run's cases (``state`` column)."""
    methods = weakest_method(evidence[[*KEY, "method"]])
    with_method = cases[[*KEY, "state"]].merge(methods, on=KEY, how="left").fillna({"method": "none"})
    rows = _rates(with_method, "rule", "rule_id") + _rates(with_method, "method", "method")
    return pd.DataFrame(rows, columns=RATE_COLUMNS)
