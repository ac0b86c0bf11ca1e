"""The tables behind the workbook's sheets, derived from a masked bundle.

The case sheet gains what an auditor needs on one row: the place name, the
rule's value unit, the member names, what changed in a reopened case, the
current state written as `label_zh id` (the form its drop-down lists) and
empty decision columns to fill in.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reports.bundle import ReportBundle
from reports.caseloop import rule_table
from reports.columns import by_value, text
from reports.regions import region_places
from reports.states import State, by_id, state_list

_CHANGES = (("records_new", "新增记录 new"), ("records_gone", "消失记录 gone"), ("records_changed", "变化记录 changed"))


def with_members(cases: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Cases with a `members` column: the (non-empty) names in each flag's evidence, in order, each once.

    Grouped in Arrow (single-threaded, so groups and names keep their order): a pandas
    groupby with a Python join per flag cost a second at province scale.
    """
    keys = ["household_id", "rule_id"]
    names = evidence[[*keys, "member_name"]].dropna(subset=["member_name"]).astype({"member_name": str})
    names = names[names["member_name"] != ""].drop_duplicates()
    grouped = pa.Table.from_pandas(names, preserve_index=False).group_by(keys, use_threads=False).aggregate(
        [("member_name", "list")])
    lists = grouped["member_name_list"]
    joined = pc.binary_join(lists, pa.scalar("、", lists.type.value_type))
    members = pa.table({**{k: grouped[k] for k in keys}, "members": joined}).to_pandas()
    return cases.merge(members, on=keys, how="left")


def what_changed(case: dict[str, str]) -> str:
    """One line on what changed in a reopened case since its decision ('' otherwise)."""
    if case["carry"] != "reopened":
        return ""
    parts = [f"{title}: {case[key].replace(';', '、')}" for key, title in _CHANGES if case[key]]
    parts += [f"{title} {case[before]} → {case[now]}" for title, before, now in (
        ("数值 value", "value_before", "value"), ("阈值 threshold", "threshold_before", "threshold")) if case[before]]
    return "; ".join(parts) or "证据内容有变化 the evidence changed"


def _shown_states(values: pd.Series, states: dict[str, State]) -> list[str]:
    return by_value(lambda v: states[v].shown if v in states else v, pd.Series(text(values).to_pylist()))


def _case_frame(bundle: ReportBundle, states: dict[str, State]) -> pd.DataFrame:
    """The case sheet's rows: cases with place, unit, members, changes, state and empty decision columns."""
    units = rule_table(bundle)[["rule_id", "value_unit"]].drop_duplicates("rule_id")
    cases = with_members(bundle.cases, bundle.evidence).merge(units, on="rule_id", how="left")
    columns = ("carry", "value", "threshold", "value_before", "threshold_before", *(k for k, _ in _CHANGES))
    reopened = cases["carry"].astype(str) == "reopened"
    rows = [dict(zip(columns, r)) for r in zip(*(text(cases.loc[reopened, c]).to_pylist() for c in columns))]
    changed = pd.Series("", index=cases.index, dtype=object)
    changed[reopened] = [what_changed(r) for r in rows]
    return cases.assign(place=region_places(cases["region_code"], bundle.regions), what_changed=changed,
                        state_shown=_shown_states(cases["state"], states), decided_on=None, reviewer="", note="")


def sheet_frames(bundle: ReportBundle) -> dict[str, pd.DataFrame]:
    """Every table sheet's frame, by the `Sheet.table` name (masked bundle)."""
    listed = state_list(bundle.states, bundle.cases)
    states = by_id(listed)
    state_rows = pd.DataFrame({"state_shown": [s.shown for s in listed], "label_zh": [s.label for s in listed],
                               "open_shown": ["是 yes" if s.is_open else "否 no" for s in listed],
                               "meaning": [s.meaning for s in listed]})
    return {
        "cases": _case_frame(bundle, states), "evidence": bundle.evidence, "traces": bundle.traces,
        "data_problems": bundle.data_problems, "members": bundle.members, "rules": rule_table(bundle),
        "decisions": bundle.decisions.assign(state_shown=_shown_states(bundle.decisions["state"], states)),
        "states": state_rows,
    }
