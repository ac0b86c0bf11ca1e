"""The matcher's settings of a rule set: ``matcher.yaml`` in the rule set's folder.

The file maps each ``matchers.MatchConfig`` setting to its value (the reference
set's file, ``rules/reference/matcher.yaml``, holds the documented defaults,
each with its description). A folder without the file links with the
defaults. Read here, since only ``flows/`` reads files; validated when loaded,
before anything runs: every problem of the file — not YAML, not a mapping, a
duplicate or unknown key, a wrong type, a value out of range, ``auto_threshold``
below ``review_threshold`` — is reported at once in one ``MatchConfigError``
(exit 2), each problem naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import matchers

SETTINGS_FILE = "matcher.yaml"


class _DuplicateKeys(yaml.SafeLoader):
    """Safe loader that records duplicate keys instead of keeping the last silently."""

    duplicates: list[str]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                self.duplicates.append(f"duplicate setting {key!r} (line {key_node.start_mark.line + 1}): keep one")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> tuple[Any, list[str]]:
    """The parsed file and the problems of its form (syntax, duplicate keys, not a mapping)."""
    loader = _DuplicateKeys(path.read_text(encoding="utf-8"))
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        return None, [f"not valid YAML: {error}".replace("\n", " ")]
    finally:
        loader.dispose()
    if data is not None and not isinstance(data, dict):
        return None, loader.duplicates + ["must map each setting to its value (setting: value)"]
    return data or {}, loader.duplicates


def load_match_config(rules_dir: Path) -> matchers.MatchConfig:
    """The matcher configuration of the rule set in ``rules_dir`` (the defaults without a file)."""
    path = rules_dir / SETTINGS_FILE
    if not path.is_file():
        return matchers.MatchConfig()
    data, problems = _read(path)
    config = None
    if data is not None:
        try:
            config = matchers.MatchConfig.from_mapping(data)
        except matchers.MatchConfigError as error:
            problems = problems + error.problems
    if problems or config is None:
        raise matchers.MatchConfigError([f"{path}: {problem}" for problem in problems])
    return config
