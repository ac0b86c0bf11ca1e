"""report.xlsx: the same cases as a workbook, for auditors who work in Excel.

Sheets: summary, cases, evidence, parameters, data problems. Every table
sheet has a bold frozen header row, an autofilter and fitted column widths;
dates are dates, amounts are numbers, IDs are text and masked. Cells are
converted a column at a time and written by reports.xlsx, which keeps a
province-scale workbook (≈2 million cells) to a few seconds.
"""
from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

from reports.bundle import ReportBundle, masked
from reports.cells import column_cells, safe_text
from reports.sheets import SHEETS, Column, summary_rows, with_members
from reports.xlsx import workbook_bytes

SUMMARY = ("汇总 summary", ["项目 item", "值 value", "说明 detail"])
_WIDTH_SAMPLE = 500
_MAX_WIDTH = 60


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet(title: str, headers: list[str], columns: list[list[Any]]) -> tuple[str, list[str], list[int], list]:
    """A sheet for the writer: safe header text and widths fitted to the header and the first rows."""
    widths = [min(max([_display_width(h)] + [_display_width(v) for v in cells[:_WIDTH_SAMPLE]]) + 2, _MAX_WIDTH)
              for h, cells in zip(headers, columns)]
    return title, [safe_text(h) for h in headers], widths, columns


def _converted(frame: pd.DataFrame, columns: tuple[Column, ...]) -> list[list[Any]]:
    return [column_cells(c.kind, frame[c.key]) for c in columns]


def build_workbook(bundle: ReportBundle) -> bytes:
    """Build the auditors' workbook and return its bytes (flows/ writes the file)."""
    safe = masked(bundle)
    rows = summary_rows(safe)
    summary = [[row[i] for row in rows] for i in range(len(SUMMARY[1]))]
    frames = {"cases": with_members(safe.cases, safe.evidence), "evidence": safe.evidence,
              "traces": safe.traces, "data_problems": safe.data_problems}
    return workbook_bytes([_sheet(*SUMMARY, summary)] + [
        _sheet(sheet.title, [c.header for c in sheet.columns], _converted(frames[sheet.table], sheet.columns))
        for sheet in SHEETS
    ])
