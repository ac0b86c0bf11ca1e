"""Writing one table sheet with XlsxWriter: header, widths, column looks, rows, filter, print setup.

Every string is written as a string (the workbook turns XlsxWriter's
formula, URL and number guessing off). The summary's cells are written by
XlsxWriter, a column of one cell type with that type's method; a table
sheet's rows come back as SpreadsheetML (reports.sheet_xml) for the workbook
to put in. Sheets print landscape on A4, fitted to one page
wide and as many tall as needed, with the header row repeated on every page
and gridlines printed: LibreOffice otherwise split even the two-column
summary across pages.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from reports.cells import safe_text
from reports.sheet_xml import column_cells_xml, rows_xml
from reports.sheets import Column

A4 = 9  # XlsxWriter's paper index for A4
_HEADER = {"bold": True, "bg_color": "#DCE6F1"}
_MUTED = {"font_color": "#808080"}
_ENTRY = {"date": {"num_format": "yyyy-mm-dd"}, "text": {"num_format": "@"}}
_WIDTH_SAMPLE = 500
_MAX_WIDTH = 60
_MUTED_WIDTH = 12


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(column: Column, cells: list[Any]) -> int:
    """A column width fitted to the header and the first rows, capped for long free text; muted ones narrow."""
    if column.muted:
        return _MUTED_WIDTH
    return min(max([_display_width(column.header)] + [_display_width(v) for v in cells[:_WIDTH_SAMPLE]]) + 2,
               _MAX_WIDTH)


def _look(book: xlsxwriter.Workbook, column: Column) -> Any:
    """The column format: grey for muted columns, date or text for entry columns, else none."""
    if column.muted:
        return book.add_format(_MUTED)
    if column.entry:
        return book.add_format(_ENTRY.get(column.kind, _ENTRY["text"]))
    return None


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


def print_setup(sheet: Worksheet) -> None:
    """Landscape A4, one page wide (any number tall), header row on each page, gridlines printed."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.hide_gridlines(0)


def _frame(book: xlsxwriter.Workbook, title: str, columns: tuple[Column, ...], samples: list[list[Any]],
           rows: int, looks: list[Any]) -> Worksheet:
    """A sheet with its styled frozen header, fitted widths, column looks, autofilter over `rows` and print setup."""
    sheet = book.add_worksheet(title)
    for index, (column, values, look) in enumerate(zip(columns, samples, looks)):
        sheet.set_column(index, index, _width(column, values), look)
    sheet.write_row(0, 0, [safe_text(c.header) for c in columns], book.add_format(_HEADER))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, len(columns) - 1)
    print_setup(sheet)
    return sheet


def write_table(book: xlsxwriter.Workbook, title: str, columns: tuple[Column, ...],
                cells: list[list[Any]]) -> Worksheet:
    """One small sheet of converted cells (the summary), each written by XlsxWriter."""
    sheet = _frame(book, title, columns, cells, len(cells[0]) if cells else 0, [_look(book, c) for c in columns])
    for index, values in enumerate(cells):
        write = _cell_writer(sheet, values)
        for row, value in enumerate(values, 1):
            if value is not None and value != "":
                write(row, index, value)
    return sheet


def write_frame(book: xlsxwriter.Workbook, title: str, columns: tuple[Column, ...],
                frame: pd.DataFrame) -> tuple[Worksheet, bytes]:
    """One table sheet of `frame`: XlsxWriter writes all but the rows, returned as SpreadsheetML
    for reports.workbook to put in (reports.sheet_xml: the same cells, a column at a time)."""
    looks = [_look(book, column) for column in columns]
    date_style = book.default_date_format._get_xf_index()
    shared = book.str_table._get_shared_string_index
    converted = [column_cells_xml(c.kind, frame[c.key], look._get_xf_index() if look else None, date_style, shared)
                 for c, look in zip(columns, looks)]
    sheet = _frame(book, title, columns, [samples for samples, _ in converted], len(frame), looks)
    return sheet, rows_xml([tails for _, tails in converted])
