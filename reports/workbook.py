"""report.xlsx: the same cases as a workbook, for auditors who work in Excel.

Sheets: summary, cases, evidence, parameters, data problems. Every table
sheet has a bold frozen header row, an autofilter and fitted column widths;
dates are dates, amounts are numbers, IDs are text and masked. Cells are
converted a column at a time (reports.cells) and serialised by XlsxWriter
a row at a time, with every string written as a string: its options that
turn text into formulas, links or numbers are off.
"""
from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from reports.bundle import ReportBundle, masked
from reports.cells import column_cells, safe_text
from reports.sheets import SHEETS, Column, summary_rows, with_members

SUMMARY = ("汇总 summary", ["项目 item", "值 value", "说明 detail"])
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"}
_HEADER = {"bold": True, "bg_color": "#DCE6F1"}
_WIDTH_SAMPLE = 500
_MAX_WIDTH = 60


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(headers: list[str], columns: list[list[Any]]) -> list[int]:
    """Column widths fitted to the header and the first rows, capped for long free text."""
    return [min(max([_display_width(h)] + [_display_width(v) for v in cells[:_WIDTH_SAMPLE]]) + 2, _MAX_WIDTH)
            for h, cells in zip(headers, columns)]


def _cell_writer(sheet: Worksheet, cells: list[Any]) -> Callable[..., int]:
    """The XlsxWriter method for a column: the typed one when every cell has one type, else `write`."""
    kinds = set(map(type, cells)) - {type(None)}
    if kinds <= {str}:
        return sheet.write_string
    if kinds <= {int, float, Decimal}:
        return sheet.write_number
    if kinds <= {dt.date}:
        return sheet.write_datetime
    return sheet.write


def _write_sheet(book: xlsxwriter.Workbook, title: str, headers: list[str], columns: list[list[Any]]) -> None:
    """One sheet: styled frozen header, fitted widths, the rows, an autofilter over all of them."""
    sheet = book.add_worksheet(title)
    for index, width in enumerate(_widths(headers, columns)):
        sheet.set_column(index, index, width)
    sheet.write_row(0, 0, [safe_text(h) for h in headers], book.add_format(_HEADER))
    for index, cells in enumerate(columns):
        write = _cell_writer(sheet, cells)
        for row, value in enumerate(cells, 1):
            if value is not None and value != "":
                write(row, index, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(columns[0]) if columns else 0, len(headers) - 1)


def _converted(frame: pd.DataFrame, columns: tuple[Column, ...]) -> list[list[Any]]:
    return [column_cells(c.kind, frame[c.key]) for c in columns]


def build_workbook(bundle: ReportBundle) -> bytes:
    """Build the auditors' workbook and return its bytes (flows/ writes the file)."""
    safe = masked(bundle)
    rows = summary_rows(safe)
    frames = {"cases": with_members(safe.cases, safe.evidence), "evidence": safe.evidence,
              "traces": safe.traces, "data_problems": safe.data_problems}
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, _OPTIONS) as book:
        _write_sheet(book, *SUMMARY, [[row[i] for row in rows] for i in range(len(SUMMARY[1]))])
        for sheet in SHEETS:
            columns = _converted(frames[sheet.table], sheet.columns)
            _write_sheet(book, sheet.title, [c.header for c in sheet.columns], columns)
    return buffer.getvalue()
