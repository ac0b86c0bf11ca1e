"""The column-wise XLSX writer: a well-formed package whose cells read back with their types."""
from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from reports.xlsx import column_letter, workbook_bytes

_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
TRICKY = ["a & b <c>", "_x0041_ stays literal", "line\r\nbreak", "bad \uffff char", "", None, " lead space"]


def _book() -> bytes:
    columns = [TRICKY, [1, Decimal("2.50"), 0.125, dt.date(2025, 1, 31), "x", None, -3]]
    return workbook_bytes([("A & 'B'", ["文本 text", "混合 mixed"], [12, 30], columns), ("empty", ["h"], [4], [[]])])


def _excel_text(value: str) -> str:
    """What Excel shows for a stored string: OOXML _xHHHH_ escapes decoded (openpyxl leaves them)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def test_column_letters_follow_spreadsheet_naming():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_every_part_is_well_formed_xml_and_filters_are_defined_names():
    with zipfile.ZipFile(io.BytesIO(_book())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for xml in parts.values():
        ET.fromstring(xml)
    workbook = parts["xl/workbook.xml"].decode()
    assert "'A &amp; ''B'''!$A$1:$B$8" in workbook and "'empty'!$A$1:$A$1" in workbook


def test_text_cells_read_back_as_excel_shows_them():
    ws = load_workbook(io.BytesIO(_book()))["A & 'B'"]
    shown = [None if c.value is None else _excel_text(c.value) for c in ws["A"][1:]]
    assert shown == ["a & b <c>", "_x0041_ stays literal", "line\r\nbreak", "bad \ufffd char", None, None,
                     " lead space"]


def test_mixed_cells_keep_numbers_dates_and_text_and_skip_missing():
    book = load_workbook(io.BytesIO(_book()))
    ws = book["A & 'B'"]
    assert [c.value for c in ws["B"][1:]] == [1, 2.5, 0.125, dt.datetime(2025, 1, 31), "x", None, -3]
    assert ws["B5"].number_format == "yyyy-mm-dd" and ws["A1"].font.bold
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B8"
    assert ws.column_dimensions["B"].width == 30
    assert book["empty"].max_row == 1 and book["empty"].auto_filter.ref == "A1:A1"
