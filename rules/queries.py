"""The SQL behind each reference rule (interface.md §4), one entry per rule id.

Each rule is two DuckDB queries. ``items`` lists every record a flag could rest
on, one row per (household, record) with its link; ``verdict`` judges a
household from those rows, once over auto links only and once over all links
(the ``tier``), and gives ``fires``, ``value`` and ``threshold`` as exact text.
No policy number appears here: thresholds come from ``_rules_params`` (the
YAML values in force for each household); the names of the parameters a rule
reads are listed with it so the loader can check them.
"""
from __future__ import annotations

from dataclasses import dataclass

SOURCES = frozenset({"hukou", "vehicles", "hr", "bank", "housing", "civil_affairs", "business"})

_LINK = "l.household_id, l.source, l.record_id, l.member_no, l.method, l.score, l.decision"
_LATEST_HR = "r.period = (SELECT period FROM _rules_latest_hr)"


def _linked(source: str) -> str:
    """Join a staged source ``r`` to the household links ``l`` of its records."""
    return f"stg_{source} r JOIN _rules_links l ON l.source = '{source}' AND l.record_id = r.record_id"


def _param(name: str, alias: str, on: str = "l") -> str:
    """Join the household's in-force value of parameter ``name`` as ``alias``."""
    return f"JOIN _rules_params {alias} ON {alias}.household_id = {on}.household_id AND {alias}.parameter = '{name}'"


def _per_capita(factor: str) -> str:
    """Verdict: total / n > dibao × factor, compared exactly as total > dibao × factor × n.

    The value shown is the per-capita amount rounded up to the cent, so it is
    above the threshold exactly when the rule fires (for whole-cent limits).
    """
    return f"""
    SELECT household_id, tier, total > per_capita_limit * n AS fires,
           printf('%d.%02d', cents // 100, cents % 100) AS value,
           CAST(CAST(per_capita_limit AS DECIMAL(38, 2)) AS VARCHAR) AS threshold
    FROM (SELECT t.household_id, t.tier, sum(t.amount) AS total, any_value(s.n) AS n,
                 any_value(d.number * f.number) AS per_capita_limit,
                 (CAST(sum(t.amount) * 100 AS HUGEINT) + any_value(s.n) - 1) // any_value(s.n) AS cents
          FROM _rules_tiered t JOIN _rules_size s ON s.household_id = t.household_id
          {_param('dibao', 'd', 't')} {_param(factor, 'f', 't')}
          GROUP BY t.household_id, t.tier)"""


_COUNT = """
    SELECT household_id, tier, count(DISTINCT item) > 0 AS fires,
           CAST(count(DISTINCT item) AS VARCHAR) AS value, '0' AS threshold
    FROM _rules_tiered GROUP BY household_id, tier"""

# Value: distinct properties counted (住宅, 商业, 办公); a 商业 or 办公 one fires on its own.
_HOUSING = f"""
    SELECT household_id, tier, residences > limit_number OR other > 0 AS fires,
           CAST(residences + other AS VARCHAR) AS value, limit_text AS threshold
    FROM (SELECT t.household_id, t.tier, p.number AS limit_number, p.text AS limit_text,
                 count(DISTINCT t.item) FILTER (WHERE t.kind = '住宅') AS residences,
                 count(DISTINCT t.item) FILTER (WHERE t.kind <> '住宅') AS other
          FROM _rules_tiered t {_param('max_residences', 'p', 't')}
          GROUP BY t.household_id, t.tier, p.number, p.text)"""


# The matcher's reasons an ID cannot be normalised (matchers/ids.py) in Chinese, for the identity rule's
# bilingual evidence (Chinese first, then the unchanged English after ' / '); other reasons stay as they are.
_ID_PROBLEMS_ZH = {
    "missing": "缺失", "bad characters": "含无效字符", "missing check digit": "缺少校验位",
    "wrong length": "位数不对", "impossible birth date": "出生日期不存在", "check digit mismatch": "校验位不符",
    "unknown province code": "省份代码不存在",
}
_ID_PROBLEM_ZH = "CASE i.id_problem " + " ".join(
    f"WHEN '{en}' THEN '{zh}'" for en, zh in _ID_PROBLEMS_ZH.items()) + " ELSE i.id_problem END"


@dataclass(frozen=True)
class RuleQuery:
    """The sources and parameters (``lists``: those holding names) a rule reads, and its queries."""

    sources: frozenset[str]
    parameters: frozenset[str]
    items: str
    verdict: str = _COUNT
    per_capita: bool = False
    lists: frozenset[str] = frozenset()


