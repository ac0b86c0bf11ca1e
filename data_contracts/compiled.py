"""A second engine for the same GX suites: each expectation compiled to DuckDB SQL.

GX is the contract's source of truth, but it is slow to load (seconds of
imports) and, on millions of rows, to run (it also fingerprints the whole
frame it is given). ``compile_suite`` walks a suite (a GX ``ExpectationSuite``,
or the same suite as the configurations it is built from,
``expectations.suite_configs``, which needs no GX) and turns each expectation
into a SQL predicate that is TRUE where a row fails, with the same semantics
as GX on pandas (nulls pass every check but not-null; every copy of a
duplicate fails; regexes are searched with Python's meaning of ``\\d`` and
``$``). An expectation type or argument the compiler does not know raises
``UncompilableSuite`` when the suite is compiled, so no check is ever skipped
silently.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from data_contracts.errors import ContractFault
from data_contracts.expectations import ExpectationConfig

if TYPE_CHECKING:
    import great_expectations as gx

FRAME = "frame"
"""The name under which the checked table is queried."""
POSITION = "_position"
"""The column of the checked table holding each row's 0-based position."""


class UncompilableSuite(ContractFault):
    """A suite holds an expectation (or an argument) the SQL compiler cannot honour."""


_DATABASE: list[duckdb.DuckDBPyConnection] = []
_DATABASE_LOCK = threading.Lock()


def cursor() -> duckdb.DuckDBPyConnection:
    """A connection of its own to the process's one in-memory DuckDB, for one compiled-suite query.

    Opening a DuckDB database costs about 30 ms of CPU and starts a thread
    pool; a run validates a dozen sources and checks a dozen regexes, so the
    database is opened once and each use gets a cursor (what a cursor
    registers is its own, so sources validate concurrently).
    """
    with _DATABASE_LOCK:
        if not _DATABASE:
            _DATABASE.append(duckdb.connect())
        return _DATABASE[0].cursor()


def _name(column: str) -> str:
    """A column name quoted for SQL (derived columns hold '~' and ':')."""
    return '"' + column.replace('"', '""') + '"'


def _literal(value: object) -> str:
    """A SQL literal for a value of a value set or a regex (strings, booleans, integers)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise UncompilableSuite(f"value of type {type(value).__name__} in an expectation")


_PYTHON_ONLY = re.compile(r"\\[wWsSbBAZ]")


@functools.cache
def re2_pattern(regex: str) -> str:
    """``regex`` as RE2 with Python's meaning: ``\\d`` is any Unicode digit, ``$`` allows a final newline."""
    if _PYTHON_ONLY.search(regex.replace("\\\\", "")):
        raise UncompilableSuite("regex uses a class whose meaning differs between Python and RE2")
    translated = re.sub(r"(?<!\\)((?:\\\\)*)\\([dD])", lambda m: m[1] + ("\\p{Nd}" if m[2] == "d" else "\\P{Nd}"),
                        regex)
    translated = re.sub(r"(?<!\\)((?:\\\\)*)\$(?=$|[|)])", lambda m: m[1] + "(?:\\n?$)", translated)
    try:
        with cursor() as con:
            con.sql(f"SELECT regexp_matches('', {_literal(translated)})").fetchall()
    except duckdb.Error:
        raise UncompilableSuite("regex is not valid RE2") from None
    return translated


def _unique(columns: list[str]) -> str:
    """Every copy of a repeated key fails; a key whose every column is null is not checked (nulls equal)."""
    names = ", ".join(_name(column) for column in columns)
    present = " OR ".join(f"{_name(column)} IS NOT NULL" for column in columns)
    copies = f"SELECT {POSITION}, count(*) OVER (PARTITION BY {names}) AS copies FROM {FRAME} WHERE {present}"
    return f"{POSITION} IN (SELECT {POSITION} FROM ({copies}) WHERE copies > 1)"


