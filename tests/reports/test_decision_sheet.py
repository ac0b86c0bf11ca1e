"""report.xlsx as the auditors' decision sheet: decision columns, state drop-down, new sheets, printing."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

from reports import build_workbook

DECISION_HEADERS = ["处理状态 state", "核实日期 decided_on", "核实人 reviewer", "备注 note"]


@pytest.fixture
def book(hostile_bundle):
    return load_workbook(io.BytesIO(build_workbook(hostile_bundle)))


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def _column(ws, header: str) -> list:
    index = _headers(ws).index(header)
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_case_sheet_carries_the_decision_columns_the_importer_reads(book, planted):
    ws = book["案件 cases"]
    headers = _headers(ws)
    tokens = [h.split(" ")[-1] for h in headers]
    assert len(tokens) == len(set(tokens))  # the importer maps each header to its last token: no collisions
    assert {"household_id", "rule_id", "state", "decided_on", "reviewer", "note", "fingerprint"} <= set(tokens)
    assert "户编号 household_id" in headers and "规则编号 rule_id" in headers and "标记类型 status" in headers
    assert headers[headers.index(DECISION_HEADERS[0]):][:4] == DECISION_HEADERS
    assert headers[-2:] == ["最近决定 last_decision_at", "指纹 fingerprint"]
    assert _column(ws, "处理状态 state") == ["待核实 to_verify", "已核实-不符合 confirmed_ineligible",
                                         "数据待更新 data_outdated", "误报 false_match"]
    assert _column(ws, "指纹 fingerprint") == planted["fingerprints"]
    assert all(v is None for h in DECISION_HEADERS[1:] for v in _column(ws, h))
    assert _column(ws, "数值单位 value_unit")[:2] == ["元/人·月 yuan per person per month", "辆 vehicles"]
    assert _column(ws, "地名 place") == ["昆明市", "昆明市", "祥云县", "大理州"]


def test_state_column_has_a_drop_down_of_every_state_over_all_case_rows(book, planted):
    ws = book["案件 cases"]
    letter = ws.cell(1, _headers(ws).index("处理状态 state") + 1).column_letter
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == f"{letter}2:{letter}5"
    assert validation.errorStyle in (None, "stop")
    choices = validation.formula1.strip('"').split(",")
    assert choices == [f"{label} {state}" for state, label, _, _ in planted["states"]]


def test_long_state_labels_take_the_drop_down_from_the_states_sheet(hostile_bundle):
    states = hostile_bundle.states.assign(label_zh=hostile_bundle.states["label_zh"] + "，" + "很长的说明" * 8)
    book = load_workbook(io.BytesIO(build_workbook(replace(hostile_bundle, states=states))))
    (validation,) = book["案件 cases"].data_validations.dataValidation
    assert validation.formula1 == "'状态 states'!$A$2:$A$8"
    assert book["状态 states"]["A2"].value == states["label_zh"][0] + " to_verify"
    assert _column(book["案件 cases"], "处理状态 state")[0] == book["状态 states"]["A2"].value


def test_far_right_columns_are_narrow_and_grey(book):
    ws = book["案件 cases"]
    for cell in ws[1][-2:]:
        assert ws.column_dimensions[cell.column_letter].width <= 13
        assert ws.cell(2, cell.column).font.color.rgb.endswith("808080")
    assert getattr(ws.cell(2, 1).font.color, "rgb", None) != "FF808080"  # the other columns keep the normal font


def test_every_sheet_prints_landscape_a4_one_page_wide_with_its_header_row(book):
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, ws.title  # absent = 1
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.print_options.gridLines, ws.title


def test_decisions_members_rules_and_states_sheets(book, planted):
    decisions, members, rules = book["决定记录 decisions"], book["户成员 members"], book["规则 rules"]
    assert decisions.max_row == 6
    assert _column(decisions, "处理状态 state")[:3] == ["已核实-不符合 confirmed_ineligible", "已告知 notified",
                                                    "已核实-不符合 confirmed_ineligible"]
    assert _column(decisions, "备注 note")[0] == "已核实工资 530102********0017"
    assert _column(decisions, "核实日期 decided_on")[0].date().isoformat() == "2025-02-01"
    assert _column(members, "身份证号(脱敏) id_masked")[3] == "532901********0031"
    assert _column(members, "身份证问题 id_problem")[3:] == ["校验位不符 check digit mismatch", "位数不对 wrong length"]
    assert _column(members, "成员序号 member_no")[:2] == [1, 2]
    assert _column(rules, "数值单位 value_unit")[0] == "元/人·月 yuan per person per month"
    assert _column(rules, "说明 description")[1] == "成员名下有非豁免车型的机动车。"
    assert _column(book["状态 states"], "未结 is_open") == ["是 yes"] * 3 + ["否 no"] * 3 + ["是 yes"]


def test_summary_sheet_has_states_carry_false_flag_rates_and_generated_at(book, planted):
    summary = {row[0]: row[1:] for row in book["汇总 summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["生成时间 generated_at"][0] == planted["generated_at"]
    assert "结束时间 finished_at" not in summary
    assert summary["处理状态 state · 待核实 to_verify"][0] == 1 and summary["处理状态 state · 核实中 verifying"][0] == 0
    assert summary["本次变动 重开 reopened"][0] == 1 and summary["本次变动 已解除 resolved"][0] == 1
    rate = summary["误报率 false-flag rate · 按规则 by rule · 收入超标 INCOME_OVER_LIMIT"]
    assert rate == ("25%", "已决 decided 4 · 误报 false_match 1")
    assert summary["误报率 false-flag rate · 按匹配方式 by link method · 模糊匹配 fuzzy"][0] == "33.3%"
    assert summary["数据问题（户） data problems (households)"] == (2, "3 条记录 rows (household × rule)")


def test_explanations_and_changes_read_in_chinese(book):
    explanation = book["证据 evidence"]["N2"].value
    assert "身份证号 id: 完全一致 exact (+7.25)" in explanation and "姓名 name: 读音相同 sound (+2.5)" in explanation
    changed = _column(book["案件 cases"], "变化 what_changed")
    assert changed[0] == ("新增记录 new: hr:HR2; 消失记录 gone: hr:HR0; 变化记录 changed: hr:HR1; "
                          "数值 value 3000.00 → 3500.00; 阈值 threshold 1700.00 → 1760.00")
    assert changed[1:] == [None, None, None]


def test_no_raw_id_of_notes_or_members_anywhere_in_the_file(hostile_bundle, planted):
    with zipfile.ZipFile(io.BytesIO(build_workbook(hostile_bundle))) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert planted["note_id"] not in text and planted["member_id"] not in text
    assert "530102********0017" in text and "532901********0031" in text


def test_an_old_bundle_prefills_to_verify(old_bundle):
    book = load_workbook(io.BytesIO(build_workbook(old_bundle)))
    ws = book["案件 cases"]
    assert _column(ws, "处理状态 state") == ["to_verify"] * 4  # no state table: the id alone
    assert all(v is None for v in _column(ws, "指纹 fingerprint"))
    assert book["决定记录 decisions"].max_row == 1 and book["户成员 members"].max_row == 1


def test_an_empty_run_has_no_drop_down(hostile_bundle):
    empty = replace(hostile_bundle, cases=hostile_bundle.cases.iloc[0:0], evidence=hostile_bundle.evidence.iloc[0:0],
                    members=pd.DataFrame(columns=hostile_bundle.members.columns))
    ws = load_workbook(io.BytesIO(build_workbook(empty)))["案件 cases"]
    assert ws.max_row == 1 and not ws.data_validations.dataValidation
