"""Fixture bundles for the report tests: a small hostile one with the case loop (states,
decisions, members, rules, false-flag rates, resolved cases, regions, a reopened case), the
same without the case loop (an old bundle), and a large generated one."""
from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from reports import ReportBundle

RAW_IDS = ("530102199001011234", "53010219851212002x", "530102900101123", "532923200001010019",
           "530102198807070017", "532901199505050031")
NOTE_ID, MEMBER_ID = RAW_IDS[4], RAW_IDS[5]  # one only in a decision's note, one only in the members table
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
    {"comparison": "prior", "level": "any_pair", "weight": -20.5},
    {"comparison": "id", "level": "exact", "weight": 7.25},
    {"comparison": "name", "level": "sound", "weight": 2.5},
    {"comparison": "safety", "level": "no_usable_id", "weight": 0.0},
    {"comparison": "id_number", "level": "normalized_equal", "weight": 1},
])
RULES = {
    "INCOME_OVER_LIMIT": ("收入超标", "Income over limit"),
    "VEHICLE_OWNED": ("名下有车辆", "Vehicle owned"),
    "MEMBER_DECEASED": ("成员已死亡", "Member deceased"),
    "IDENTITY_UNVERIFIED": ("身份未核实", "Identity unverified"),
}
RULE_TABLE = [
    ("INCOME_OVER_LIMIT", "收入超标", "Income over limit", "breach",
     "家庭人均月收入超过 低保标准 × 倍数。Per-capita monthly income above dibao × multiplier.",
     "元/人·月 yuan per person per month"),
    ("VEHICLE_OWNED", "名下有车辆", "Vehicle owned", "breach", "成员名下有非豁免车型的机动车。", "辆 vehicles"),
    ("MEMBER_DECEASED", "成员已死亡", "Member deceased", "review", "成员关联到死亡登记。", "人 members"),
    ("IDENTITY_UNVERIFIED", "身份未核实", "Identity unverified", "review", "身份证号无法核实。", ""),
]
STATES = [
    ("to_verify", "待核实", True, "new or reopened; the default"),
    ("verifying", "核实中", True, "an auditor is checking"),
    ("notified", "已告知", True, "the household was told; its contest period runs"),
    ("confirmed_ineligible", "已核实-不符合", False, "checked: the household no longer qualifies"),
    ("confirmed_eligible", "已核实-符合", False, "checked: it still qualifies"),
    ("false_match", "误报", False, "the evidence is not this household's"),
    ("data_outdated", "数据待更新", True, "the agency data is out of date"),
]
CASES = [
    ("H001", "530100", "相对困难", "INCOME_OVER_LIMIT", "breach", "3500.00", "1760.00", "hr:HR1;hr:HR2"),
    ("H001", "530100", "相对困难", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"),
    ("H002", "532923", "深度困难", "MEMBER_DECEASED", "review", "1", "0", "civil_affairs:C1"),
    (HOSTILE["dde"], "532901", "意外致困", "IDENTITY_UNVERIFIED", "review", HOSTILE["hyperlink"], "0", "hukou:K1"),
]
EVIDENCE = [
    ("H001", "INCOME_OVER_LIMIT", "hr", "HR1", 1, "张三", RAW_IDS[0], "exact", 0.999, "auto", "2025-01-31", "2500.00", "工资 wage", EXPLANATION),
    ("H001", "INCOME_OVER_LIMIT", "hr", "HR2", 2, HOSTILE["script"], RAW_IDS[1], "normalized", 0.97, "auto", "2025-01-31", "1000.00", HOSTILE["hyperlink"], EXPLANATION),
    ("H001", "VEHICLE_OWNED", "vehicles", "V1", 1, "张三", RAW_IDS[0], "exact", 0.999, "auto", "2021-05-04", "小型轿车 云A12345", HOSTILE["at"], EXPLANATION),
    ("H002", "MEMBER_DECEASED", "civil_affairs", "C1", 1, HOSTILE["rtl"], RAW_IDS[2], "fuzzy", 0.81, "review", "2024-11-02", HOSTILE["minus"], f"死亡登记 {RAW_IDS[2]}", HOSTILE["comment"]),
    (HOSTILE["dde"], "IDENTITY_UNVERIFIED", "hukou", "K1", 1, HOSTILE["control"], RAW_IDS[3], "fuzzy", 0.6, "review", None, HOSTILE["tab"], HOSTILE["cr"], "not json"),
]
FINGERPRINTS = [f"{n:x}" * 64 for n in (10, 11, 12, 13)]
# Per case above (two open, two closed, so that "open first" reorders the list): state, carry, records new / gone / changed, value and threshold before, last decision.
CASE_LOOP = [
    ("to_verify", "reopened", "hr:HR2", "hr:HR0", "hr:HR1", "3000.00", "1700.00", "2025-02-01T10:00:00+08:00"),
    ("confirmed_ineligible", "carried", "", "", "", "", "", "2025-02-15T09:30:00+08:00"),
    ("data_outdated", "carried", "", "", "", "", "", "2025-02-20T16:00:00+08:00"),
    ("false_match", "new", "", "", "", "", "", "2025-02-25T11:00:00+08:00"),
]
OLD_PRINT = "b" * 64
DECISIONS = [
    ("H001", "INCOME_OVER_LIMIT", "confirmed_ineligible", "2025-02-01", "李审核", f"已核实工资 {NOTE_ID}", OLD_PRINT,
     "2025-02-01T10:00:00+08:00"),
    ("H001", "VEHICLE_OWNED", "notified", "2025-01-10", "王审核", "已电话告知", FINGERPRINTS[1],
     "2025-01-10T09:00:00+08:00"),
    ("H001", "VEHICLE_OWNED", "confirmed_ineligible", "2025-02-15", "王审核", "公示期满", FINGERPRINTS[1],
     "2025-02-15T09:30:00+08:00"),
    ("H002", "MEMBER_DECEASED", "data_outdated", "2025-02-20", "赵审核", HOSTILE["hyperlink"], FINGERPRINTS[2],
     "2025-02-20T16:00:00+08:00"),
    (HOSTILE["dde"], "IDENTITY_UNVERIFIED", "false_match", "2025-02-25", HOSTILE["script"], "", FINGERPRINTS[3],
     "2025-02-25T11:00:00+08:00"),
]
MEMBERS = [
    ("H001", 1, "本人", "张三", RAW_IDS[0], "男", "1990-01-01", None),
    ("H001", 2, "配偶", HOSTILE["script"], RAW_IDS[1], "女", "1985-12-12", None),
    ("H002", 1, "本人", HOSTILE["rtl"], RAW_IDS[2], "男", "1990-01-01", None),
    ("H002", 2, "子女", "李小", MEMBER_ID, "女", "1995-05-05", "check digit mismatch"),
    (HOSTILE["dde"], 1, "本人", HOSTILE["control"], RAW_IDS[3], "男", "2000-01-01", "wrong length"),
]
FALSE_FLAGS = [
    ("rule", "INCOME_OVER_LIMIT", 4, 1, 0.25), ("rule", "VEHICLE_OWNED", 0, 0, None),
    ("method", "fuzzy", 3, 1, 1 / 3), ("method", "exact", 5, 0, 0.0),
]
RESOLVED = [("H003", "VEHICLE_OWNED", "confirmed_eligible")]
REGIONS = [("532923", "祥云县"), ("532900", "大理州"), ("530000", "云南省"), ("530100", "昆明市")]
GENERATED_AT = "2025-03-01T02:00:11+08:00"
PROBLEMS = [("H009", "INCOME_OVER_LIMIT", "地区 999999 无低保标准 no dibao value"),
            ("H009", "FINANCIAL_ASSETS_OVER_LIMIT", "地区 999999 无低保标准 no dibao value"),
            ("H010", "INCOME_OVER_LIMIT", "户内无在册成员 / household has no members on file")]


def make_manifest(flags: int) -> dict:
    """A manifest shaped like interface.md §3 (finished_at is set, as after a run)."""
    sources = {s: {"file": f"{s}.csv", "sha256": "0" * 64, "received": 100, "accepted": 97, "quarantined": 3}
               for s in ("households", "members", "hukou", "vehicles", "hr", "bank", "housing", "civil_affairs")}
    return {"run_id": "run-20250301-0001", "as_of": "2025-03-01", "started_at": "2025-03-01T02:00:00+08:00",
            "finished_at": "2025-03-01T02:00:09+08:00", "rules_version": "2025.1", "sources": sources,
            "flags": {"total": flags}, "data_problems": 2}


def make_bundle(cases: list[tuple], evidence: list[tuple]) -> ReportBundle:
    """A bundle (no case loop) from case and evidence tuples, with matching traces, data problems
    (3 rows for 2 households) and one skipped rule."""
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
    problems = pd.DataFrame(PROBLEMS, columns=["household_id", "rule_id", "problem"])
    skipped = pd.DataFrame([("BUSINESS_OWNER", "可选数据源 business 未提供 optional source absent")],
                           columns=["rule_id", "reason"])
    return ReportBundle(make_manifest(len(case_frame)), case_frame, evidence_frame, traces, problems, skipped)


def with_case_loop(bundle: ReportBundle, loop: list[tuple]) -> ReportBundle:
    """The bundle with case-loop columns (one tuple per case) and every case-loop table."""
    columns = ["state", "carry", "records_new", "records_gone", "records_changed", "value_before",
               "threshold_before", "last_decision_at"]
    cases = pd.concat([bundle.cases, pd.DataFrame(loop, columns=columns, index=bundle.cases.index)], axis=1)
    cases["fingerprint"] = [FINGERPRINTS[i % 4] for i in range(len(cases))]
    decisions = pd.DataFrame(DECISIONS, columns=["household_id", "rule_id", "state", "decided_on", "reviewer",
                                                 "note", "fingerprint", "imported_at"])
    decisions["decided_on"] = pd.to_datetime(decisions["decided_on"]).dt.date
    members = pd.DataFrame(MEMBERS, columns=["household_id", "member_no", "relation", "name", "id_number",
                                             "gender", "birth_date", "id_problem"])
    members["birth_date"] = pd.to_datetime(members["birth_date"]).dt.date
    return replace(
        bundle, cases=cases, decisions=decisions, members=members, generated_at=GENERATED_AT,
        manifest={**bundle.manifest, "cases": {"by_state": {}, "carried": 2, "reopened": 1, "resolved": 1}},
        states=pd.DataFrame(STATES, columns=["state", "label_zh", "is_open", "meaning"]),
        rules=pd.DataFrame(RULE_TABLE, columns=["rule_id", "name_zh", "name_en", "status", "description",
                                                "value_unit"]),
        false_flags=pd.DataFrame(FALSE_FLAGS, columns=["dimension", "key", "decided", "false_match", "rate"]),
        resolved=pd.DataFrame(RESOLVED, columns=["household_id", "rule_id", "state"]),
        regions=pd.DataFrame(REGIONS, columns=["region_code", "place"]),
    )


def big_bundle(n: int) -> ReportBundle:
    """n flags over n/2 households, two evidence records per flag, IDs unique per member; the states cycle."""
    rules = list(RULES)
    cases, evidence, loop = [], [], []
    for i in range(n):
        hh, rule = f"H{i // 2:06d}", rules[(i // 2 + i % 2) % len(rules)]
        cases.append((hh, ("530100", "532923", "371600")[i % 3], ("深度困难", "相对困难")[i % 2], rule,
                      ("breach", "review")[i % 5 == 0], f"{1000 + i}.50", "1760.00", f"hr:R{i}a;hr:R{i}b"))
        loop.append((STATES[i % 7][0], "carried", "", "", "", "", "", ""))
        for part, member in (("a", 1), ("b", 2)):
            evidence.append((hh, rule, "hr", f"R{i}{part}", member, f"成员{i}{part}", f"5301021990{i:07d}{member}",
                             "exact", 0.99, "auto", "2025-01-31", "880.00", "工资", EXPLANATION))
    return with_case_loop(make_bundle(cases, evidence), loop)


@pytest.fixture
def hostile_bundle() -> ReportBundle:
    """The small bundle full of hostile values and raw IDs, with the case loop."""
    return with_case_loop(make_bundle(CASES, EVIDENCE), CASE_LOOP)


@pytest.fixture
def old_bundle() -> ReportBundle:
    """The same cases as an old bundle: no case-loop columns or tables, no generated_at."""
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


@pytest.fixture
def planted() -> dict:
    """Values planted in the hostile bundle's case loop, for tests to look for."""
    return {"generated_at": GENERATED_AT, "note_id": NOTE_ID, "member_id": MEMBER_ID,
            "fingerprints": FINGERPRINTS, "states": STATES}
