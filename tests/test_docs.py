"""Completeness: the README's promises match the code (datasette-style)."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_every_source_contract_is_documented_and_tested() -> None:
    import data_contracts

    contract_tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "data_contracts").glob("*.py"))
    for source in data_contracts.SOURCES:
        assert f"| `{source}` |" in README, source
        assert f'"{source}"' in contract_tests, f"no contract test names {source}"


def test_every_rule_and_parameter_is_documented_and_has_yaml_cases() -> None:
    import rules

    rule_set = rules.load_rule_set(rules.REFERENCE_RULES)
    cases = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "rules" / "cases").glob("*.yaml"))
    for rule in rule_set.rules:
        assert f"`{rule.id}`" in README and rule.name_zh in README, rule.id
        assert rule.id in cases, f"no YAML rule case for {rule.id}"
    review_tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "review").glob("*.py"))
    for name in rule_set.parameters:
        assert f"`{name}`" in README, name
        assert name in cases or name in review_tests, f"no YAML rule case or review test uses parameter {name}"
