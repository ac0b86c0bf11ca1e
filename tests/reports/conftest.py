"""Fixture bundles for the report tests: a small hostile one and a large generated one."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from reports import ReportBundle

RAW_IDS = ("530102199001011234", "53010219851212002x", "530102900101123", "532923200001010019")
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "hyperlink": '=HYPERLINK("http://x","y")',
    "dde": "+cmd|' /C calc'!A0",
    "rtl": "\u202e李四\u202c",
    "control": "王\x07五\x00",
    "at": "@SUM(1+1)",
    "minus": "-2+3",
    "tab": "\t制表",
    "cr": "\r回车",
    "comment": "</script><!--",
}
EXPLANATION = json.dumps([
    {"comparison": "id_number", "level": "normalized_equal", "weight": 7.25},
    {"comparison": "name", "level": "jaro_winkler>0.92", "weight": 2.5},
])
RULES = {
    "INCOME_OVER_LIMIT": ("收入超标", "Income over limit"),
    "VEHICLE_OWNED": ("名下有车辆", "Vehicle owned"),
    "MEMBER_DECEASED": ("成员已死亡", "Member deceased"),
    "IDENTITY_UNVERIFIED": ("身份未核实", "Identity unverified"),
}
CASES = [
    ("H001", "530100", "相对困难", "INCOME_OVER_LIMIT", "breach", "3500.00", "1760.00", "hr:HR1;hr:HR2"),
    ("H001", "530100", "相对困难", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"),
    ("H002", "532923", "深度困难", "MEMBER_DECEASED", "review", "1", "0", "civil_affairs:C1"),
    (HOSTILE["dde"], "532923", "意外致困", "IDENTITY_UNVERIFIED", "review", HOSTILE["hyperlink"], "0", "hukou:K1"),
]
EVIDENCE = [
    ("H001", "INCOME_OVER_LIMIT", "hr", "HR1", 1, "张三", RAW_IDS[0], "exact", 0.999, "auto", "2025-01-31", "2500.00", "工资 wage", EXPLANATION),
    ("H001", "INCOME_OVER_LIMIT", "hr", "HR2", 2, HOSTILE["script"], RAW_IDS[1], "normalized", 0.97, "auto", "2025-01-31", "1000.00", HOSTILE["hyperlink"], EXPLANATION),
    ("H001", "VEHICLE_OWNED", "vehicles", "V1", 1, "张三", RAW_IDS[0], "exact", 0.999, "auto", "2021-05-04", "小型轿车 云A12345", HOSTILE["at"], EXPLANATION),
    ("H002", "MEMBER_DECEASED", "civil_affairs", "C1", 1, HOSTILE["rtl"], RAW_IDS[2], "fuzzy", 0.81, "review", "2024-11-02", HOSTILE["minus"], f"死亡登记 {RAW_IDS[2]}", HOSTILE["comment"]),
    (HOSTILE["dde"], "IDENTITY_UNVERIFIED", "hukou", "K1", 1, HOSTILE["control"], RAW_IDS[3], "fuzzy", 0.6, "review", None, HOSTILE["tab"], HOSTILE["cr"], "not json"),
]


def make_manifest(flags: int) -> dict:
    """A manifest shaped like interface.md §3."""
    sources = {s: {"file": f"{s}.csv", "sha256": "0" * 64, "received": 100, "accepted": 97, "quarantined": 3}
               for s in ("households", "members", "hukou", "vehicles", "hr", "bank", "housing", "civil_affairs")}
    return {"run_id": "run-20250301-0001", "as_of": "2025-03-01", "started_at": "2025-03-01T02:00:00+08:00",
            "finished_at": "2025-03-01T02:00:09+08:00", "rules_version": "2025.1", "sources": sources,
            "flags": {"total": flags}, "data_problems": 1}


def make_bundle(cases: list[tuple], evidence: list[tuple]) -> ReportBundle:
    """A bundle from case and evidence tuples, with matching traces, one data problem, one skipped rule."""
    case_frame = pd.DataFrame(cases, columns=["household_id", "region_code", "category", "rule_id", "status",
                                              "value", "threshold", "evidence"])
    case_frame["rule_name_zh"] = case_frame["rule_id"].map(lambda r: RULES[r][0])
    case_frame["rule_name_en"] = case_frame["rule_id"].map(lambda r: RULES[r][1])
    evidence_frame = pd.DataFrame(evidence, columns=[
        "household_id", "rule_id", "source", "record_id", "member_no", "member_name", "id_number", "method",
        "score", "decision", "record_date", "contribution", "detail", "explanation"])
    evidence_frame["record_date"] = pd.to_datetime(evidence_frame["record_date"]).dt.date
    traces = case_frame[["household_id", "rule_id"]].assign(
        parameter="dibao", key=case_frame["region_code"], value="880", effective_from=pd.Timestamp("2025-01-01"),
        rules_version="2025.1")
    problems = pd.DataFrame([("H009", "INCOME_OVER_LIMIT", "地区 999999 无低保标准 no dibao value")],
                            columns=["household_id", "rule_id", "problem"])
    skipped = pd.DataFrame([("BUSINESS_OWNER", "可选数据源 business 未提供 optional source absent")],
                           columns=["rule_id", "reason"])
    return ReportBundle(make_manifest(len(case_frame)), case_frame, evidence_frame, traces, problems, skipped)


def big_bundle(n: int) -> ReportBundle:
    """n flags over n/2 households, two evidence records per flag, IDs unique per member."""
    rules = list(RULES)
    cases, evidence = [], []
    for i in range(n):
        hh, rule = f"H{i // 2:06d}", rules[(i // 2 + i % 2) % len(rules)]
        cases.append((hh, ("530100", "532923", "371600")[i % 3], ("深度困难", "相对困难")[i % 2], rule,
                      ("breach", "review")[i % 5 == 0], f"{1000 + i}.50", "1760.00", f"hr:R{i}a;hr:R{i}b"))
        for part, member in (("a", 1), ("b", 2)):
            evidence.append((hh, rule, "hr", f"R{i}{part}", member, f"成员{i}{part}", f"5301021990{i:07d}{member}",
                             "exact", 0.99, "auto", "2025-01-31", "880.00", "工资", EXPLANATION))
    return make_bundle(cases, evidence)


@pytest.fixture
def hostile_bundle() -> ReportBundle:
    """The small bundle full of hostile values and raw IDs."""
    return make_bundle(CASES, EVIDENCE)


@pytest.fixture
def raw_ids() -> tuple[str, ...]:
    """The unmasked IDs that appear in the hostile bundle."""
    return RAW_IDS


@pytest.fixture
def hostile() -> dict[str, str]:
    """The hostile values planted in the hostile bundle."""
    return HOSTILE


@pytest.fixture
def big_bundle_of():
    """Factory for generated bundles of n flags (two evidence records each)."""
    return big_bundle
