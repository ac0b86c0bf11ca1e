"""What each workbook sheet shows: its columns, headers (中文 + English) and cell kinds.

Every header ends with its column id after a space, so the case sheet can be
filled in and imported back (`hecha review import` maps a header to its last
space-separated token): the auditor writes 处理状态 state, 核实日期
decided_on, 核实人 reviewer and 备注 note; 指纹 fingerprint, the last column,
ties each row to the evidence it was decided on.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One sheet column: input column, header text, cell kind (see cells.CONVERTERS), look.

    `entry` columns are for the auditor to fill in (text or date format on
    the empty cells); `muted` ones are narrow and grey, kept out of the way.
    """

    key: str
    header: str
    kind: str = "text"
    entry: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Sheet:
    """One table sheet drawn from one frame of reports.sheet_frames."""

    title: str
    table: str
    columns: tuple[Column, ...]


_HOUSEHOLD = Column("household_id", "户编号 household_id")
_RULE = Column("rule_id", "规则编号 rule_id")
STATE_HEADER = "处理状态 state"
CASES = Sheet("案件 cases", "cases", (
    _HOUSEHOLD, Column("region_code", "地区 region_code"), Column("place", "地名 place"),
    Column("category", "困难类别 category"), _RULE, Column("rule_name_zh", "规则 rule"),
    Column("rule_name_en", "规则(英文) rule_en"), Column("status", "标记类型 status", "status"),
    Column("value", "数值 value", "amount"), Column("threshold", "阈值 threshold", "amount"),
    Column("value_unit", "数值单位 value_unit"), Column("carry", "本次变动 carry", "carry"),
    Column("what_changed", "变化 what_changed"), Column("members", "相关成员 members"),
    Column("evidence", "证据记录 evidence"),
    Column("state_shown", STATE_HEADER, entry=True), Column("decided_on", "核实日期 decided_on", "date", entry=True),
    Column("reviewer", "核实人 reviewer", entry=True), Column("note", "备注 note", entry=True),
    Column("last_decision_at", "最近决定 last_decision_at", muted=True),
    Column("fingerprint", "指纹 fingerprint", muted=True),
))
SHEETS = (
    CASES,
    Sheet("证据 evidence", "evidence", (
        _HOUSEHOLD, _RULE, Column("source", "来源 source", "source"), Column("record_id", "记录号 record_id"),
        Column("member_no", "成员序号 member_no", "int"), Column("member_name", "姓名 name"),
        Column("id_masked", "身份证号(脱敏) id_masked"),
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
    Sheet("决定记录 decisions", "decisions", (
        _HOUSEHOLD, _RULE, Column("state_shown", "处理状态 state"), Column("decided_on", "核实日期 decided_on", "date"),
        Column("reviewer", "核实人 reviewer"), Column("note", "备注 note"),
        Column("imported_at", "录入时间 imported_at"), Column("fingerprint", "指纹 fingerprint", muted=True),
    )),
    Sheet("户成员 members", "members", (
        _HOUSEHOLD, Column("member_no", "成员序号 member_no", "int"), Column("relation", "关系 relation"),
        Column("name", "姓名 name"), Column("id_masked", "身份证号(脱敏) id_masked"),
        Column("gender", "性别 gender"), Column("birth_date", "出生日期 birth_date", "date"),
        Column("id_problem", "身份证问题 id_problem", "id_problem"),
    )),
    Sheet("规则 rules", "rules", (
        _RULE, Column("name_zh", "规则 name_zh"), Column("name_en", "英文名 name_en"),
        Column("status", "标记类型 status", "status"), Column("value_unit", "数值单位 value_unit"),
        Column("description", "说明 description"),
    )),
    Sheet("状态 states", "states", (
        Column("state_shown", "处理状态 state"), Column("label_zh", "中文 label_zh"),
        Column("open_shown", "未结 is_open"), Column("meaning", "含义 meaning"),
    )),
)
