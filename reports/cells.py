"""Excel cell values: real types where a value is a date or an amount, safe text otherwise.

Text that a spreadsheet would read as a formula (starting with = + - @ tab
or carriage return) is neutralised with a leading apostrophe, as OWASP
advises for CSV/formula injection. So is a whole value of the form
'<r>…</r>': XlsxWriter (3.3) writes such a string unescaped, as rich-text
XML, through which a value could plant a real formula cell. Control
characters that XLSX cannot hold are replaced.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from reports.columns import by_value, neutralised, text
from reports.labels import CARRY, COMPARISON, DECISION, ID_PROBLEM, LEVEL, METHOD, SOURCE, STATUS, shown
from reports.masking import clean_text, is_missing
from reports.values import explanation_items, rounded_number

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RICH_TEXT = ("<r>", "</r>")
NEUTRALISER = "'"
MAX_CELL = 32_000
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_text(value: Any) -> str:
    """Display text, cut to MAX_CELL, that Excel can never evaluate as a formula or markup."""
    text = clean_text(value)[:MAX_CELL]
    if text.startswith(FORMULA_TRIGGERS) or (text.startswith(RICH_TEXT[0]) and text.endswith(RICH_TEXT[1])):
        text = NEUTRALISER + text
    return text[:MAX_CELL]


def amount(value: Any) -> Decimal | str | None:
    """An exact Decimal for plain decimal text or numbers; safe text otherwise."""
    if is_missing(value):
        return None
    text = clean_text(value).strip()
    if _PLAIN_NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    return safe_text(value)


def integer(value: Any) -> int | str | None:
    """An int for whole numbers (member_no), safe text otherwise."""
    number = amount(value)
    return int(number) if isinstance(number, Decimal) and number == number.to_integral() else number


def date(value: Any) -> dt.date | str | None:
    """A real date for dates, timestamps and ISO date text; safe text otherwise."""
    if is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(clean_text(value).strip()[:10])
    except ValueError:
        return safe_text(value)


def explanation(value: Any) -> str:
    """A link explanation as one readable line: '身份证号 id: 完全一致 exact (+7.25); …'."""
    items = explanation_items(value)
    if isinstance(items, str):
        return safe_text(items)
    return safe_text("; ".join(f"{shown(COMPARISON, c)}: {shown(LEVEL, lvl)}" + ("" if w is None else f" ({w:+g})")
                               for c, lvl, w in items))


def coded(mapping: dict[str, str]) -> Callable[[Any], str]:
    """A converter showing a code with its Chinese label, e.g. '违规 breach'."""
    def convert(value: Any) -> str:
        return safe_text(shown(mapping, clean_text(value)))
    return convert


def column_cells(kind: str, values: pd.Series) -> list[Any]:
    """A whole column as cell values of `kind`: text through Arrow kernels, other kinds per distinct value."""
    if kind == "text":
        return neutralised(text(values), NEUTRALISER, MAX_CELL).to_pylist()
    return by_value(CONVERTERS[kind], values)


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "text": safe_text, "amount": amount, "int": integer, "score": rounded_number, "date": date,
    "explanation": explanation, "status": coded(STATUS), "method": coded(METHOD),
    "decision": coded(DECISION), "source": coded(SOURCE), "id_problem": coded(ID_PROBLEM), "carry": coded(CARRY),
}
