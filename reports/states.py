"""The case states (interface.md §5) as the report uses them: order, labels, open or closed.

The bundle passes the states as a table; the report never decides what a
state means. Only when a bundle has no state table (an old bundle) does the
contract's table below stand in, so such a report still renders. A state id
found in the cases but not in the table is shown as itself and counted as
open, so it is listed with the work still to do rather than hidden.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.masking import clean_text, is_missing
from reports.tables import STATE_COLUMNS

DEFAULT_STATE = "to_verify"
FALLBACK = pd.DataFrame([
    ("to_verify", "待核实", True, "new or reopened; the default"),
    ("verifying", "核实中", True, "an auditor is checking"),
    ("notified", "已告知", True, "the household was told; its contest period runs"),
    ("confirmed_ineligible", "已核实-不符合", False, "checked: the household no longer qualifies"),
    ("confirmed_eligible", "已核实-符合", False, "checked: it still qualifies (e.g. an exemption applies)"),
    ("false_match", "误报", False, "the evidence is not this household's (a wrong link)"),
    ("data_outdated", "数据待更新", True, "the agency data is out of date"),
], columns=list(STATE_COLUMNS))
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
    """The states in display order: the bundle's table (or the fallback), then unknown ids from the cases."""
    source = table if len(table) else FALLBACK
    states = [State(clean_text(r.state), clean_text(r.label_zh), is_true(r.is_open), clean_text(r.meaning))
              for r in source.itertuples(index=False)]
    known = {s.id for s in states}
    extra = [] if cases is None else sorted({clean_text(v) for v in cases["state"].unique()} - known)
    return states + [State(code, code, True, "") for code in extra]


def by_id(states: list[State]) -> dict[str, State]:
    """The states keyed by id."""
    return {s.id: s for s in states}
