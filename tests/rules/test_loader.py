"""The rule-set loader: the reference set loads as the contract says, and every kind of
bad YAML is reported with its file and key — all problems at once, not the first only."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import rules

Edit = Callable[[Path], None]


def _replace(file: str, old: str, new: str) -> Edit:
    """An edit replacing ``old`` by ``new`` in one file of a copied rule set."""
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test edit does not apply to {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the reference rule set to break."""
    return Path(shutil.copytree(rules.REFERENCE_RULES, tmp_path / "rules"))


def test_reference_rule_set_holds_the_eight_contract_rules() -> None:
    rule_set = rules.load_rule_set(rules.REFERENCE_RULES)
    names = {r.id: (r.name_zh, r.status) for r in rule_set.rules}
    assert names == {
        "INCOME_OVER_LIMIT": ("收入超标", "breach"), "FINANCIAL_ASSETS_OVER_LIMIT": ("金融资产超标", "breach"),
        "VEHICLE_OWNED": ("名下有车辆", "breach"), "HOUSING_OVER_LIMIT": ("住房超标", "breach"),
        "BUSINESS_OWNER": ("经营企业", "breach"), "PUBLIC_SECTOR_EMPLOYEE": ("财政供养人员", "review"),
        "MEMBER_DECEASED": ("成员已死亡", "review"), "IDENTITY_UNVERIFIED": ("身份待核实", "review"),
    }
    assert all(r.name_en and r.description and r.legal_reference for r in rule_set.rules)
    units = {r.id: r.value_unit for r in rule_set.rules}
    assert units["INCOME_OVER_LIMIT"] == "元/人·月 yuan per person per month" and all(units.values())
    dibao = rule_set.parameters["dibao"]
    assert len(dibao.values) == 14 and dibao.unit and dibao.reference
    assert len(dibao.places) == 14 and dibao.places["532923"] == "祥云县" and dibao.places["530000"] == "云南省"
    assert rule_set.parameters["income_multiplier"].places == {} == rule_set.parameters["asset_months"].places


