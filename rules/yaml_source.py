"""Strict YAML reading for rule sets: every problem is collected, none stops the load.

PyYAML silently keeps the last of two equal keys and turns ``2023-02-30`` into an
exception; a policy officer needs both reported, with file and key, all at once.
So this loader records duplicate keys instead of overwriting and leaves dates as
text for the caller to check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Problems:
    """All problems found while loading a rule set, each as ``file: key: message``."""

    items: list[str] = field(default_factory=list)

    def add(self, file: str, key: str, message: str) -> None:
        """Record one problem found in ``file`` at ``key``."""
        self.items.append(f"{file}: {key}: {message}")


class _StrictLoader(yaml.SafeLoader):
    """Safe loader that keeps dates as text and records duplicate mapping keys."""

    duplicates: list[tuple[int, Any]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_strict(text: str) -> tuple[Any, list[tuple[int, Any]]]:
    """The YAML document in ``text`` (dates left as text) and its duplicate mapping keys as
    (line, key); raises ``yaml.YAMLError`` on a syntax error. Each caller words the problems."""
    loader = _StrictLoader(text)
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def read_yaml(path: Path, problems: Problems) -> Any:
    """Parse ``path``; syntax errors and duplicate keys go to ``problems`` (then None/data)."""
    try:
        data, duplicates = parse_strict(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problems.add(path.name, "(file)", f"not valid YAML: {error}".replace("\n", " "))
        return None
    for line, key in duplicates:
        problems.add(path.name, str(key), f"duplicate key (line {line})")
    return data


def parse_date(text: Any) -> date | None:
    """A ``YYYY-MM-DD`` date, or None when ``text`` is not one (e.g. 2023-02-30)."""
    if not isinstance(text, str) or not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
