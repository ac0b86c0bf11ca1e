"""report.xlsx read back with openpyxl: sheets, header, filter, types, masking, no formulas."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from reports import build_workbook

SHEETS = ["汇总 summary", "案件 cases", "证据 evidence", "参数 parameters", "数据问题 data problems",
          "决定记录 decisions", "户成员 members", "规则 rules", "状态 states"]


@pytest.fixture
def xlsx(hostile_bundle) -> bytes:
    return build_workbook(hostile_bundle)


@pytest.fixture
def book(xlsx):
    return load_workbook(io.BytesIO(xlsx))


def _column(ws, header_prefix: str) -> list:
    headers = [c.value for c in ws[1]]
    index = next(i for i, h in enumerate(headers) if h.startswith(header_prefix))
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_workbook_has_the_sheets_with_frozen_filtered_headers(book, hostile_bundle):
    assert book.sheetnames == SHEETS
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(c.font.bold for c in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 4 for c in ws[1])
    assert book["案件 cases"].max_row == len(hostile_bundle.cases) + 1
    assert book["证据 evidence"].max_row == len(hostile_bundle.evidence) + 1


def test_no_raw_id_anywhere_in_the_file(xlsx, raw_ids):
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for raw in raw_ids:
        assert raw not in text and raw.upper() not in text
    assert "530102********1234" in text


def test_ids_are_masked_text_and_members_are_named(book):
    ws = book["证据 evidence"]
    ids = _column(ws, "身份证号")
    assert ids == ["530102********1234", "530102********002x", "530102********1234",
                   "530102*****1123", "532923********0019"]
    assert "死亡登记 530102*****1123" in _column(ws, "说明")
    assert _column(book["案件 cases"], "相关成员")[0] == "张三、<script>alert(1)</script>"


def test_dates_amounts_and_scores_are_real_excel_types(book):
    evidence, cases = book["证据 evidence"], book["案件 cases"]
    assert _column(evidence, "日期")[:4] == [dt.datetime(2025, 1, 31), dt.datetime(2025, 1, 31),
                                          dt.datetime(2021, 5, 4), dt.datetime(2024, 11, 2)]
    assert evidence.cell(2, [c.value for c in evidence[1]].index("日期 date") + 1).number_format == "yyyy-mm-dd"
    assert _column(evidence, "贡献")[:2] == [2500, 1000]
    assert _column(evidence, "成员序号") == [1, 2, 1, 1, 1]
    assert _column(evidence, "匹配得分")[0] == pytest.approx(0.999)
    assert _column(cases, "数值")[:3] == [3500, 1, 1] and _column(cases, "阈值")[0] == 1760
    assert _column(cases, "标记类型")[0] == "违规 breach"
    assert isinstance(_column(book["参数 parameters"], "生效日期")[0], dt.datetime)


def test_no_cell_is_a_formula_and_injections_are_neutralised(book, hostile):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    # A CR is stored as the OOXML escape _x000D_, which Excel decodes and openpyxl leaves as it is.
    values = {c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value
              for ws in book.worksheets for row in ws.iter_rows() for c in row}
    for key in ("hyperlink", "dde", "at", "minus", "tab", "cr"):
        assert "'" + hostile[key] in values


def test_summary_sheet_agrees_with_the_cases(book):
    summary = {row[0]: row[1] for row in book["汇总 summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["标记总数 flags"] == 4 and summary["违规 breach"] == 2 and summary["待复核 review"] == 2
    assert summary["来源 公安·户籍 hukou · 隔离 quarantined"] == 3
    assert summary["规则 收入超标 INCOME_OVER_LIMIT · 违规 breach"] == 1
    assert "跳过规则 BUSINESS_OWNER" in summary


def test_nullable_pandas_dtypes_and_decimals_keep_their_excel_types(hostile_bundle):
    evidence = hostile_bundle.evidence.astype({"member_no": "Int64"}).convert_dtypes()
    evidence["record_date"] = pd.to_datetime(evidence["record_date"])
    cases = hostile_bundle.cases.assign(value=[Decimal("3500.00"), 1, 1, "x"])
    book = load_workbook(io.BytesIO(build_workbook(replace(hostile_bundle, cases=cases, evidence=evidence))))
    assert _column(book["证据 evidence"], "日期")[0] == dt.datetime(2025, 1, 31)
    assert _column(book["证据 evidence"], "成员序号")[:2] == [1, 2]
    assert _column(book["案件 cases"], "数值") == [3500, 1, 1, "x"]


def test_an_empty_run_still_gives_every_sheet(hostile_bundle):
    empty = replace(hostile_bundle, cases=hostile_bundle.cases.iloc[0:0], evidence=hostile_bundle.evidence.iloc[0:0])
    book = load_workbook(io.BytesIO(build_workbook(empty)))
    assert book.sheetnames == SHEETS and book["案件 cases"].max_row == 1
