"""Completeness: the README's promises match the code (datasette-style)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "hecha run --input sample_data/drop" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_cli_command_is_documented() -> None:
    from flows.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names
    for name in names:
        assert f"hecha {name}" in README, name


def _source_cases(path: Path) -> dict[str, set[str]]:
    """Per test function of a test module parametrised over ``source``: its argument names and sources.

    The module is imported, not read as text, so a source counts as tested only
    when a test really runs with it, not when its name appears in a comment.
    """
    spec = importlib.util.spec_from_file_location(f"_contract_tests_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: dict[str, set[str]] = {}
    for name, function in vars(module).items():
        for mark in getattr(function, "pytestmark", []) if name.startswith("test_") else []:
            names = mark.args[0] if mark.name == "parametrize" else ""
            names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
            if "source" in names:
                at = names.index("source")
                values = [v if len(names) == 1 else v[at] for v in mark.args[1]]
                cases.setdefault(",".join(names), set()).update(values)
    return cases


def test_every_source_contract_is_documented_and_tested() -> None:
    """Tested means: a contract test quarantines a bad row of that source and checks the reason given."""
    import data_contracts

    cases = _source_cases(ROOT / "tests" / "data_contracts" / "test_contracts.py")
    rejected = set().union(*(sources for names, sources in cases.items() if "reason" in names.split(",")))
    assert rejected, "no contract test is parametrised over (source, …, reason)"
    for source in data_contracts.SOURCES:
        assert f"| `{source}` |" in README, source
        assert source in rejected, f"no contract test rejects a bad {source} row with its reason"


def _rules_with_a_firing_case() -> set[str]:
    """Rules with a YAML case (tests/rules/cases) whose expected flags include one of that rule."""
    firing = set()
    for path in (ROOT / "tests" / "rules" / "cases").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        declared = set(data["rules"] if "rules" in data else [data["rule"]])
        only = next(iter(declared)) if len(declared) == 1 else None
        for case in data["cases"]:
            firing |= {flag.get("rule_id", only) for flag in case["expect"].get("flags") or []} & declared
    return firing


def test_every_rule_and_parameter_is_documented_and_has_yaml_cases() -> None:
    import rules

    rule_set = rules.load_rule_set(rules.REFERENCE_RULES)
    cases = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "rules" / "cases").glob("*.yaml"))
    firing = _rules_with_a_firing_case()
    for rule in rule_set.rules:
        assert f"`{rule.id}`" in README and rule.name_zh in README, rule.id
        assert rule.id in firing, f"no YAML rule case for {rule.id} expects it to fire"
    review_tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "review").glob("*.py"))
    for name in rule_set.parameters:
        assert f"`{name}`" in README, name
        assert name in cases or name in review_tests, f"no YAML rule case or review test uses parameter {name}"


MATCHERS_README = (ROOT / "matchers" / "README.md").read_text(encoding="utf-8")
MATCHER_SETTINGS = ROOT / "rules" / "reference" / "matcher.yaml"


def _comparison_levels() -> list[tuple[str, str]]:
    from matchers.comparisons import COMPARISONS

    return [(c.name, level.label) for c in COMPARISONS for level in c.levels]


def _safety_rules(review_only: bool = False) -> list[str]:
    from matchers.safety import REFUSALS, REVIEW_RULES

    return [rule.name for rule in ((() if review_only else REFUSALS) + REVIEW_RULES)]


def _settings() -> list[str]:
    from dataclasses import fields

    from matchers import MatchConfig

    return [f.name for f in fields(MatchConfig)]


@pytest.mark.parametrize("comparison, level", _comparison_levels())
def test_every_comparison_level_is_documented_and_labelled(comparison: str, level: str) -> None:
    """Tested: tests/matchers/test_levels.py names a level no case produces."""
    from reports.labels import LEVEL

    assert f"| `{comparison}` | `{level}` |" in MATCHERS_README, \
        f"comparison level {comparison}/{level} is missing from matchers/README.md (Comparison levels)"
    assert level in LEVEL, f"comparison level {level} has no report label (reports/labels.py LEVEL)"


@pytest.mark.parametrize("rule", _safety_rules())
def test_every_safety_rule_is_documented(rule: str) -> None:
    """Tested: tests/matchers/test_safety_rules.py names a rule without a scenario."""
    assert f"| `{rule}` |" in MATCHERS_README, f"safety rule {rule} is missing from matchers/README.md (Safety rules)"


@pytest.mark.parametrize("rule", _safety_rules(review_only=True))
def test_every_review_rule_has_a_report_label(rule: str) -> None:
    from reports.labels import LEVEL

    assert rule in LEVEL, f"review rule {rule} has no report label (reports/labels.py LEVEL)"


@pytest.mark.parametrize("setting", _settings())
def test_every_matcher_setting_is_in_the_settings_file_and_documented(setting: str) -> None:
    lines = MATCHER_SETTINGS.read_text(encoding="utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith(f"{setting}:")]
    assert at, f"setting {setting} is missing from rules/reference/matcher.yaml"
    assert at[0] > 0 and lines[at[0] - 1].startswith("# "), \
        f"setting {setting} has no description (a comment line above it) in rules/reference/matcher.yaml"
    assert f"| `{setting}` |" in MATCHERS_README, f"setting {setting} is missing from matchers/README.md (Settings)"