FINANCE, VEHICLE = "sql/FINANCIAL_ASSETS_OVER_LIMIT.sql", "sql/VEHICLE_OWNED.sql"
BAD = {
    "duplicate region": (_replace("parameters/dibao.yaml", '"530100": {place: 昆明市', '"530000": {place: 昆明市'),
                         "dibao.yaml: 530000: duplicate key (line 7)"),
    "duplicate date": (_replace("parameters/asset_months.yaml", "{2023-01-01: 24}", "{2023-01-01: 24, 2023-01-01: 12}"),
                       "asset_months.yaml: 2023-01-01: duplicate key"),
    "impossible date": (_replace("parameters/dibao.yaml", "2025-01-01: 880", "2025-02-30: 880"),
                        "dibao.yaml: values.530100.2025-02-30: bad date"),
    "malformed date": (_replace("parameters/max_residences.yaml", "2023-01-01", "2023/01/01"),
                       "max_residences.yaml: values.2023/01/01: bad date"),
    "unknown region": (_replace("parameters/dibao.yaml", '"450200"', '"990200"'),
                       "dibao.yaml: values.990200: unknown region"),
    "unknown category": (_replace("parameters/income_multiplier.yaml", "意外致困:", "临时困难:"),
                         "income_multiplier.yaml: values.临时困难: unknown category"),
    "missing unit": (_replace("parameters/asset_months.yaml", "unit: months\n", ""),
                     "asset_months.yaml: unit: missing"),
    "negative value": (_replace("parameters/sole_trader_capital_limit.yaml", "100000}", "-5}"),
                       "sole_trader_capital_limit.yaml: values.2023-01-01: bad value -5"),
    "not a number": (_replace("parameters/max_residences.yaml", "1}", "one}"),
                     "max_residences.yaml: values.2023-01-01: bad value 'one'"),
    "number for a list": (_replace("parameters/exempt_vehicle_types.yaml", "[二轮摩托车, 三轮摩托车, 残疾人机动轮椅车]", "3"),
                          "exempt_vehicle_types.yaml: values: rule VEHICLE_OWNED needs lists of names"),
    "list for a number": (_replace("parameters/max_residences.yaml", "1}", "[one]}"),
                          "max_residences.yaml: values: rule HOUSING_OVER_LIMIT needs numbers"),
    "bad keyed_by": (_replace("parameters/dibao.yaml", "by: region", "by: county"),
                     "dibao.yaml: by: must be region or category"),
    "rule without its SQL file": (_replace("rules.yaml", "id: VEHICLE_OWNED", "id: BOAT_OWNED"),
                                  "sql/BOAT_OWNED.sql: (file): missing"),
    "SQL file without its rule": (_replace("rules.yaml", "id: VEHICLE_OWNED", "id: BOAT_OWNED"),
                                  "sql/VEHICLE_OWNED.sql: (file): no rule of rules.yaml has this id"),
    "rule id unfit for a file name": (_replace("rules.yaml", "id: VEHICLE_OWNED", "id: ../VEHICLE_OWNED"),
                                      "rules.yaml: rules[../VEHICLE_OWNED].id: must be capital letters"),
    "duplicate rule": (_replace("rules.yaml", "id: VEHICLE_OWNED", "id: INCOME_OVER_LIMIT"),
                       "rules.yaml: rules[INCOME_OVER_LIMIT]: duplicate rule id"),
    "bad status": (_replace("rules.yaml", "status: review", "status: warn"),
                   "rules.yaml: rules[PUBLIC_SECTOR_EMPLOYEE].status: must be breach or review"),
    "bad verdict kind": (_replace("rules.yaml", "verdict: count", "verdict: counted"),
                         "rules.yaml: rules[VEHICLE_OWNED].verdict: must be one of count, per_capita, sql"),
    "sources declared again": (_replace("rules.yaml", "    verdict: count\n", "    verdict: count\n    sources: [vehicles]\n"),
                               "rules.yaml: rules[VEHICLE_OWNED].sources: no longer declared: derived from the rule's SQL"),
    # a rule's SQL: what it reads is checked when the rule set loads
    "unknown source": (_replace(FINANCE, "{{ records bank }}", "{{ records tax }}"),
                       f"{FINANCE}: {{{{ records tax }}}}: unknown source tax (known: bank, business, civil_affairs, "
                       "housing, hr, hukou, vehicles)"),
    "unknown parameter": (_replace(FINANCE, "{{ number asset_months }}", "{{ number car_value }}"),
                          f"{FINANCE}: car_value: unknown parameter car_value (no parameters/car_value.yaml)"),
    "table named directly": (_replace(FINANCE, "{{ records bank }}",
                                      "stg_bank r JOIN _rules_links l ON l.record_id = r.record_id"),
                             f"{FINANCE}: _rules_links: names a table directly: use a placeholder"),
    "unknown placeholder": (_replace("sql/INCOME_OVER_LIMIT.sql", "{{ latest_hr_period }}", "{{ latest_period }}"),
                            "sql/INCOME_OVER_LIMIT.sql: {{ latest_period }}: unknown placeholder in the items query"),
    "items placeholder outside a verdict": (_replace(VEHICLE, "{{ records vehicles }}", "{{ items }}"),
                                            f"{VEHICLE}: {{{{ items }}}}: unknown placeholder in the items query"),
    "parameter read as a number and a list": (_replace(VEHICLE, "{{ list vehicle_statuses_counted }}",
                                                       "{{ number exempt_vehicle_types }}"),
                                              f"{VEHICLE}: exempt_vehicle_types: read both as a number and as a list"),
    "verdict section without verdict: sql": (_replace("rules.yaml", "verdict: sql", "verdict: count"),
                                             "sql/HOUSING_OVER_LIMIT.sql: -- verdict: a verdict section goes with "
                                             "verdict: sql, and only with it"),
    "SQL syntax error": (_replace(FINANCE, "WHERE r.balance > 0", "WHERE r.balance >"),
                         f"{FINANCE}: items: not valid SQL"),
    "uses_ column of a parameter not read": (_replace("sql/BUSINESS_OWNER.sql", "AS uses_sole_trader_roles,",
                                                      "AS uses_trader_roles,"),
                                             "sql/BUSINESS_OWNER.sql: uses_trader_roles: names parameter trader_roles, "
                                             "which the rule does not read"),
    "missing name": (_replace("rules.yaml", "    name_zh: 住房超标\n", ""),
                     "rules.yaml: rules[HOUSING_OVER_LIMIT].name_zh: missing"),
    "unknown rule key": (_replace("rules.yaml", "    name_zh: 住房超标\n", "    name_zh: 住房超标\n    treshold: 2\n"),
                         "rules.yaml: rules[HOUSING_OVER_LIMIT].treshold: unknown key"),
    "unquoted version": (_replace("rules.yaml", 'version: "2025.1"', "version: 2025.1"),
                         "rules.yaml: version: missing"),
    "value_unit not text": (_replace("rules.yaml", "value_unit: 辆 vehicles", "value_unit: [辆]"),
                            "rules.yaml: rules[VEHICLE_OWNED].value_unit: must be text"),
    "syntax error": (_replace("rules.yaml", "rules:\n", "rules: [\n"), "rules.yaml: (file): not valid YAML"),
    # parameter files: each message in full, so that a changed or mislabelled message shows
    "parameter file not a mapping": (_replace("parameters/asset_months.yaml", "description:", "- description:"),
                                     "asset_months.yaml: (file): must be a mapping with description, unit, "
                                     "reference, values"),
    "unknown parameter key": (_replace("parameters/asset_months.yaml", "unit: months\n", "unit: months\nunits: x\n"),
                              "asset_months.yaml: units: unknown key"),
    "empty values": (_replace("parameters/asset_months.yaml", "{2023-01-01: 24}", "{}"),
                     "asset_months.yaml: values: missing (required mapping of dates to values)"),
    "values not a mapping": (_replace("parameters/asset_months.yaml", "{2023-01-01: 24}", "24"),
                             "asset_months.yaml: values: missing (required mapping of dates to values)"),
    "keyed block not a mapping": (_replace("parameters/dibao.yaml", '{place: 昆明市, 2023-01-01: 820, 2025-01-01: 880}',
                                           "880"),
                                  "dibao.yaml: values.530100: must map effective dates (YYYY-MM-DD) to values"),
    "numbers mixed with lists": (_replace("parameters/max_residences.yaml", "{2023-01-01: 1}",
                                          "{2023-01-01: 1, 2024-01-01: [一套]}"),
                                 "max_residences.yaml: values: mixes numbers and lists"),
    "place outside a keyed block": (_replace("parameters/asset_months.yaml", "{2023-01-01: 24}",
                                             "{place: 云南省, 2023-01-01: 24}"),
                                    "asset_months.yaml: values.place: bad date (want YYYY-MM-DD, a real day)"),
    "blank name in a list": (_replace("parameters/exempt_vehicle_types.yaml", "[二轮摩托车, ", '["  ", 二轮摩托车, '),
                             "exempt_vehicle_types.yaml: values.2023-01-01: bad value"),
    "number in a list": (_replace("parameters/exempt_vehicle_types.yaml", "[二轮摩托车, ", "[2, 二轮摩托车, "),
                         "exempt_vehicle_types.yaml: values.2023-01-01: bad value"),
}