_COMPILERS: dict[str, tuple[frozenset[str], Callable[[dict], str]]] = {
    "expect_column_values_to_not_be_null": (
        frozenset({"column"}), lambda kw: f"{_name(kw['column'])} IS NULL"),
    "expect_column_values_to_be_in_set": (
        frozenset({"column", "value_set"}),
        lambda kw: f"{_name(kw['column'])} NOT IN ({', '.join(map(_literal, kw['value_set']))})"),
    "expect_column_values_to_match_regex": (
        frozenset({"column", "regex"}),
        lambda kw: f"NOT regexp_matches({_name(kw['column'])}, {_literal(re2_pattern(kw['regex']))})"),
    "expect_column_values_to_not_match_regex": (
        frozenset({"column", "regex"}),
        lambda kw: f"regexp_matches({_name(kw['column'])}, {_literal(re2_pattern(kw['regex']))})"),
    "expect_column_values_to_be_unique": (frozenset({"column"}), lambda kw: _unique([kw["column"]])),
    "expect_compound_columns_to_be_unique": (frozenset({"column_list"}), lambda kw: _unique(kw["column_list"])),
}
"""Per expectation type: the arguments it may carry, and its failure predicate (NULL counts as a pass)."""


_PRESENTATION = frozenset({"result_format", "catch_exceptions"})
"""Arguments that shape GX's report, not which rows fail."""


def _predicate(type_: str, kwargs: dict[str, Any], mostly: float) -> str:
    """The SQL that is TRUE where a row fails the expectation; raises when it cannot be compiled."""
    known = _COMPILERS.get(type_)
    if known is None:
        raise UncompilableSuite(f"no SQL for {type_}")
    allowed, compile_ = known
    arguments = {k: v for k, v in kwargs.items() if k not in _PRESENTATION}
    if not set(arguments) <= allowed or mostly != 1:
        raise UncompilableSuite(f"{type_} with arguments the SQL engine ignores")
    return f"coalesce({compile_(arguments)}, FALSE)"


def _expectations(
    suite: gx.ExpectationSuite | Iterable[ExpectationConfig],
) -> Iterator[tuple[str, dict[str, Any], dict, float]]:
    """Type, arguments, meta and ``mostly`` of each expectation, from a GX suite or from configurations."""
    for expectation in getattr(suite, "expectations", suite):
        if isinstance(expectation, ExpectationConfig):
            yield expectation.type, expectation.arguments, expectation.meta, 1
        else:
            yield (expectation.expectation_type, dict(expectation.configuration.kwargs), expectation.meta or {},
                   getattr(expectation, "mostly", 1))


@dataclass(frozen=True)
class CompiledSuite:
    """A suite as SQL: its reasons in suite order, and per reason the predicate of a failing row."""

    reasons: tuple[str, ...]
    predicates: tuple[str, ...]

    def query(self) -> str:
        """One query over ``FRAME`` giving, per failing row, its ``POSITION`` and its reasons joined by '; '."""
        flags = "".join(f", {p} AS f{i}" for i, p in enumerate(self.predicates))
        joined = ", ".join(f"CASE WHEN f{i} THEN {_literal(r)} END" for i, r in enumerate(self.reasons))
        failing = " OR ".join(f"f{i}" for i in range(len(self.reasons))) or "FALSE"
        return (f"WITH flags AS (SELECT {POSITION}{flags} FROM {FRAME}) "
                f"SELECT {POSITION}, concat_ws('; ', {joined or 'NULL'}) AS _reason "
                f"FROM flags WHERE {failing} ORDER BY {POSITION}")


def compile_suite(suite: gx.ExpectationSuite | Iterable[ExpectationConfig]) -> CompiledSuite:
    """Compile every expectation of ``suite``; expectations sharing a reason fail together."""
    by_reason: dict[str, list[str]] = {}
    for type_, kwargs, meta, mostly in _expectations(suite):
        reason = meta.get("reason")
        if reason is None:
            raise UncompilableSuite(f"{type_} carries no reason in its meta")
        by_reason.setdefault(reason, []).append(_predicate(type_, kwargs, mostly))
    return CompiledSuite(tuple(by_reason), tuple(" OR ".join(ps) for ps in by_reason.values()))
