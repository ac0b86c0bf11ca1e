"""What the linker reports back, and the per-record explanation for auditors."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import duckdb

from .weights import Weights


@dataclass(frozen=True)
class LinkSummary:
    """Counts of links by (source, method, decision), and the learned weights."""

    counts: dict[tuple[str, str, str], int]
    weights: Weights

    @property
    def total(self) -> int:
        """Number of links written."""
        return sum(self.counts.values())

    def by(self, field: str) -> dict[str, int]:
        """Counts by one of ``source``, ``method`` or ``decision``."""
        index = ("source", "method", "decision").index(field)
        totals: Counter[str] = Counter()
        for key, n in self.counts.items():
            totals[key[index]] += n
        return dict(totals)


def summarise(con: duckdb.DuckDBPyConnection, weights: Weights) -> LinkSummary:
    """Count the ``links`` table by source, method and decision."""
    rows = con.sql("SELECT source, method, decision, count(*) FROM links GROUP BY ALL").fetchall()
    return LinkSummary({(s, m, d): n for s, m, d, n in rows}, weights)


def explain(con: duckdb.DuckDBPyConnection, source: str, record_id: str) -> list[dict]:
    """The link(s) of one agency record: member, method, score, decision and
    ``levels`` — the comparison levels that fired with their weights (log2 m/u).
    An empty list means the record is not linked."""
    rows = con.execute(
        "SELECT household_id, member_no, method, score, decision, explanation FROM links "
        "WHERE source = ? AND record_id = ? ORDER BY household_id, member_no",
        [source, record_id]).fetchall()
    keys = ("household_id", "member_no", "method", "score", "decision")
    return [dict(zip(keys, row[:5]), levels=json.loads(row[5])) for row in rows]
