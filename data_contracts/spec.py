"""The declarative contract of every source, per interface.md §1.

This module is the single source of truth: the Great Expectations suite, the
typed parsing, the column check of the readers and ``describe_contracts`` are
all derived from ``CONTRACTS``. Nothing here touches data values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from data_contracts.errors import UnusableExtract

PARSE_PROBLEMS = {
    "date": "not a valid date",
    "month": "not a valid month",
    "amount": "not a valid amount",
    "area": "not a valid area",
    "integer": "not an integer",
}
"""Column kinds that are parsed from text, with the reason a bad value gets."""


@dataclass(frozen=True)
class Column:
    """One contract column: its kind, whether a value is required, its allowed values."""

    name: str
    kind: str  # text | id | name | enum | date | month | amount | area | integer
    required: bool = False
    values: tuple[str, ...] = ()
    pattern: tuple[str, str] | None = None  # (regex, what it means)
    forbidden: tuple[str, str] | None = None  # (regex a value must not match, why)
    empty_is_zero: bool = False


@dataclass(frozen=True)
class Contract:
    """The contract of one source: its columns, its unique key, the person rule."""

    source: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    person: bool = False  # agency files: at least one of id_number / name

    @property
    def names(self) -> tuple[str, ...]:
        """The contract's column names, in contract order."""
        return tuple(column.name for column in self.columns)

    def require(self, columns: Iterable[str], file_name: str) -> None:
        """Raise ``UnusableExtract`` listing every contract column absent from ``columns``."""
        present = set(columns)
        missing = [name for name in self.names if name not in present]
        if missing:
            raise UnusableExtract(self.source, file_name, "missing required column(s): " + ", ".join(missing))

    def refuse_duplicates(self, header: Iterable[str], file_name: str) -> None:
        """Raise ``UnusableExtract`` when a column name repeats (names only, never a value, are reported)."""
        names = [name.strip() for name in header]
        duplicated = {name for name in names if names.count(name) > 1}
        if duplicated:
            known = sorted(duplicated & set(self.names)) or [f"{len(duplicated)} name(s)"]
            raise UnusableExtract(self.source, file_name, "duplicate column(s): " + ", ".join(known))


def _enum(name: str, *values: str, required: bool = True) -> Column:
    return Column(name, "enum", required, values)


SCIENTIFIC = (r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$", "number in scientific notation, digits lost")
"""An ID that went through a spreadsheet as a number: its digits are gone for good."""


def _agency(source: str, *columns: Column) -> Contract:
    person = (Column("record_id", "id", True), Column("id_number", "id", forbidden=SCIENTIFIC),
              Column("name", "name"))
    return Contract(source, person + columns, ("record_id",), person=True)


_STATUS = ("正常", "注销", "报废", "被盗抢")
CONTRACTS: dict[str, Contract] = {
    "households": Contract("households", (
        Column("household_id", "id", True),
        Column("region_code", "text", True, pattern=(r"^\d{6}$", "a 6-digit code")),
        _enum("category", "深度困难", "相对困难", "意外致困"),
        Column("registered_on", "date", True),
        Column("declared_monthly_income", "amount", True),
    ), ("household_id",)),
    "members": Contract("members", (
        Column("household_id", "id", True),
        Column("member_no", "integer", True),
        _enum("relation", "本人", "配偶", "子女", "父母", "其他"),
        Column("name", "name", True),
        Column("id_number", "id"),
        _enum("gender", "男", "女", required=False),
        Column("birth_date", "date"),
    ), ("household_id", "member_no")),
    "hukou": _agency("hukou", Column("former_name", "name"), Column("region_code", "text"),
                     _enum("status", "正常", "死亡", "迁出")),
    "vehicles": _agency("vehicles", Column("plate_no", "text"), Column("vehicle_type", "text"),
                        Column("registered_on", "date", True), _enum("status", *_STATUS)),
    "hr": _agency("hr", Column("period", "month", True), Column("employer_name", "text"),
                  _enum("employer_type", "企业", "机关", "事业单位", "个体", "其他"),
                  *(Column(name, "amount", empty_is_zero=True)
                    for name in ("monthly_wage", "pension", "unemployment_benefit"))),
    "bank": _agency("bank", Column("institution", "text"),
                    _enum("product_type", "活期", "定期", "理财", "基金", "股票", "其他"),
                    Column("balance", "amount", True), Column("as_of", "date", True)),
    "housing": _agency("housing", Column("cert_no", "text"),
                       _enum("usage", "住宅", "商业", "办公", "车位", "其他"),
                       Column("area_m2", "area", True), Column("acquired_on", "date", True)),
    "civil_affairs": _agency("civil_affairs", _enum("record_type", "低保", "死亡"),
                             Column("event_date", "date", True), Column("amount", "amount")),
    "business": _agency("business", Column("enterprise_name", "text"),
                        _enum("role", "法定代表人", "股东", "个体工商户经营者"),
                        Column("registered_capital", "amount", True),
                        _enum("status", "存续", "注销", "吊销")),
}

SOURCES: tuple[str, ...] = tuple(CONTRACTS)
REQUIRED_SOURCES: tuple[str, ...] = tuple(source for source in SOURCES if source != "business")
