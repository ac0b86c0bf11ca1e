"""Completeness: every column of interface.md §1 is in a contract, with its
enumeration, and describe_contracts documents every rule the suite enforces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data_contracts import REQUIRED_SOURCES, SOURCES, describe_contracts

AGENCY = ["record_id", "id_number", "name"]
EXPECTED = {  # transcribed from interface.md §1 "Columns"
    "households": ["household_id", "region_code", "category", "registered_on", "declared_monthly_income"],
    "members": ["household_id", "member_no", "relation", "name", "id_number", "gender", "birth_date"],
    "hukou": [*AGENCY, "former_name", "region_code", "status"],
    "vehicles": [*AGENCY, "plate_no", "vehicle_type", "registered_on", "status"],
    "hr": [*AGENCY, "period", "employer_name", "employer_type", "monthly_wage", "pension",
           "unemployment_benefit"],
    "bank": [*AGENCY, "institution", "product_type", "balance", "as_of"],
    "housing": [*AGENCY, "cert_no", "usage", "area_m2", "acquired_on"],
    "civil_affairs": [*AGENCY, "record_type", "event_date", "amount"],
    "business": [*AGENCY, "enterprise_name", "role", "registered_capital", "status"],
}
ENUMS = {
    ("households", "category"): "深度困难|相对困难|意外致困",
    ("members", "relation"): "本人|配偶|子女|父母|其他",
    ("members", "gender"): "男|女",
    ("hukou", "status"): "正常|死亡|迁出",
    ("vehicles", "status"): "正常|注销|报废|被盗抢",
    ("hr", "employer_type"): "企业|机关|事业单位|个体|其他",
    ("bank", "product_type"): "活期|定期|理财|基金|股票|其他",
    ("housing", "usage"): "住宅|商业|办公|车位|其他",
    ("civil_affairs", "record_type"): "低保|死亡",
    ("business", "role"): "法定代表人|股东|个体工商户经营者",
    ("business", "status"): "存续|注销|吊销",
}
INTERFACE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "interface.md"


def _rules(rule: str) -> dict[tuple[str, str], dict]:
    return {(entry["source"], entry["column"]): entry for entry in describe_contracts() if entry["rule"] == rule}


def test_sources_in_interface_order():
    assert SOURCES == tuple(EXPECTED)
    assert REQUIRED_SOURCES == tuple(source for source in EXPECTED if source != "business")


def test_every_interface_column_is_in_a_contract():
    present = _rules("present")
    assert sorted(present) == sorted((source, column) for source, columns in EXPECTED.items() for column in columns)


def test_every_enumeration_is_checked_with_its_values():
    assert {key: "|".join(entry["values"]) for key, entry in _rules("one_of").items()} == ENUMS


def test_required_values_follow_the_interface():
    required = {key for key in _rules("required")}
    assert {column for source, column in required if source == "members"} == {
        "household_id", "member_no", "relation", "name"}
    assert {column for source, column in required if source == "households"} == set(EXPECTED["households"])
    optional = {("hr", "monthly_wage"), ("hr", "pension"), ("hr", "unemployment_benefit"),
                ("civil_affairs", "amount"), ("hukou", "former_name")}
    assert not optional & required
    assert ("business", "registered_capital") in required and ("bank", "as_of") in required


def test_every_source_has_a_unique_key():
    assert {source for source, _ in _rules("unique")} == set(SOURCES)


def test_transcription_matches_interface_md():
    if not INTERFACE.is_file():  # CI lays shared/ beside the checkout: its absence is a broken setup, not a skip
        pytest.fail(f"the interface contract is missing: expected {INTERFACE} (shared/ beside the repository)")
    text = INTERFACE.read_text(encoding="utf-8")
    section = text.split("### Columns", 1)[1].split("### Required values", 1)[0]
    found: dict[str, list[str]] = {}
    current = None
    for line in section.splitlines():
        opening = re.match(r"^(?:- )?`(\w+)`:", line)
        current = opening.group(1) if opening else ("agency" if "Every agency file" in line else current)
        for token in re.findall(r"`([a-z_0-9]+)`", line):
            if current and token not in EXPECTED and token != current:
                found.setdefault(current, []).append(token)
    for source, columns in EXPECTED.items():
        own = [column for column in columns if source in ("households", "members") or column not in AGENCY]
        assert list(dict.fromkeys(found[source])) == own, source
    assert found["agency"] == AGENCY
