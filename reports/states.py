"""The case states (interface.md §5) as the report uses them: order, labels, open or closed.

The bundle passes the states as a table (from `review`); the report never
decides what a state means. A state id found in the cases but not in the
table (or a bundle without a state table) is shown as itself and counted as
open, so it is listed with the work still to do rather than hidden.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.masking import clean_text, is_missing
from reports.tables import STATE_COLUMNS

DEFAULT_STATE = "to_verify"
_TRUE = {"true", "yes", "1", "y", "是"}


def is_true(value: Any) -> bool:
    """A bool column's value as a bool (True, 1, 'true', 'yes', '是' …)."""
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


@dataclass(frozen=True)
class State:
    """One state as displayed: id, Chinese label, open or not, meaning."""

    id: str
    label: str
    is_open: bool
    meaning: str

    @property
    def shown(self) -> str:
        """'label id', e.g. '待核实 to_verify' (the id alone when it has no label)."""
        return f"{self.label} {self.id}" if self.label and self.label != self.id else self.id


def state_list(table: pd.DataFrame, cases: pd.DataFrame | None = None) -> list[State]:
    """The states in display order: the bundle's table, then unknown ids from the cases."""
    states = [State(clean_text(r.state), clean_text(r.label_zh), is_true(r.is_open), clean_text(r.meaning))
              for r in table.itertuples(index=False)]
    known = {s.id for s in states}
    extra = [] if cases is None else sorted({clean_text(v) for v in cases["state"].unique()} - known)
    return states + [State(code, code, True, "") for code in extra]


def by_id(states: list[State]) -> dict[str, State]:
    """The states keyed by id."""
    return {s.id: s for s in states}
