"""Chinese display labels for the codes that appear in the report.

Codes (rule ids, statuses, sources, link comparisons) stay visible beside
their labels so an auditor can always trace a label back to the data; an
unknown code is shown as itself. The comparison and level names are those
the matcher writes into a link's explanation (the levels of
matchers/comparisons.py, the prior and the review rules of matchers/safety.py).
"""
from __future__ import annotations

STATUS = {"breach": "违规", "review": "待复核"}
METHOD = {"exact": "精确匹配", "normalized": "规范化匹配", "fuzzy": "模糊匹配"}
DECISION = {"auto": "自动确认", "review": "人工复核"}
SOURCE = {
    "households": "困难职工户",
    "members": "家庭成员",
    "hukou": "公安·户籍",
    "vehicles": "公安·车辆",
    "hr": "人社·工资社保",
    "bank": "银行·存款理财",
    "housing": "不动产登记",
    "civil_affairs": "民政·低保死亡",
    "business": "市场监管·企业",
}
COMPARISON = {
    "prior": "基准", "id": "身份证号", "name": "姓名", "birth": "出生日期", "gender": "性别",
    "safety": "安全规则", "name_tf": "常见姓名",
}
LEVEL = {
    "any_pair": "任意一对的先验", "exact": "完全一致", "typo": "一位之差（疑似笔误）",
    "neighbour": "同地同日出生的另一有效号码", "other": "不同号码", "missing": "缺失",
    "former": "与曾用名一致", "sound": "读音相同", "similar": "相近", "different": "不同", "same": "相同",
    "exact_id_name_differs": "号码相同但姓名完全不同", "different_valid_id": "两个不同的有效号码",
    "no_usable_id": "无可用身份证号", "id_similarity_only": "仅号码相近、姓名不符",
    "several_members": "与多名成员得分相近", "several_ids_near_member": "多个号码与该成员仅差一位",
    "common_name": "姓名常见，证据减弱", "implausible_id": "号码不合理（省份代码或出生日期不存在）",
}
ID_PROBLEM = {
    "missing": "缺失", "bad characters": "含无效字符", "missing check digit": "缺少校验位",
    "wrong length": "位数不对", "impossible birth date": "出生日期不存在", "check digit mismatch": "校验位不符",
    "unknown province code": "省份代码不存在",
}
CARRY = {"carried": "延续", "reopened": "重开", "new": "新增"}
FLAG_DIMENSION = {"rule": "按规则 by rule", "method": "按匹配方式 by link method"}
RUN = {
    "run_id": "运行编号 run_id",
    "as_of": "核查基准日 as_of",
    "started_at": "开始时间 started_at",
    "rules_version": "规则版本 rules_version",
}
GENERATED_AT = "生成时间 generated_at"


def label(mapping: dict[str, str], code: object) -> str:
    """Return the Chinese label for a code, or the code itself when unknown."""
    text = "" if code is None else str(code)
    return mapping.get(text, text)


def shown(mapping: dict[str, str], code: object) -> str:
    """'label code' (e.g. '违规 breach'), or the code alone when it has no label."""
    text = "" if code is None else str(code)
    name = mapping.get(text, text)
    return text if name == text else f"{name} {text}"


def all_labels() -> dict[str, dict[str, str]]:
    """Every code → label table, for the client-side case list and panel."""
    return {"status": STATUS, "method": METHOD, "decision": DECISION, "source": SOURCE,
            "comparison": COMPARISON, "level": LEVEL, "id_problem": ID_PROBLEM, "carry": CARRY}
