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
from rules.yaml_source import parse_strict

SETTINGS_FILE = "matcher.yaml"


def _read(path: Path) -> tuple[Any, list[str]]:
    """The parsed file and the problems of its form (syntax, duplicate keys, not a mapping)."""
    try:
        data, duplicates = parse_strict(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return None, [f"not valid YAML: {error}".replace("\n", " ")]
    problems = [f"duplicate setting {key!r} (line {line}): keep one" for line, key in duplicates]
    if data is not None and not isinstance(data, dict):
        return None, problems + ["must map each setting to its value (setting: value)"]
    return data or {}, problems


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
