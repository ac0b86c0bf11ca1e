"""Dated policy parameters read from YAML (one file per parameter, OpenFisca style).

Each file carries a description, a unit, a reference to the policy document and
values keyed by effective date, optionally per region (looked up county →
prefecture → province at evaluation) or per hardship category. Everything is
checked here, at load time, so a bad file never reaches an evaluation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

from rules.yaml_source import Problems, parse_date, read_yaml

# GB/T 2260 province-level division prefixes; a region code must start with one.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
CATEGORIES = frozenset({"深度困难", "相对困难", "意外致困"})
_TEXT_FIELDS = ("description", "unit", "reference")
_FIELDS = frozenset({*_TEXT_FIELDS, "by", "values"})
_REGION = re.compile(r"^\d{6}$")
_WANTED = "want a number ≥ 0 with at most 4 decimals, or a list of names"

Value = Decimal | tuple[str, ...]


@dataclass(frozen=True)
class Parameter:
    """One policy parameter: values by key (region, category or None) and effective date."""

    name: str
    description: str
    unit: str
    reference: str
    by: str | None
    values: dict[str | None, dict[date, Value]]
    places: dict[str, str] = field(default_factory=dict)

    @property
    def is_list(self) -> bool:
        """Whether the values are lists of names rather than numbers."""
        return any(isinstance(v, tuple) for series in self.values.values() for v in series.values())

    def rows(self) -> Iterator[tuple[str | None, date, Value]]:
        """Every (key, effective_from, value), for loading into the evaluation database."""
        for key, series in self.values.items():
            for effective_from, value in series.items():
                yield key, effective_from, value


def load_parameters(folder: Path, problems: Problems) -> dict[str, Parameter]:
    """Read every ``*.yaml`` in ``folder``; problems are recorded, valid files returned."""
    if not folder.is_dir():
        problems.add(folder.name, "(folder)", "parameters folder missing")
        return {}
    loaded = (_parameter(path, problems) for path in sorted(folder.glob("*.yaml")))
    return {parameter.name: parameter for parameter in loaded if parameter}


def _parameter(path: Path, problems: Problems) -> Parameter | None:
    """Validate one parameter file; None when it has any problem."""
    data, file, before = read_yaml(path, problems), path.name, len(problems.items)
    if not isinstance(data, dict):
        problems.add(file, "(file)", "must be a mapping with description, unit, reference, values")
        return None
    for key in sorted(set(map(str, data)) - _FIELDS):
        problems.add(file, key, "unknown key")
    for key in _TEXT_FIELDS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.add(file, key, "missing (required text)")
    values = _values(data.get("by"), data.get("values"), file, problems)
    if len(problems.items) > before:
        return None
    text = {key: data[key].strip() for key in _TEXT_FIELDS}
    return Parameter(name=path.stem, by=data.get("by"), values=values, places=_places(data), **text)


def _places(data: dict[str, Any]) -> dict[str, str]:
    """The place names keyed blocks give (``place: 大理州``), for the reports' region labels."""
    blocks = data["values"].items() if data.get("by") == "region" else ()
    return {str(key): str(block["place"]).strip() for key, block in blocks
            if isinstance(block, dict) and str(block.get("place") or "").strip()}


def _values(by: Any, values: Any, file: str, problems: Problems) -> dict[str | None, dict[date, Value]]:
    """The value series per key; checks keys, dates and that all values are of one kind."""
    if by not in (None, "region", "category"):
        problems.add(file, "by", f"must be region or category, not {by!r}")
        return {}
    if not isinstance(values, dict) or not values:
        problems.add(file, "values", "missing (required mapping of dates to values)")
        return {}
    if by is None:
        series = {None: _series(values, "values", file, problems)}
    else:
        series = {_key(by, key, file, problems): _series(block, f"values.{key}", file, problems)
                  for key, block in values.items()}
    kinds = {type(value) for dated in series.values() for value in dated.values()}
    if len(kinds) > 1:
        problems.add(file, "values", "mixes numbers and lists")
    return series


def _key(by: str, key: Any, file: str, problems: Problems) -> str:
    """A region code or category, checked against the known ones."""
    text = str(key)
    if by == "region" and not (_REGION.match(text) and text[:2] in PROVINCES):
        problems.add(file, f"values.{text}", "unknown region (want a 6-digit division code)")
    if by == "category" and text not in CATEGORIES:
        problems.add(file, f"values.{text}", f"unknown category (want one of {sorted(CATEGORIES)})")
    return text


def _series(block: Any, where: str, file: str, problems: Problems) -> dict[date, Value]:
    """Values keyed by effective date; a keyed block may also name its ``place``."""
    if not isinstance(block, dict) or not block:
        problems.add(file, where, "must map effective dates (YYYY-MM-DD) to values")
        return {}
    series: dict[date, Value] = {}
    for key, raw in block.items():
        if where != "values" and key == "place":
            continue
        effective_from, value = parse_date(key), _value(raw)
        if effective_from is None:
            problems.add(file, f"{where}.{key}", "bad date (want YYYY-MM-DD, a real day)")
        if value is None:
            problems.add(file, f"{where}.{key}", f"bad value {raw!r} ({_WANTED})")
        if effective_from and value is not None:
            series[effective_from] = value
    return series


def _value(raw: Any) -> Value | None:
    """A non-negative exact number or a list of names; None when it is neither."""
    if isinstance(raw, list):
        ok = all(isinstance(item, str) and item.strip() for item in raw)
        return tuple(item.strip() for item in raw) if ok else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    fits = number.is_finite() and 0 <= number < 10**14 and number.as_tuple().exponent >= -4
    return number if fits else None
