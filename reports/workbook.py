"""report.xlsx: the same cases as a workbook, for auditors who work in Excel.

Sheets: summary, cases, evidence, parameters, data problems. Every table
sheet has a bold frozen header row, an autofilter and fitted column widths;
dates are dates, amounts are numbers, IDs are text and masked.
"""
from __future__ import annotations

import io
import unicodedata
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.bundle import ReportBundle, masked
from reports.cells import CONVERTERS, safe_text
from reports.sheets import SHEETS, Column, with_members, summary_rows

DATE_FORMAT = "yyyy-mm-dd"
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_WIDTH_SAMPLE = 500
_MAX_WIDTH = 60


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _header(ws: Any, titles: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=safe_text(title))
        cell.font, cell.fill = _BOLD, _HEAD_FILL
        cells.append(cell)
    return cells


def _body(ws: Any, row: list[Any]) -> list[Any]:
    out = []
    for value in row:
        if hasattr(value, "isoformat"):
            value = WriteOnlyCell(ws, value=value)
            value.number_format = DATE_FORMAT
        out.append(value)
    return out


def _write(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    """One sheet: widths first (write-only needs them before rows), then header, then rows."""
    ws = wb.create_sheet(title)
    for index, header in enumerate(headers):
        sample = [r[index] for r in rows[:_WIDTH_SAMPLE]]
        width = max([_display_width(header)] + [_display_width(v) for v in sample])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, _MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    ws.append(_header(ws, headers))
    for row in rows:
        ws.append(_body(ws, row))


def _converted(frame: pd.DataFrame, columns: tuple[Column, ...]) -> list[list[Any]]:
    data = [[CONVERTERS[c.kind](v) for v in frame[c.key].tolist()] for c in columns]
    return [list(row) for row in zip(*data)]


def build_workbook(bundle: ReportBundle) -> bytes:
    """Build the auditors' workbook and return its bytes (flows/ writes the file)."""
    safe = masked(bundle)
    wb = Workbook(write_only=True)
    _write(wb, "汇总 summary", ["项目 item", "值 value", "说明 detail"], summary_rows(safe))
    frames = {"cases": with_members(safe.cases, safe.evidence), "evidence": safe.evidence,
              "traces": safe.traces, "data_problems": safe.data_problems}
    for sheet in SHEETS:
        _write(wb, sheet.title, [c.header for c in sheet.columns],
               _converted(frames[sheet.table], sheet.columns))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