QUERIES: dict[str, RuleQuery] = {
    "INCOME_OVER_LIMIT": RuleQuery(frozenset({"hr"}), frozenset({"dibao", "income_multiplier"}), f"""
        SELECT {_LINK}, strptime(r.period, '%Y-%m')::DATE AS record_date,
               coalesce(r.monthly_wage, 0) + coalesce(r.pension, 0) + coalesce(r.unemployment_benefit, 0) AS amount,
               NULL AS item, NULL AS kind, CAST(amount AS VARCHAR) AS contribution,
               concat_ws(' ', 'period', r.period, r.employer_type, r.employer_name) AS detail
        FROM {_linked('hr')} WHERE {_LATEST_HR} AND amount > 0""",
        _per_capita("income_multiplier"), per_capita=True),
    "FINANCIAL_ASSETS_OVER_LIMIT": RuleQuery(frozenset({"bank"}), frozenset({"dibao", "asset_months"}), f"""
        SELECT {_LINK}, r.as_of AS record_date, r.balance AS amount, NULL AS item, NULL AS kind,
               CAST(r.balance AS VARCHAR) AS contribution, concat_ws(' ', r.institution, r.product_type) AS detail
        FROM {_linked('bank')} WHERE r.balance > 0""",
        _per_capita("asset_months"), per_capita=True),
    "VEHICLE_OWNED": RuleQuery(frozenset({"vehicles"}), frozenset({"exempt_vehicle_types"}), f"""
        SELECT {_LINK}, r.registered_on AS record_date, NULL AS amount, r.vehicle_type AS kind,
               coalesce(r.plate_no, 'record ' || r.record_id) AS item,  -- plate_no is optional: no plate still counts
               concat_ws(' ', r.vehicle_type, r.plate_no) AS contribution, 'status ' || r.status AS detail
        FROM {_linked('vehicles')} {_param('exempt_vehicle_types', 'x')}
        WHERE r.status = '正常' AND NOT list_contains(x.items, r.vehicle_type)""",
        lists=frozenset({"exempt_vehicle_types"})),
    "HOUSING_OVER_LIMIT": RuleQuery(frozenset({"housing"}), frozenset({"max_residences"}), f"""
        SELECT {_LINK}, r.acquired_on AS record_date, NULL AS amount, r.usage AS kind,
               coalesce(r.cert_no, 'record ' || r.record_id) AS item,  -- cert_no is optional: none still counts
               concat_ws(' ', r.usage, r.cert_no) AS contribution, CAST(r.area_m2 AS VARCHAR) || ' m²' AS detail
        FROM {_linked('housing')} WHERE r.usage IN ('住宅', '商业', '办公')""", _HOUSING),
    "BUSINESS_OWNER": RuleQuery(frozenset({"business"}), frozenset({"sole_trader_capital_limit"}), f"""
        SELECT {_LINK}, NULL AS record_date, NULL AS amount, r.record_id AS item, r.role AS kind,
               concat_ws(' ', r.role, r.enterprise_name) AS contribution,
               concat_ws(' ', 'status', r.status, 'registered capital', r.registered_capital) AS detail
        FROM {_linked('business')} {_param('sole_trader_capital_limit', 'c')}
        WHERE r.status = '存续'
          AND (r.role IN ('法定代表人', '股东') OR (r.role = '个体工商户经营者' AND r.registered_capital > c.number))"""),
    "PUBLIC_SECTOR_EMPLOYEE": RuleQuery(frozenset({"hr"}), frozenset(), f"""
        SELECT {_LINK}, strptime(r.period, '%Y-%m')::DATE AS record_date, NULL AS amount, l.member_no AS item,
               r.employer_type AS kind, concat_ws(' ', r.employer_type, r.employer_name) AS contribution,
               'period ' || r.period AS detail
        FROM {_linked('hr')} WHERE {_LATEST_HR} AND r.employer_type IN ('机关', '事业单位')"""),
    "MEMBER_DECEASED": RuleQuery(frozenset({"civil_affairs", "hukou"}), frozenset(), f"""
        SELECT {_LINK}, r.event_date AS record_date, NULL AS amount, l.member_no AS item, NULL AS kind,
               'civil affairs death record' AS contribution, NULL AS detail
        FROM {_linked('civil_affairs')} WHERE r.record_type = '死亡'
        UNION ALL
        SELECT {_LINK}, NULL, NULL, l.member_no, NULL, 'hukou status 死亡', NULL
        FROM {_linked('hukou')} WHERE r.status = '死亡'"""),
    "IDENTITY_UNVERIFIED": RuleQuery(frozenset({"hukou"}), frozenset(), f"""
        SELECT m.household_id, 'members' AS source, CAST(m.member_no AS VARCHAR) AS record_id, m.member_no,
               NULL AS method, NULL AS score, NULL AS decision, NULL AS record_date, NULL AS amount,
               m.member_no AS item, NULL AS kind,
               concat_ws(' / ',
                   concat_ws('；', '身份证号：' || ({_ID_PROBLEM_ZH}), CASE WHEN NOT coalesce(h.verified, false) THEN
                       CASE WHEN h.verified IS NULL THEN '无户籍记录关联' ELSE '户籍关联仅待复核' END END),
                   concat_ws('; ', 'ID: ' || i.id_problem, CASE WHEN NOT coalesce(h.verified, false) THEN
                       CASE WHEN h.verified IS NULL THEN 'no hukou record linked'
                            ELSE 'hukou link awaiting review only' END END)) AS contribution, NULL AS detail
        FROM stg_members m
        LEFT JOIN member_ids i ON i.household_id = m.household_id AND i.member_no = m.member_no
        LEFT JOIN (SELECT household_id, member_no, bool_or(decision = 'auto') AS verified
                   FROM links WHERE source = 'hukou' GROUP BY household_id, member_no) h
               ON h.household_id = m.household_id AND h.member_no = m.member_no
        WHERE i.id_problem IS NOT NULL OR NOT coalesce(h.verified, false)"""),
}
