"""Policy lives in YAML: editing a copied rule set changes the result with no code change;
and the evaluation writes exactly the documented tables (docs/pipeline.md §3)."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import rules
from rules.queries import SOURCES

AS_OF = date(2025, 6, 30)
HUKOU = [{"record_id": "K1", "member": 1}]   # the member's identity is verified
SAVER = {"records": {"hukou": HUKOU, "bank": [{"record_id": "B1", "member": 1, "balance": "15000.00"}]}}
MOTORBIKE = {"records": {"hukou": HUKOU, "vehicles": [{"record_id": "V1", "member": 1, "vehicle_type": "二轮摩托车"}]}}
BEIJING = {"household": {"region_code": "110101"},
           "records": {"hukou": HUKOU, "hr": [{"record_id": "R1", "member": 1, "monthly_wage": "5000.00"}]}}


def _flags(stage, case: dict, rule_set: rules.RuleSet) -> list[tuple]:
    con = stage(case)
    rules.evaluate(con, rule_set, AS_OF, SOURCES)
    return con.execute("SELECT rule_id, status, value, threshold FROM flags ORDER BY ALL").fetchall()


def _edited(tmp_path: Path, file: str, old: str, new: str) -> rules.RuleSet:
    folder = Path(shutil.copytree(rules.REFERENCE_RULES, tmp_path / "copy"))
    path = folder / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return rules.load_rule_set(folder)


def test_changing_a_threshold_in_yaml_changes_the_result(stage, tmp_path: Path) -> None:
    reference = rules.load_rule_set(rules.REFERENCE_RULES)
    stricter = _edited(tmp_path, "parameters/asset_months.yaml", "{2023-01-01: 24}", "{2023-01-01: 24, 2025-01-01: 12}")
    assert _flags(stage, SAVER, reference) == []
    assert _flags(stage, SAVER, stricter) == [("FINANCIAL_ASSETS_OVER_LIMIT", "breach", "15000.00", "10560.00")]


def test_changing_an_exemption_list_in_yaml_changes_the_result(stage, tmp_path: Path) -> None:
    no_motorbikes = _edited(tmp_path, "parameters/exempt_vehicle_types.yaml", "[二轮摩托车, ", "[")
    assert _flags(stage, MOTORBIKE, rules.load_rule_set(rules.REFERENCE_RULES)) == []
    assert _flags(stage, MOTORBIKE, no_motorbikes) == [("VEHICLE_OWNED", "breach", "1", "0")]


def test_adding_a_region_in_yaml_makes_its_households_judged(stage, tmp_path: Path) -> None:
    reference = rules.load_rule_set(rules.REFERENCE_RULES)
    con = stage(BEIJING)
    summary = rules.evaluate(con, reference, AS_OF, SOURCES)
    assert summary.data_problems == {"FINANCIAL_ASSETS_OVER_LIMIT": 1, "INCOME_OVER_LIMIT": 1}
    beijing = _edited(tmp_path, "parameters/dibao.yaml", '  "530000"', '  "110000": {place: 北京市, 2023-01-01: 1400}\n  "530000"')
    assert _flags(stage, BEIJING, beijing) == [("INCOME_OVER_LIMIT", "breach", "5000.00", "2800.00")]


def test_evaluation_writes_the_documented_tables_and_nothing_else(stage) -> None:
    con = stage({"records": {"vehicles": [{"record_id": "V1", "member": 1}]}})
    before = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    summary = rules.evaluate(con, rules.load_rule_set(rules.REFERENCE_RULES), AS_OF, SOURCES - {"business"})
    after = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert after - before == {"flags", "evidence", "traces", "data_problems", "skipped_rules"}
    assert not con.execute("SELECT * FROM duckdb_views() WHERE NOT internal").fetchall()
    for table, columns in rules.OUTPUTS.items():
        described = con.execute(f"DESCRIBE {table}").fetchall()
        assert [(c[0], c[1]) for c in described] == [tuple(c.split()) for c in columns.split(", ")]
    assert summary.flags == {"IDENTITY_UNVERIFIED": {"review": 1}, "VEHICLE_OWNED": {"breach": 1}}
    assert summary.skipped == {"BUSINESS_OWNER": "source business absent"}
    assert summary.rules_version == "2025.1"


@pytest.mark.parametrize("as_of, threshold", [(date(2024, 12, 31), "1640.00"), (date(2025, 1, 1), "1760.00")])
def test_as_of_picks_the_value_in_force(stage, as_of: date, threshold: str) -> None:
    con = stage({"records": {"hr": [{"record_id": "R1", "member": 1, "monthly_wage": "9000.00"}]}})
    rules.evaluate(con, rules.load_rule_set(rules.REFERENCE_RULES), as_of, SOURCES)
    row = con.execute("SELECT threshold FROM flags WHERE rule_id = 'INCOME_OVER_LIMIT'").fetchone()
    assert row == (threshold,)
