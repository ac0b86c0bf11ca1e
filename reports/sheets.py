"""What each workbook sheet shows: its columns, headers (中文 + English) and cell kinds.

The summary sheet is a long, filterable list of (item, value, detail) lines
built from the same `Summary` as the HTML report, so both files agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reports.bundle import ReportBundle
from reports.cells import safe_text
from reports.labels import STATUS
from reports.summary import STATUSES, summarise


@dataclass(frozen=True)
class Column:
    """One sheet column: input column, header text and cell kind (see cells.CONVERTERS)."""

    key: str
    header: str
    kind: str = "text"


@dataclass(frozen=True)
class Sheet:
    """One table sheet drawn from one bundle table."""

    title: str
    table: str
    columns: tuple[Column, ...]


_HOUSEHOLD = Column("household_id", "户编号 household_id")
_RULE = Column("rule_id", "规则编号 rule_id")
SHEETS = (
    Sheet("案件 cases", "cases", (
        _HOUSEHOLD, Column("region_code", "地区 region_code"), Column("category", "困难类别 category"),
        _RULE, Column("rule_name_zh", "规则 rule"), Column("rule_name_en", "rule (en)"),
        Column("status", "状态 status", "status"), Column("value", "数值 value", "amount"),
        Column("threshold", "阈值 threshold", "amount"), Column("members", "相关成员 members"),
        Column("evidence", "证据记录 evidence"),
    )),
    Sheet("证据 evidence", "evidence", (
        _HOUSEHOLD, _RULE, Column("source", "来源 source", "source"), Column("record_id", "记录号 record_id"),
        Column("member_no", "成员序号 member_no", "int"), Column("member_name", "姓名 name"),
        Column("id_masked", "身份证号(脱敏) id_number (masked)"),
        Column("record_date", "日期 date", "date"), Column("contribution", "贡献 contribution", "amount"),
        Column("detail", "说明 detail"), Column("method", "匹配方式 method", "method"),
        Column("score", "匹配得分 score", "score"), Column("decision", "匹配决定 decision", "decision"),
        Column("explanation", "匹配依据 explanation", "explanation"),
    )),
    Sheet("参数 parameters", "traces", (
        _HOUSEHOLD, _RULE, Column("parameter", "参数 parameter"), Column("key", "键 key"),
        Column("value", "取值 value", "amount"), Column("effective_from", "生效日期 effective_from", "date"),
        Column("rules_version", "规则版本 rules_version"),
    )),
    Sheet("数据问题 data problems", "data_problems", (
        _HOUSEHOLD, _RULE, Column("problem", "问题 problem"),
    )),
)


def with_members(cases: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Cases with a `members` column: the names in each flag's evidence, in order, each once.

    Grouped in Arrow (single-threaded, so groups and names keep their order): a pandas
    groupby with a Python join per flag cost a second at province scale.
    """
    keys = ["household_id", "rule_id"]
    names = evidence[[*keys, "member_name"]].dropna(subset=["member_name"]).astype({"member_name": str})
    names = names.drop_duplicates()
    grouped = pa.Table.from_pandas(names, preserve_index=False).group_by(keys, use_threads=False).aggregate(
        [("member_name", "list")])
    lists = grouped["member_name_list"]
    joined = pc.binary_join(lists, pa.scalar("、", lists.type.value_type))
    members = pa.table({**{k: grouped[k] for k in keys}, "members": joined}).to_pandas()
    return cases.merge(members, on=keys, how="left")


def summary_rows(bundle: ReportBundle) -> list[list[Any]]:
    """The summary sheet as (item, value, detail) rows, already converted to cell values."""
    summary = summarise(bundle)
    totals = summary.totals
    rows: list[list[Any]] = [[title, value, ""] for title, value in summary.run]
    rows += [["标记总数 flags", totals["flags"], ""], ["涉及户数 households", totals["households"], ""]]
    rows += [[f"{STATUS[s]} {s}", totals[s], ""] for s in STATUSES]
    rows += [["数据问题 data problems", totals["data_problems"], ""], ["跳过规则 skipped rules", totals["skipped"], ""]]
    for r in summary.ledger:
        rows += [[f"来源 {r['label']} {r['source']} · {title}", r[key], r["file"]]
                 for key, title in (("received", "收到 received"), ("accepted", "接收 accepted"),
                                    ("quarantined", "隔离 quarantined"))]
    for r in summary.by_rule:
        rows += [[f"规则 {r['name']} {r['key']} · {STATUS[s]} {s}", r[s], ""] for s in STATUSES]
    rows += [[f"跳过规则 {r['rule_id']}", "", r["reason"]] for r in summary.skipped]
    return [[_text_or_number(v) for v in row] for row in rows]


def _text_or_number(value: Any) -> Any:
    return value if isinstance(value, int) else safe_text(value)
