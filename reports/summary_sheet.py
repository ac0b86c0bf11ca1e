"""The workbook's summary sheet: a long, filterable list of (item, value, detail) lines.

Built from the same `Summary` as the HTML report, so both files agree.
"""
from __future__ import annotations

from typing import Any

from reports.bundle import ReportBundle
from reports.cells import safe_text
from reports.labels import STATUS
from reports.summary import STATUSES, Summary, summarise


def _totals(summary: Summary) -> list[list[Any]]:
    totals = summary.totals
    rows: list[list[Any]] = [["标记总数 flags", totals["flags"], ""], ["涉及户数 households", totals["households"], ""],
                             ["未结案件 open cases", totals["open"], ""]]
    rows += [[f"{STATUS[s]} {s}", totals[s], ""] for s in STATUSES]
    rows += [["数据问题（户） data problems (households)", totals["data_problems"],
              f"{totals['problem_rows']} 条记录 rows (household × rule)"],
             ["跳过规则 skipped rules", totals["skipped"], ""]]
    return rows


def _case_loop(summary: Summary) -> list[list[Any]]:
    """Cases by state, carried/reopened/new/resolved, and the false-flag rates."""
    rows: list[list[Any]] = [[f"处理状态 state · {r['shown']}", r["count"], r["meaning"]] for r in summary.by_state]
    rows += [[f"本次变动 {title}", summary.carry[key], ""] for key, title in (
        ("carried", "延续 carried"), ("reopened", "重开 reopened"), ("new", "新增 new"), ("resolved", "已解除 resolved"))]
    rows += [[f"误报率 false-flag rate · {r['dimension_shown']} · " + " ".join(filter(None, (r["name"], r["key"]))),
              r["rate"], f"已决 decided {r['decided']} · 误报 false_match {r['false_match']}"]
             for r in summary.false_flags]
    rows += [[f"已解除 resolved · {r['household_id']} {r['rule_id']}", r["state_shown"], r["rule_name"]]
             for r in summary.resolved]
    return rows


def _counts(summary: Summary) -> list[list[Any]]:
    """The source ledger, flags by rule and status, and the skipped rules."""
    rows: list[list[Any]] = []
    for r in summary.ledger:
        rows += [[f"来源 {r['label']} {r['source']} · {title}", r[key], r["file"]]
                 for key, title in (("received", "收到 received"), ("accepted", "接收 accepted"),
                                    ("quarantined", "隔离 quarantined"))]
    for r in summary.by_rule:
        rows += [[f"规则 {r['name']} {r['key']} · {STATUS[s]} {s}", r[s], ""] for s in STATUSES]
    rows += [[f"跳过规则 {r['rule_id']}", "", r["reason"]] for r in summary.skipped]
    return rows


def summary_rows(bundle: ReportBundle) -> list[list[Any]]:
    """The summary sheet as (item, value, detail) rows, already converted to cell values."""
    summary = summarise(bundle)
    rows = [[title, value, ""] for title, value in summary.run]
    rows += _totals(summary) + _case_loop(summary) + _counts(summary)
    return [[_text_or_number(v) for v in row] for row in rows]


def _text_or_number(value: Any) -> Any:
    return value if isinstance(value, int) else safe_text(value)
