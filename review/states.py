"""Case states of the auditors' loop (interface contract §5), with their Chinese labels.

A case is open while someone still has to act on it. Import accepts a state
by its id, its Chinese label, or both ("待核实 to_verify", as the workbook's
drop-down writes it); reports show both.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class State:
    """One case state: id, 中文 label, whether the case is still open, and what it means."""

    id: str
    label_zh: str
    is_open: bool
    meaning: str


STATES: tuple[State, ...] = (
    State("to_verify", "待核实", True, "新标记或重新打开；默认状态 / new or reopened; the default"),
    State("verifying", "核实中", True, "核查人员正在核实 / an auditor is checking"),
    State("notified", "已告知", True, "已告知家庭，申辩期进行中 / the household was told; its contest period runs"),
    State("confirmed_ineligible", "已核实-不符合", False, "已核实：家庭不再符合条件 / checked: the household no longer qualifies"),
    State("confirmed_eligible", "已核实-符合", False, "已核实：仍符合条件（如适用豁免） / checked: it still qualifies (e.g. an exemption applies)"),
    State("false_match", "误报", False, "证据不属于该户（匹配错误） / the evidence is not this household's (a wrong link)"),
    State("data_outdated", "数据待更新", True, "部门数据已过时，待更新 / the agency data is out of date"),
)
BY_ID = {state.id: state for state in STATES}
DEFAULT = "to_verify"
CLOSED = frozenset(state.id for state in STATES if not state.is_open)
_BY_LABEL = {state.label_zh: state.id for state in STATES}


def parse_state(text: str) -> str | None:
    """The state id that ``text`` names (id, 中文 label, or "label id"), or None."""
    words = text.replace("\u3000", " ").split()
    ids = {BY_ID[w].id if w in BY_ID else _BY_LABEL.get(w) for w in words}
    if len(words) in (1, 2) and len(ids) == 1 and None not in ids:
        return ids.pop()
    return None


def display(state_id: str) -> str:
    """How the workbook and exports write a state for a person: "待核实 to_verify"."""
    return f"{BY_ID[state_id].label_zh} {state_id}"


def states_table() -> pd.DataFrame:
    """The states as a table (for the reports stage, which imports nothing of ours)."""
    return pd.DataFrame([(s.id, s.label_zh, s.is_open, s.meaning) for s in STATES],
                        columns=["state", "label_zh", "is_open", "meaning"])