@pytest.mark.parametrize("edit, expected", BAD.values(), ids=BAD.keys())
def test_each_kind_of_bad_yaml_is_reported_with_file_and_key(copy: Path, edit: Edit, expected: str) -> None:
    edit(copy)
    with pytest.raises(rules.RuleSetError) as raised:
        rules.load_rule_set(copy)
    assert any(p.startswith(expected) for p in raised.value.problems), raised.value.problems
    assert expected.split(":")[0] in str(raised.value)


def test_all_problems_are_reported_at_once(copy: Path) -> None:
    edits = ("impossible date", "unknown region", "missing unit", "rule without its SQL file", "bad status",
             "unknown source", "unknown parameter", "unknown placeholder")
    for name in edits:
        BAD[name][0](copy)
    with pytest.raises(rules.RuleSetError) as raised:
        rules.load_rule_set(copy)
    for name in edits:
        assert any(p.startswith(BAD[name][1]) for p in raised.value.problems), name


def test_value_unit_is_optional(copy: Path) -> None:
    _replace("rules.yaml", "    value_unit: 辆 vehicles\n", "")(copy)
    vehicle = next(r for r in rules.load_rule_set(copy).rules if r.id == "VEHICLE_OWNED")
    assert vehicle.value_unit == ""


def test_missing_rules_file_is_reported(copy: Path) -> None:
    (copy / "rules.yaml").unlink()
    with pytest.raises(rules.RuleSetError, match="rules.yaml: \\(file\\): missing"):
        rules.load_rule_set(copy)


def test_missing_parameters_folder_is_reported(copy: Path) -> None:
    shutil.rmtree(copy / "parameters")
    with pytest.raises(rules.RuleSetError) as raised:
        rules.load_rule_set(copy)
    assert "parameters: (folder): parameters folder missing" in raised.value.problems


def test_place_names_come_from_region_blocks_only_and_never_blank(copy: Path) -> None:
    _replace("parameters/dibao.yaml", "place: 昆明市", 'place: " "')(copy)
    _replace("parameters/dibao.yaml", "{place: 祥云县, ", "{")(copy)
    _replace("parameters/income_multiplier.yaml", '意外致困: {2023-01-01: "3.0"}',
             '意外致困: {place: 全省, 2023-01-01: "3.0"}')(copy)
    loaded = rules.load_rule_set(copy).parameters
    assert "530100" not in loaded["dibao"].places and "532923" not in loaded["dibao"].places
    assert loaded["dibao"].places["532900"] == "大理州" and len(loaded["dibao"].places) == 12
    assert loaded["income_multiplier"].places == {}


@pytest.mark.parametrize("text, accepted", [
    ("0", True), ("0.5", True), ("1.2345", True), ("99999999999999.9999", True),
    ("-0.0001", False), ("1.23456", False), ("100000000000000", False), ("1e400", False),
])
def test_numbers_are_between_0_and_10_to_the_14_with_at_most_4_decimals(copy: Path, text: str,
                                                                         accepted: bool) -> None:
    _replace("parameters/max_residences.yaml", "{2023-01-01: 1}", f'{{2023-01-01: "{text}"}}')(copy)
    if accepted:
        values = rules.load_rule_set(copy).parameters["max_residences"].values[None]
        assert str(values[date(2023, 1, 1)]) == text
    else:
        with pytest.raises(rules.RuleSetError) as raised:
            rules.load_rule_set(copy)
        assert any(p.startswith(f"max_residences.yaml: values.2023-01-01: bad value '{text}'")
                   for p in raised.value.problems), raised.value.problems
