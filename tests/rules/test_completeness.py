"""Completeness of the reference rule set (datasette's habit): every rule and parameter is
documented, tested and used, and no policy word hides in a rule's SQL. Each test is
parametrised by rule or parameter, so a failure names what is missing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import rules
from rules.rule_sql import string_literals

ROOT = Path(__file__).resolve().parents[2]
RULE_SET = rules.load_rule_set(rules.REFERENCE_RULES)
RULE_IDS = [rule.id for rule in RULE_SET.rules]
DOCS = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "rules/README.md")}
# Parameters no rule reads, with the code that reads them instead.
USED_ELSEWHERE = {"contest_days": "flows/review_cli.py"}
# CJK text a rule's SQL may hold: evidence wording for the auditors, not policy.
WORDING = {"IDENTITY_UNVERIFIED": {"身份证号：", "无户籍记录关联", "户籍关联仅待复核", "；"}}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _cases() -> dict[str, list[bool]]:
    """Per rule, for each YAML case (tests/rules/cases) of the files that name it: does it fire?"""
    found: dict[str, list[bool]] = {}
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = data["rules"] if "rules" in data else [data["rule"]]
        only = named[0] if len(named) == 1 else None  # a flag without rule_id is the file's one rule's
        for rule_id in named:
            found.setdefault(rule_id, []).extend(
                any(flag.get("rule_id", only) == rule_id for flag in case["expect"].get("flags") or [])
                for case in data["cases"])
    return found


CASES = _cases()


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_is_documented(rule_id: str) -> None:
    rule = next(r for r in RULE_SET.rules if r.id == rule_id)
    assert f"| `{rule.id}` | {rule.name_zh} | {rule.status} |" in DOCS["README.md"], f"README.md lacks {rule_id}"
    assert f"`{rule.id}`" in DOCS["rules/README.md"], f"rules/README.md lacks {rule_id}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_a_firing_and_a_quiet_yaml_case(rule_id: str) -> None:
    fires = CASES.get(rule_id, [])
    assert fires, f"no YAML case file (tests/rules/cases) names {rule_id}"
    assert any(fires), f"no YAML case expects {rule_id} to fire"
    assert not all(fires), f"no YAML case expects {rule_id} not to fire"


@pytest.mark.parametrize("name", sorted(RULE_SET.parameters))
def test_every_parameter_is_used(name: str) -> None:
    readers = [rule.id for rule in RULE_SET.rules if name in rule.parameters]
    if name in USED_ELSEWHERE:
        assert f'"{name}"' in (ROOT / USED_ELSEWHERE[name]).read_text(encoding="utf-8"), name
    else:
        assert readers, f"no rule's SQL reads parameter {name}"


@pytest.mark.parametrize("name", sorted(RULE_SET.parameters))
def test_every_parameter_is_documented_and_dated(name: str) -> None:
    parameter = RULE_SET.parameters[name]
    for field in ("description", "unit", "reference"):
        assert getattr(parameter, field).strip(), f"parameter {name} has no {field}"
    for doc, text in DOCS.items():
        assert f"`{name}`" in text, f"{doc} does not document parameter {name}"
    undated = [key for key, dated in parameter.values.items() if not dated]
    assert parameter.values and not undated, f"parameter {name} has no dated value (keys {undated})"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_no_policy_literal_is_left_in_a_rule_sql(rule_id: str) -> None:
    text = (rules.REFERENCE_RULES / "sql" / f"{rule_id}.sql").read_text(encoding="utf-8")
    left = [lit for lit in string_literals(text) if _CJK.search(lit) and lit not in WORDING.get(rule_id, set())]
    assert not left, f"sql/{rule_id}.sql holds policy literals {left}: make them parameters"
