"""The rows of a table sheet as SpreadsheetML, built a column at a time.

XlsxWriter spent ~10 µs per cell at province scale (3 M cells: most of the
report stage); here each column becomes one Arrow array of ``<c>`` elements
and the rows are joined by Arrow kernels. The cells are the ones XlsxWriter
writes for the same values: text as an index into the workbook's shared
strings (XlsxWriter's own table, so it escapes and writes them), numbers as
``{:.16G}``, dates as serial numbers with the date style, a column's look as
its cells' style. Empty values and '' give no cell.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from xlsxwriter.utility import xl_col_to_name

from reports.cells import CONVERTERS, MAX_CELL, NEUTRALISER
from reports.columns import by_value, neutralised, text

_EPOCH = dt.date(1899, 12, 31)  # Excel's 1900 date system, with its 29 February 1900
_SHARED_OPEN, _SHARED_CLOSE = ' t="s"><v>', "</v></c>"
StringIndex = Callable[[str], int]


def _lit(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def excel_day(day: dt.date) -> int:
    """A date's Excel serial number (1900 system, as XlsxWriter counts it)."""
    serial = (day - _EPOCH).days
    return serial + 1 if serial > 59 else serial


def _styled(style: int | None) -> str:
    return "" if style is None else f' s="{style}"'


def _text_cells(cleaned: pa.Array, style: int | None, index_of: StringIndex) -> pa.Array:
    """The ``<c>`` tails (after the reference) of a text column, each text shared once; null where ''."""
    encoded = pc.dictionary_encode(cleaned)
    encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
    shared = pa.array([index_of(t) if t else -1 for t in encoded.dictionary.to_pylist()], pa.int64())
    indices = pc.cast(pc.take(shared, encoded.indices), pa.large_string())
    body = pc.binary_join_element_wise(_lit(_styled(style) + _SHARED_OPEN), indices, _lit(_SHARED_CLOSE), _lit(""))
    return pc.if_else(pc.equal(cleaned, ""), pa.scalar(None, pa.large_string()), body)


def _value_cell(value: Any, style: int | None, date_style: int, index_of: StringIndex) -> str | None:
    """One converted value's ``<c>`` tail, the way XlsxWriter writes that type (None: no cell)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return f"{_styled(style)}{_SHARED_OPEN}{index_of(value)}{_SHARED_CLOSE}"
    if isinstance(value, (int, float, Decimal)):
        return f"{_styled(style)}><v>{value:.16G}</v></c>"
    if isinstance(value, dt.date):
        return f"{_styled(date_style)}><v>{excel_day(value)}</v></c>"
    raise TypeError(f"no cell type for {type(value).__name__}")


def column_cells_xml(kind: str, values: pd.Series, style: int | None, date_style: int,
                     index_of: StringIndex) -> tuple[list, pa.Array]:
    """A column's first display values (for its width) and its ``<c>`` tails (null: no cell).

    ``index_of`` gives a text's place in the workbook's shared strings (adding it if new).
    """
    if kind == "text":
        cleaned = neutralised(text(values), NEUTRALISER, MAX_CELL).cast(pa.large_string())
        return cleaned[:500].to_pylist(), _text_cells(cleaned, style, index_of)
    converted = by_value(CONVERTERS[kind], values)
    tail = lru_cache(maxsize=None, typed=True)(lambda v: _value_cell(v, style, date_style, index_of))
    return converted[:500], pa.array([tail(v) for v in converted], pa.large_string())


def rows_xml(tails: list[pa.Array], first_row: int = 2) -> memoryview:
    """``<row>`` elements (UTF-8) for the columns' cell tails, from sheet row ``first_row`` (1-based) on."""
    count = len(tails[0]) if tails else 0
    if not count:
        return memoryview(b"")
    refs = pc.cast(pa.array(range(first_row, first_row + count), pa.int64()), pa.large_string())
    cells = []
    for index, tail in enumerate(tails):
        head = pc.binary_join_element_wise(_lit(f'<c r="{xl_col_to_name(index)}'), refs, _lit('"'), _lit(""))
        cells.append(pc.fill_null(pc.binary_join_element_wise(head, tail, _lit(""), null_handling="emit_null"), ""))
    rows = pc.binary_join_element_wise(_lit('<row r="'), refs, _lit('">'), *cells, _lit("</row>"), _lit(""))
    rows = rows.combine_chunks() if isinstance(rows, pa.ChunkedArray) else rows
    offsets = memoryview(rows.buffers()[1]).cast("q")[rows.offset:rows.offset + len(rows) + 1]
    return memoryview(rows.buffers()[2])[offsets[0]:offsets[-1]]
