"""Display forms of single values shared by both renderers: dates, numbers, explanations, rates."""
from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

from reports.masking import clean_text, is_missing

_PER_PERSON = ("/人", "per person")


def date_text(value: Any) -> str:
    """ISO date text (YYYY-MM-DD) for a date, timestamp or date string."""
    if is_missing(value):
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return clean_text(value)


def rounded_number(value: Any) -> float | None:
    """A float rounded to 4 places (scores, weights), or None when not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 4)


def explanation_items(text: Any) -> list[list] | str:
    """Parse a link explanation into [comparison, level, weight] items.

    Text that is not the documented JSON list is returned as cleaned text,
    so an auditor still sees it.
    """
    raw = clean_text(text)
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return raw
    if not isinstance(items, list):
        return raw
    return [
        [clean_text(i.get("comparison")), clean_text(i.get("level")), rounded_number(i.get("weight"))]
        for i in items if isinstance(i, dict)
    ]


def is_per_capita(value_unit: str) -> bool:
    """Whether a rule's value is per person (its unit says '/人' or 'per person')."""
    return any(mark in value_unit for mark in _PER_PERSON)


def rate_text(rate: Any, decided: Any) -> str:
    """A false-flag rate as a percentage ('25%', '33.3%'), or '—' when nothing was decided."""
    number = rounded_number(rate)
    if number is None or not (rounded_number(decided) or 0) > 0:
        return "—"
    return f"{number * 100:.1f}".removesuffix(".0") + "%"


def count(value: Any) -> int:
    """A whole count from a table cell (0 when missing or not a number)."""
    number = rounded_number(value)
    return 0 if number is None else int(number)
