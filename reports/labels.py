"""Chinese display labels for the codes that appear in the report.

Codes (rule ids, statuses, sources) stay visible beside their labels so an
auditor can always trace a label back to the data; an unknown code is shown
as itself.
"""
from __future__ import annotations

STATUS = {"breach": "违规", "review": "待核实"}
METHOD = {"exact": "精确匹配", "normalized": "规范化匹配", "fuzzy": "模糊匹配"}
DECISION = {"auto": "自动确认", "review": "人工复核"}
SOURCE = {
    "households": "困难职工户",
    "members": "家庭成员",
    "hukou": "公安·户籍",
    "vehicles": "公安·车辆",
    "hr": "人社·工资社保",
    "bank": "银行·存款理财",
    "housing": "不动产登记",
    "civil_affairs": "民政·低保死亡",
    "business": "市场监管·企业",
}
RUN = {
    "run_id": "运行编号 run_id",
    "as_of": "核查基准日 as_of",
    "started_at": "开始时间 started_at",
    "finished_at": "结束时间 finished_at",
    "rules_version": "规则版本 rules_version",
}


def label(mapping: dict[str, str], code: object) -> str:
    """Return the Chinese label for a code, or the code itself when unknown."""
    text = "" if code is None else str(code)
    return mapping.get(text, text)


def all_labels() -> dict[str, dict[str, str]]:
    """Every code → label table, for the client-side case list."""
    return {"status": STATUS, "method": METHOD, "decision": DECISION, "source": SOURCE}
