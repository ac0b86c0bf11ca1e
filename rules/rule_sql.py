"""A rule's SQL file (``sql/<RULE_ID>.sql``): the one place that says what a rule reads.

The file holds the rule's items query and, when its verdict kind is ``sql``, a
verdict query after a line ``-- verdict``. It names what it reads only through
placeholders, so the sources and parameters of a rule are derived from its SQL
and never declared a second time:

- ``{{ records S }}``: source ``S``'s records as ``r`` joined to their links as ``l``;
- ``{{ links S }}``: the links of source ``S``'s records;
- ``{{ number P }}`` / ``{{ list P }}``: per household, the value of parameter ``P``
  in force (columns ``household_id``, ``number`` or ``items``, ``text``);
- ``{{ link_columns }}``, ``{{ latest_hr_period }}``, ``{{ members }}``,
  ``{{ member_ids }}``, ``{{ id_problem_labels }}``, and in a verdict ``{{ items }}``.

An items column ``uses_P`` (boolean) says which items read parameter ``P``; a flag's
trace then holds ``P`` only when one of its items did. Every problem is recorded.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass

import duckdb

from rules.queries import ID_PROBLEMS_ZH, SOURCES
from rules.yaml_source import Problems

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)(?:\s+(\w+))?\s*\}\}")
_VERDICT_LINE = re.compile(r"^--\s*verdict\s*$", re.M | re.I)
_TOKENS = re.compile(r"'(?:[^']|'')*'|--[^\n]*")
_RAW_TABLE = re.compile(r"\b(stg_\w+|_rules_\w+|links|member_ids)\b", re.I)
_PARSER_LOCK = threading.Lock()
_USES = re.compile(r"\buses_(\w+)\b")
_LABELS = ", ".join(f"('{en}', '{zh}')" for en, zh in ID_PROBLEMS_ZH.items())
_FIXED = {
    "link_columns": "l.household_id, l.source, l.record_id, l.member_no, l.method, l.score, l.decision",
    "latest_hr_period": "(SELECT period FROM _rules_latest_hr)",
    "members": "stg_members",
    "member_ids": "member_ids",
    "id_problem_labels": f"(SELECT * FROM (VALUES {_LABELS}) AS labels (id_problem, label_zh))",
    "items": "_rules_tiered",
}
_NAMED = {
    "records": "stg_{0} r JOIN _rules_links l ON l.source = '{0}' AND l.record_id = r.record_id",
    "links": "(SELECT * FROM links WHERE source = '{0}')",
    "number": "(SELECT * FROM _rules_params WHERE parameter = '{0}')",
    "list": "(SELECT * FROM _rules_params WHERE parameter = '{0}')",
}


@dataclass(frozen=True)
class RuleSql:
    """A rule's queries expanded for DuckDB, and what they read."""

    items: str
    verdict: str | None  # the file's own verdict query, or None for a built-in verdict kind
    sources: tuple[str, ...]
    numbers: tuple[str, ...]  # parameters read as numbers
    lists: tuple[str, ...]    # parameters read as lists of names
    conditional: tuple[str, ...]  # parameters only some items read (a ``uses_P`` column)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Every parameter the rule reads, sorted."""
        return tuple(sorted({*self.numbers, *self.lists}))


def parse_rule_sql(text: str, file: str, known: set[str], problems: Problems) -> RuleSql | None:
    """Check and expand one rule's SQL against the ``known`` parameters; None when it has any
    problem (each recorded)."""
    before = len(problems.items)
    parts = _VERDICT_LINE.split(text)
    if len(parts) > 2:
        problems.add(file, "-- verdict", "more than one verdict section")
    items, verdict = parts[0], (parts[1] if len(parts) > 1 else None)
    used: dict[str, set[str]] = {kind: set() for kind in _NAMED}
    expanded = [_expand(part, section, file, used, problems)
                for part, section in ((items, "items"), (verdict, "verdict")) if part is not None]
    for kind, name in sorted((kind, name) for kind in ("records", "links") for name in used[kind] - SOURCES):
        problems.add(file, f"{{{{ {kind} {name} }}}}", f"unknown source {name} (known: {', '.join(sorted(SOURCES))})")
    for name in sorted((used["number"] | used["list"]) - known):
        problems.add(file, name, f"unknown parameter {name} (no parameters/{name}.yaml)")
    for name in sorted(used["number"] & used["list"]):
        problems.add(file, name, "read both as a number and as a list")
    parameters = used["number"] | used["list"]
    conditional = set(_USES.findall(_code(text)))
    for name in sorted(conditional - parameters):
        problems.add(file, f"uses_{name}", f"names parameter {name}, which the rule does not read")
    for section, query in zip(("items", "verdict"), expanded):
        _check_parses(query, file, section, problems)
    if len(problems.items) > before:
        return None
    return RuleSql(expanded[0], expanded[1] if len(expanded) > 1 else None,
                   tuple(sorted(used["records"] | used["links"])), tuple(sorted(used["number"])),
                   tuple(sorted(used["list"])), tuple(sorted(conditional)))


def string_literals(text: str) -> list[str]:
    """The SQL string literals of ``text`` (comments skipped), without their quotes."""
    return [token[1:-1].replace("''", "'") for token in _TOKENS.findall(text) if token.startswith("'")]


def _expand(part: str, section: str, file: str, used: dict[str, set[str]], problems: Problems) -> str:
    """``part`` with its placeholders replaced; unknown, misplaced or raw table names recorded."""
    for table in sorted({m.lower() for m in _RAW_TABLE.findall(_PLACEHOLDER.sub("", _code(part)))}):
        problems.add(file, table, "names a table directly: use a placeholder ({{ records S }}, {{ number P }} …)")

    def replace(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind in _NAMED and name:
            used[kind].add(name)
            return _NAMED[kind].format(name)
        if kind in _FIXED and not name and (kind != "items" or section == "verdict"):
            return _FIXED[kind]
        problems.add(file, match.group(0), f"unknown placeholder in the {section} query "
                     f"(known: {', '.join(f'{k} NAME' for k in _NAMED)}, {', '.join(_FIXED)}; items in a verdict)")
        return "NULL"
    return _PLACEHOLDER.sub(replace, part).strip()


def _code(text: str) -> str:
    """``text`` without comments and with every string literal emptied."""
    return _TOKENS.sub(lambda m: "''" if m.group(0).startswith("'") else "", text)


def _check_parses(query: str, file: str, section: str, problems: Problems) -> None:
    """Record a syntax error of ``query`` (DuckDB's parser only: names are checked when it runs)."""
    if not query.strip():
        problems.add(file, section, "empty query")
        return
    try:
        with _PARSER_LOCK:
            _parser().extract_statements(query)
    except duckdb.Error as error:
        problems.add(file, section, f"not valid SQL: {str(error).splitlines()[0]}")


@functools.cache
def _parser() -> duckdb.DuckDBPyConnection:
    """One in-memory connection for parsing only (a connection costs ~20 ms; a rule set has a dozen queries)."""
    return duckdb.connect()
