"""Excel cells rendered as text, the way a data officer sees them.

Integers stay without '.0'; a large number Excel stored as a float (an
18-digit ID typed into a cell) keeps its float form, e.g. '5.30102e+17',
because its digits are gone and must not be invented; dates print as
YYYY-MM-DD. Trailing empty rows and unnamed empty columns that read-only
sheets report are dropped.
"""

from __future__ import annotations

import datetime as dt

_EXACT_FLOAT_INTEGERS = 10**15  # Excel keeps 15 significant digits


def cell_text(value: object) -> str:
    """One cell value as text ('' for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_FLOAT_INTEGERS:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def sheet_rows(sheet) -> list[list[str]]:
    """All rows of ``sheet`` as text, header first; ValueError when it has no header."""
    rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ValueError("empty sheet")
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    keep = [i for i in range(width) if any(row[i] for row in rows)]
    return [[row[i] for i in keep] for row in rows]
