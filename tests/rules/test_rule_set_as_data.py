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


def test_changing_a_vocabulary_in_yaml_changes_the_result(stage, tmp_path: Path) -> None:
    shop = {"records": {"hukou": HUKOU, "housing": [{"record_id": "P1", "member": 1, "usage": "商铺", "cert_no": "C-1"}]}}
    assert _flags(stage, shop, rules.load_rule_set(rules.REFERENCE_RULES)) == []
    with_shops = _edited(tmp_path, "parameters/non_residential_usages.yaml", "[商业, 办公]", "[商业, 办公, 商铺]")
    assert _flags(stage, shop, with_shops) == [("HOUSING_OVER_LIMIT", "breach", "1", "1")]


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


LARGE_HOME = """-- 大面积住房: a residence above a floor area, each certificate once.
SELECT {{ link_columns }}, r.acquired_on AS record_date, NULL AS amount, r.cert_no AS item, NULL AS kind,
       r.cert_no AS contribution, CAST(r.area_m2 AS VARCHAR) || ' m²' AS detail
FROM {{ records housing }}
JOIN {{ number max_area_m2 }} a ON a.household_id = l.household_id
WHERE r.area_m2 > a.number
"""
LARGE_RULE = """  - id: LARGE_HOME
    name_zh: 住房面积超标
    name_en: Large home
    status: review
    verdict: count
    description: A residence above max_area_m2.
    legal_reference: test
"""
BIG_FLAT = {"records": {"hukou": HUKOU, "housing": [{"record_id": "P1", "member": 1, "cert_no": "C-1",
                                                       "area_m2": "180"}]}}


def _with_large_home(tmp_path: Path, sql: str = LARGE_HOME) -> Path:
    folder = Path(shutil.copytree(rules.REFERENCE_RULES, tmp_path / "custom"))
    (folder / "sql" / "LARGE_HOME.sql").write_text(sql, encoding="utf-8")
    (folder / "rules.yaml").write_text((folder / "rules.yaml").read_text(encoding="utf-8") + LARGE_RULE,
                                       encoding="utf-8")
    (folder / "parameters" / "max_area_m2.yaml").write_text(
        "description: floor area\nunit: m²\nreference: test\nvalues: {2023-01-01: 144}\n", encoding="utf-8")
    return folder


def test_a_custom_rule_set_adds_a_rule_by_its_sql_alone(stage, tmp_path: Path) -> None:
    rule_set = rules.load_rule_set(_with_large_home(tmp_path))
    rule = next(r for r in rule_set.rules if r.id == "LARGE_HOME")
    assert (rule.sources, rule.parameters) == (("housing",), ("max_area_m2",))
    con = stage(BIG_FLAT)
    rules.evaluate(con, rule_set, AS_OF, SOURCES)
    assert con.execute("SELECT rule_id, status, value FROM flags").fetchall() == [("LARGE_HOME", "review", "1")]
    assert con.execute("SELECT parameter, value FROM traces").fetchall() == [("max_area_m2", "144")]


def test_a_rule_sql_naming_an_unknown_column_is_the_rule_sets_error(stage, tmp_path: Path) -> None:
    rule_set = rules.load_rule_set(_with_large_home(tmp_path, LARGE_HOME.replace("r.area_m2 >", "r.floor_area >")))
    with pytest.raises(rules.RuleSetError) as raised:
        rules.evaluate(stage(BIG_FLAT), rule_set, AS_OF, SOURCES)
    assert raised.value.problems[0].startswith("sql/LARGE_HOME.sql: (query): Binder Error"), raised.value.problems
    assert "floor_area" in raised.value.problems[0]
