"""The rule set: ``rules.yaml`` (which rules, their names, status, verdict kind
and legal reference), each rule's SQL in ``sql/<RULE_ID>.sql`` (which alone says
what sources and parameters it reads) and ``parameters/*.yaml``, loaded and
checked as one unit so a policy officer can copy, edit and point ``--rules`` at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.parameters import Parameter, load_parameters
from rules.queries import VERDICTS
from rules.rule_sql import RuleSql, parse_rule_sql
from rules.yaml_source import Problems, read_yaml

STATUSES = ("breach", "review")
_TEXT = ("id", "name_zh", "name_en", "status", "verdict", "description", "legal_reference")
_OPTIONAL_TEXT = ("value_unit",)
_DERIVED = ("sources", "parameters")  # keys the rule's SQL answers: refused, with that hint
_FILE = "rules.yaml"
_SQL = "sql"
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")


class RuleSetError(Exception):
    """A rule set that cannot be used; ``problems`` lists every one, each with file and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the rule set:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RuleDef:
    """One rule: its entry in ``rules.yaml`` and its SQL, with what the SQL reads."""

    id: str
    name_zh: str
    name_en: str
    status: str
    verdict: str  # count | per_capita | sql (queries.VERDICTS)
    description: str
    legal_reference: str
    sql: RuleSql
    value_unit: str = ""  # what ``value`` counts, e.g. "元/人·月 yuan per person per month"; '' when not declared

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources the rule's SQL reads; the rule is skipped when one is absent."""
        return self.sql.sources

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the rule's SQL reads."""
        return self.sql.parameters

    @property
    def verdict_query(self) -> str:
        """The verdict query: the built-in one of its kind, or the rule's own."""
        return VERDICTS[self.verdict] or self.sql.verdict or ""


@dataclass(frozen=True)
class RuleSet:
    """A validated rule set: its version, rules in file order, and parameters by name."""

    version: str
    rules: list[RuleDef]
    parameters: dict[str, Parameter]


def load_rule_set(path: Path) -> RuleSet:
    """Load the rule set in folder ``path``; raise RuleSetError listing all problems."""
    problems = Problems()
    parameters = load_parameters(path / "parameters", problems)
    data = read_yaml(path / _FILE, problems) if (path / _FILE).is_file() else None
    if data is None and not problems.items:
        problems.add(_FILE, "(file)", "missing")
    present = {file.stem for file in (path / "parameters").glob("*.yaml")}
    rules = _rules(data, path / _SQL, present, problems) if isinstance(data, dict) else []
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.strip():
        problems.add(_FILE, "version", "missing (required text; quote it)")
    _check_kinds(rules, parameters, problems)
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        _check_sql_files(path / _SQL, data["rules"], problems)
    if problems.items:
        raise RuleSetError(problems.items)
    return RuleSet(version=version.strip(), rules=rules, parameters=parameters)


def _rules(data: dict[str, Any], sql: Path, parameters: set[str], problems: Problems) -> list[RuleDef]:
    """Every well-formed rule; problems for malformed, unknown or repeated ones."""
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        problems.add(_FILE, "rules", "missing (required list of rules)")
        return []
    rules, seen = [], set()
    for index, entry in enumerate(entries):
        rule_id = entry.get("id", index) if isinstance(entry, dict) else index
        if rule_id in seen:
            problems.add(_FILE, f"rules[{rule_id}]", "duplicate rule id")
        seen.add(rule_id)
        rules.append(_rule(entry, f"rules[{rule_id}]", sql, parameters, problems))
    return [rule for rule in rules if rule]


def _rule(entry: Any, where: str, sql: Path, parameters: set[str], problems: Problems) -> RuleDef | None:
    """One rule: its entry checked, its SQL read and checked against the known parameters."""
    before = len(problems.items)
    if not isinstance(entry, dict):
        problems.add(_FILE, where, "must be a mapping")
        return None
    _check_shape(entry, where, problems)
    if len(problems.items) > before:
        return None
    if entry["status"] not in STATUSES:
        problems.add(_FILE, f"{where}.status", "must be breach or review")
    if entry["verdict"] not in VERDICTS:
        problems.add(_FILE, f"{where}.verdict", f"must be one of {', '.join(VERDICTS)}")
    queries = _rule_sql(entry, where, sql, parameters, problems)
    if len(problems.items) > before or queries is None:
        return None
    return RuleDef(**{k: entry[k].strip() for k in _TEXT}, sql=queries,
                   **{k: entry.get(k, "").strip() for k in _OPTIONAL_TEXT})


def _rule_sql(entry: dict[str, Any], where: str, folder: Path, parameters: set[str],
              problems: Problems) -> RuleSql | None:
    """The rule's SQL file, parsed; its parameters exist and its verdict section fits its kind."""
    if not _RULE_ID.match(entry["id"]):
        problems.add(_FILE, f"{where}.id", "must be capital letters, digits and _ (it names sql/<id>.sql)")
        return None
    file = f"{_SQL}/{entry['id']}.sql"
    if not (folder / f"{entry['id']}.sql").is_file():
        problems.add(file, "(file)", "missing (each rule's SQL; see rules/reference/sql/)")
        return None
    queries = parse_rule_sql((folder / f"{entry['id']}.sql").read_text(encoding="utf-8"), file, parameters,
                             problems)
    if queries is not None and (queries.verdict is None) == (entry["verdict"] == "sql"):
        problems.add(file, "-- verdict", "a verdict section goes with verdict: sql, and only with it")
    return queries


def _check_shape(entry: dict[str, Any], where: str, problems: Problems) -> None:
    """Known keys only; required text present; optional text, when given, is text."""
    for key in sorted(set(map(str, entry)) - {*_TEXT, *_OPTIONAL_TEXT}):
        message = "no longer declared: derived from the rule's SQL (remove it)" if key in _DERIVED else "unknown key"
        problems.add(_FILE, f"{where}.{key}", message)
    for key in _TEXT:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.add(_FILE, f"{where}.{key}", "missing (required text)")
    for key in _OPTIONAL_TEXT:
        if key in entry and not isinstance(entry[key], str):
            problems.add(_FILE, f"{where}.{key}", "must be text (quote it)")


def _check_kinds(rules: list[RuleDef], parameters: dict[str, Parameter], problems: Problems) -> None:
    """Each parameter a rule reads holds what its SQL reads it as: numbers, or lists of names."""
    for rule in rules:
        for name, wanted in [(n, False) for n in rule.sql.numbers] + [(n, True) for n in rule.sql.lists]:
            if name in parameters and parameters[name].is_list != wanted:
                kind = "lists of names" if wanted else "numbers"
                problems.add(f"{name}.yaml", "values", f"rule {rule.id} needs {kind}")


def _check_sql_files(folder: Path, entries: list[Any], problems: Problems) -> None:
    """Every SQL file belongs to a rule of ``rules.yaml`` (a stray file is a rule left out)."""
    ids = {entry.get("id") for entry in entries if isinstance(entry, dict)}
    for path in sorted(folder.glob("*.sql")) if folder.is_dir() else ():
        if path.stem not in ids:
            problems.add(f"{_SQL}/{path.name}", "(file)", "no rule of rules.yaml has this id")
