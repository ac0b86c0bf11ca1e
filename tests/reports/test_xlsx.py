"""The XlsxWriter output of report.xlsx: well-formed parts, exact text, no markup or formula smuggled in."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import pandas as pd
from openpyxl import load_workbook

from reports import build_workbook

# A value that XlsxWriter would copy unescaped into the sheet, planting a live formula in cell Z9.
PLANT = '<r><t>x</t></r></is></c><c r="Z9"><f>HYPERLINK("http://x","y")</f></c><c><is><r><t>y</t></r>'
TRICKY = {"a & b <c>": "a & b <c>", "_x0041_ stays literal": "_x0041_ stays literal",
          "line\r\nbreak": "line_x000D_\nbreak", "bad \uffff char": "bad \ufffd char", " lead space": " lead space",
          "<r><t>rich</t></r>": "'<r><t>rich</t></r>", PLANT: "'" + PLANT, "<r>open only": "<r>open only"}


def _tricky_book(hostile_bundle) -> bytes:
    problems = pd.DataFrame({"household_id": "H1", "rule_id": "R1", "problem": list(TRICKY) + ["", None]})
    return build_workbook(replace(hostile_bundle, data_problems=problems))


def test_every_part_is_well_formed_xml_with_no_formula_and_named_filters(hostile_bundle):
    with zipfile.ZipFile(io.BytesIO(_tricky_book(hostile_bundle))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    for xml in parts.values():
        ET.fromstring(xml)
    assert not any(b"<f>" in xml or b"<f " in xml for xml in parts.values())
    assert "'数据问题 data problems'!$A$1:$C$11" in parts["xl/workbook.xml"].decode()


def test_text_cells_read_back_exactly_as_written(hostile_bundle):
    ws = load_workbook(io.BytesIO(_tricky_book(hostile_bundle)))["数据问题 data problems"]
    # Excel decodes the OOXML escapes "_x000D_" (a CR) and "_x005F_" (a literal "_"); openpyxl only the latter.
    assert [c.value for c in ws["C"][1:]] == list(TRICKY.values()) + [None, None]
    assert ws.max_column == 3 and all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_sheet_layout_header_style_widths_and_date_format(hostile_bundle):
    book = load_workbook(io.BytesIO(build_workbook(hostile_bundle)))
    ws = book["证据 evidence"]
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("DCE6F1")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N6"
    assert ws.column_dimensions["G"].width >= len("身份证号(脱敏) id_masked")
    dates = [c for c in ws["H"][1:] if c.value is not None]
    assert dates and all(c.number_format == "yyyy-mm-dd" and c.is_date for c in dates)
    assert book["参数 parameters"]["F2"].number_format == "yyyy-mm-dd"
