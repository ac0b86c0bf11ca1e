"""The rule set: ``rules.yaml`` (which rules, their names, status, sources,
parameters and legal reference) plus ``parameters/*.yaml``, loaded and checked
as one unit so a policy officer can copy, edit and point ``--rules`` at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.parameters import Parameter, load_parameters
from rules.queries import QUERIES, SOURCES
from rules.yaml_source import Problems, read_yaml

STATUSES = ("breach", "review")
_TEXT = ("id", "name_zh", "name_en", "status", "description", "legal_reference")
_LISTS = ("sources", "parameters")
_OPTIONAL_TEXT = ("value_unit",)
_FILE = "rules.yaml"


class RuleSetError(Exception):
    """A rule set that cannot be used; ``problems`` lists every one, each with file and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the rule set:\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RuleDef:
    """One rule as declared in ``rules.yaml``."""

    id: str
    name_zh: str
    name_en: str
    status: str
    sources: tuple[str, ...]
    parameters: tuple[str, ...]
    description: str
    legal_reference: str
    value_unit: str = ""  # what ``value`` counts, e.g. "元/人·月 yuan per person per month"; '' when not declared


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
    rules = _rules(data, present, problems) if isinstance(data, dict) else []
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.strip():
        problems.add(_FILE, "version", "missing (required text; quote it)")
    _check_kinds(rules, parameters, problems)
    if problems.items:
        raise RuleSetError(problems.items)
    return RuleSet(version=version.strip(), rules=rules, parameters=parameters)


def _rules(data: dict[str, Any], parameters: set[str], problems: Problems) -> list[RuleDef]:
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
        rules.append(_rule(entry, f"rules[{rule_id}]", parameters, problems))
    return [rule for rule in rules if rule]


def _rule(entry: Any, where: str, parameters: set[str], problems: Problems) -> RuleDef | None:
    """One rule checked against the known rules, sources, statuses and parameters."""
    before = len(problems.items)
    if not isinstance(entry, dict):
        problems.add(_FILE, where, "must be a mapping")
        return None
    _check_shape(entry, where, problems)
    if len(problems.items) == before:
        _check_meaning(entry, where, parameters, problems)
    if len(problems.items) > before:
        return None
    return RuleDef(**{k: entry[k].strip() for k in _TEXT}, **{k: tuple(entry[k]) for k in _LISTS},
                   **{k: entry.get(k, "").strip() for k in _OPTIONAL_TEXT})


def _check_shape(entry: dict[str, Any], where: str, problems: Problems) -> None:
    """Known keys only; required text and lists present; optional text, when given, is text."""
    for key in sorted(set(map(str, entry)) - {*_TEXT, *_LISTS, *_OPTIONAL_TEXT}):
        problems.add(_FILE, f"{where}.{key}", "unknown key")
    for key in _TEXT:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.add(_FILE, f"{where}.{key}", "missing (required text)")
    for key in _LISTS:
        if not isinstance(entry.get(key), list) or not all(isinstance(x, str) for x in entry[key]):
            problems.add(_FILE, f"{where}.{key}", "missing (required list of names)")
    for key in _OPTIONAL_TEXT:
        if key in entry and not isinstance(entry[key], str):
            problems.add(_FILE, f"{where}.{key}", "must be text (quote it)")


def _check_meaning(entry: dict[str, Any], where: str, parameters: set[str], problems: Problems) -> None:
    """Known id and status; sources and parameters exist and cover what the rule reads."""
    query = QUERIES.get(entry["id"])
    if query is None:
        problems.add(_FILE, f"{where}.id", f"unknown rule (known: {', '.join(QUERIES)})")
    if entry["status"] not in STATUSES:
        problems.add(_FILE, f"{where}.status", "must be breach or review")
    for name in sorted(set(entry["sources"]) - SOURCES):
        problems.add(_FILE, f"{where}.sources", f"unknown source {name}")
    for name in sorted(set(entry["parameters"]) - parameters):
        problems.add(_FILE, f"{where}.parameters", f"unknown parameter {name} (no parameters/{name}.yaml)")
    if query:
        for kind, needed, declared in (("source", query.sources, entry["sources"]),
                                       ("parameter", query.parameters, entry["parameters"])):
            for name in sorted(needed - set(declared)):
                problems.add(_FILE, f"{where}.{kind}s", f"rule reads {kind} {name}: declare it")


def _check_kinds(rules: list[RuleDef], parameters: dict[str, Parameter], problems: Problems) -> None:
    """Each parameter a rule reads holds what its query expects: numbers, or lists of names."""
    for rule in rules:
        query = QUERIES[rule.id]
        for name in sorted(query.parameters & parameters.keys()):
            wanted = name in query.lists
            if parameters[name].is_list != wanted:
                kind = "lists of names" if wanted else "numbers"
                problems.add(f"{name}.yaml", "values", f"rule {rule.id} needs {kind}")
