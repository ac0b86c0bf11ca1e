"""The SQL every rule shares: the sources a rule may read and the built-in verdict kinds.

A rule's own SQL lives in its rule set folder (``sql/<RULE_ID>.sql``, see
rules/rule_sql.py). Its items query lists every record a flag could rest on;
the verdict judges a household from those rows, once over auto links only and
once over all links (the ``tier``), and gives ``fires``, ``value`` and
``threshold`` as exact text. A rule names its verdict kind in ``rules.yaml``:

- ``count``: fires on any item; the value counts distinct items; the threshold is 0;
- ``per_capita``: fires when the items' ``amount`` summed over the household,
  divided by n, is above the items' ``per_capita_limit`` (compared exactly as
  total > limit × n); households with no members are data problems;
- ``sql``: the rule's file gives its own verdict query after ``-- verdict``.
"""
from __future__ import annotations

SOURCES = frozenset({"hukou", "vehicles", "hr", "bank", "housing", "civil_affairs", "business"})

# The value shown is the per-capita amount rounded up to the cent, so it is above the
# threshold exactly when the rule fires (for whole-cent limits).
_PER_CAPITA = """
    SELECT household_id, tier, total > per_capita_limit * n AS fires,
           printf('%d.%02d', cents // 100, cents % 100) AS value,
           CAST(CAST(per_capita_limit AS DECIMAL(38, 2)) AS VARCHAR) AS threshold
    FROM (SELECT t.household_id, t.tier, sum(t.amount) AS total, any_value(s.n) AS n,
                 any_value(t.per_capita_limit) AS per_capita_limit,
                 (CAST(sum(t.amount) * 100 AS HUGEINT) + any_value(s.n) - 1) // any_value(s.n) AS cents
          FROM _rules_tiered t JOIN _rules_size s ON s.household_id = t.household_id
          GROUP BY t.household_id, t.tier)"""

_COUNT = """
    SELECT household_id, tier, count(DISTINCT item) > 0 AS fires,
           CAST(count(DISTINCT item) AS VARCHAR) AS value, '0' AS threshold
    FROM _rules_tiered GROUP BY household_id, tier"""

VERDICTS: dict[str, str | None] = {"count": _COUNT, "per_capita": _PER_CAPITA, "sql": None}

# The matcher's reasons an ID cannot be normalised (matchers/ids.py) in Chinese, for the identity rule's
# bilingual evidence ({{ id_problem_labels }}); other reasons stay as they are.
ID_PROBLEMS_ZH = {
    "missing": "缺失", "bad characters": "含无效字符", "missing check digit": "缺少校验位",
    "wrong length": "位数不对", "impossible birth date": "出生日期不存在", "check digit mismatch": "校验位不符",
    "unknown province code": "省份代码不存在",
}
