"""Evaluate a rule set in DuckDB and write flags, evidence, traces, data problems
and skipped rules (docs/pipeline.md §3) into the run's connection.

For every rule the same steps run: households the rule cannot judge (a
parameter with no value in force, or no members for a per-capita rule) become
``data_problems``; the rule's records are judged on auto links alone and on all
links; a breach rule that fires on auto links alone is a ``breach``, one that
needs a review link to fire is ``review``; review rules are always ``review``.
The flag's value, evidence and traces are those of the links its status rests on.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from rules.frames import build_work_tables, drop_work_tables
from rules.ruleset import RuleDef, RuleSet, RuleSetError

OUTPUTS = {
    "flags": "household_id VARCHAR, rule_id VARCHAR, status VARCHAR, value VARCHAR, threshold VARCHAR, "
             "evidence VARCHAR",
    "evidence": "household_id VARCHAR, rule_id VARCHAR, source VARCHAR, record_id VARCHAR, member_no BIGINT, "
                "method VARCHAR, score DOUBLE, decision VARCHAR, record_date DATE, contribution VARCHAR, "
                "detail VARCHAR",
    "traces": "household_id VARCHAR, rule_id VARCHAR, parameter VARCHAR, key VARCHAR, value VARCHAR, "
              "effective_from DATE, rules_version VARCHAR",
    "data_problems": "household_id VARCHAR, rule_id VARCHAR, problem VARCHAR",
    "skipped_rules": "rule_id VARCHAR, reason VARCHAR",
}

# Data problems read Chinese first (the report is Chinese), then the unchanged English after ' / ',
# for every judged rule at once (``_rules_judged``: each rule's parameters, and whether it is per capita).
_PROBLEMS = """INSERT INTO data_problems
SELECT h.household_id, p.rule_id, '无 ' || $as_of || ' 生效的 ' || p.parameter || ' 参数值' || CASE p.keyed_by
    WHEN 'region' THEN '（地区 ' || h.region_code || '，县、州市、省均无）'
    WHEN 'category' THEN '（困难类别 ' || h.category || '）' ELSE '' END
    || ' / no ' || p.parameter || ' value in force on ' || $as_of || CASE p.keyed_by
    WHEN 'region' THEN ' for region ' || h.region_code || ' (county, prefecture or province)'
    WHEN 'category' THEN ' for category ' || h.category ELSE '' END
FROM stg_households h,
     (SELECT DISTINCT j.rule_id, v.parameter, v.keyed_by FROM _rules_judged j JOIN _rules_values v USING (parameter)) p
WHERE NOT EXISTS (SELECT 1 FROM _rules_params q WHERE q.household_id = h.household_id AND q.parameter = p.parameter)
UNION ALL
SELECT s.household_id, j.rule_id, '户内无在册成员 / household has no members on file'
FROM _rules_size s, (SELECT DISTINCT rule_id FROM _rules_judged WHERE per_capita) j
WHERE s.n = 0"""

_JUDGED = pa.schema([("rule_id", pa.string()), ("parameter", pa.string()), ("per_capita", pa.bool_())])

# The items' own columns (a per_capita_limit, uses_P flags …) follow the common ones.
_ITEMS = """CREATE OR REPLACE TEMP TABLE _rules_items AS
SELECT household_id, source, CAST(record_id AS VARCHAR) AS record_id, CAST(member_no AS BIGINT) AS member_no,
       method, CAST(score AS DOUBLE) AS score, decision, CAST(record_date AS DATE) AS record_date,
       CAST(amount AS DECIMAL(38, 2)) AS amount, CAST(item AS VARCHAR) AS item, CAST(kind AS VARCHAR) AS kind,
       CAST(contribution AS VARCHAR) AS contribution, CAST(detail AS VARCHAR) AS detail,
       * EXCLUDE (household_id, source, record_id, member_no, method, score, decision, record_date, amount, item,
                  kind, contribution, detail)
FROM ({items}) WHERE household_id NOT IN (SELECT household_id FROM data_problems WHERE rule_id = $rule)"""

_TIERED = """CREATE OR REPLACE TEMP TABLE _rules_tiered AS
SELECT 'auto' AS tier, * FROM _rules_items WHERE decision = 'auto'
UNION ALL SELECT 'all' AS tier, * FROM _rules_items"""

_VERDICTS = """CREATE OR REPLACE TEMP TABLE _rules_verdicts AS
SELECT household_id, tier, value, threshold FROM ({verdict}) WHERE fires AND (tier = 'all' OR $status = 'breach')
QUALIFY row_number() OVER (PARTITION BY household_id ORDER BY tier = 'auto' DESC) = 1"""

_WRITE = (
    """INSERT INTO flags SELECT v.household_id, $rule, CASE v.tier WHEN 'auto' THEN 'breach' ELSE 'review' END,
        v.value, v.threshold, string_agg(DISTINCT t.ref, ';' ORDER BY t.ref)
    FROM _rules_verdicts v JOIN (SELECT *, source || ':' || record_id AS ref FROM _rules_tiered) t
      USING (household_id, tier)
    GROUP BY v.household_id, v.tier, v.value, v.threshold""",
    """INSERT INTO evidence SELECT t.household_id, $rule, t.source, t.record_id, t.member_no, t.method, t.score,
        t.decision, t.record_date, t.contribution, t.detail
    FROM _rules_verdicts v JOIN _rules_tiered t USING (household_id, tier)""",
    # Only the parameters the flag read: all the rule reads, but a conditional one (a uses_P items
    # column) only when one of the flag's items read it.
    """INSERT INTO traces SELECT v.household_id, $rule, p.parameter, p.key, p.text, p.effective_from, $version
    FROM _rules_verdicts v
    JOIN (SELECT household_id, tier, list_concat($always, [{conditional}]) AS used
          FROM _rules_tiered GROUP BY household_id, tier) u USING (household_id, tier)
    JOIN _rules_params p ON p.household_id = v.household_id AND list_contains(u.used, p.parameter)""",
)
_DROP_STEPS = ("DROP TABLE IF EXISTS _rules_tiered", "DROP TABLE IF EXISTS _rules_items",
               "DROP TABLE IF EXISTS _rules_verdicts")


@dataclass(frozen=True)
class RuleSummary:
    """What an evaluation produced: flag counts by rule and status, data problems and skips by rule."""

    rules_version: str
    as_of: date
    flags: dict[str, dict[str, int]]
    data_problems: dict[str, int]
    skipped: dict[str, str]


def evaluate(con: duckdb.DuckDBPyConnection, rule_set: RuleSet, as_of: date,
             sources: Collection[str], latest_hr_period: str | None = None) -> RuleSummary:
    """Judge every household on every rule whose sources are present; write the output tables.

    ``latest_hr_period`` states the file's latest ``hr`` period when ``stg_hr``
    holds only part of the file (default: the latest in ``stg_hr``).
    """
    for table, columns in OUTPUTS.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")
    build_work_tables(con, rule_set, as_of, "hr" in sources, latest_hr_period)
    judged = []
    for rule in rule_set.rules:
        missing = sorted(set(rule.sources) - set(sources))
        if missing:
            reason = f"source {', '.join(missing)} absent"
            con.execute("INSERT INTO skipped_rules VALUES (?, ?)", [rule.id, reason])
        else:
            judged.append(rule)
    _record_problems(con, judged, as_of)
    for rule in judged:
        _evaluate_rule(con, rule, rule_set.version, as_of)
    for statement in _DROP_STEPS:
        con.execute(statement)
    drop_work_tables(con)
    return summarize(con, rule_set.version, as_of)


def _record_problems(con: duckdb.DuckDBPyConnection, rules: list[RuleDef], as_of: date) -> None:
    """``data_problems``: the households each of ``rules`` cannot judge, in one statement."""
    rows = [(rule.id, parameter, rule.verdict == "per_capita") for rule in rules
            for parameter in (rule.parameters or [None])]
    con.register("_rules_judged", pa.table(list(zip(*rows)) if rows else [[]] * 3, schema=_JUDGED))
    try:
        con.execute(_PROBLEMS, {"as_of": str(as_of)})
    finally:
        con.unregister("_rules_judged")


def _evaluate_rule(con: duckdb.DuckDBPyConnection, rule: RuleDef, version: str, as_of: date) -> None:
    """Judge the households the rule can judge (its data problems recorded) and write the flags."""
    conditional = ", ".join(f"CASE WHEN bool_or(uses_{name}) THEN '{name}' END" for name in rule.sql.conditional)
    values = {"rule": rule.id, "as_of": str(as_of), "status": rule.status, "version": version,
              "always": [name for name in rule.parameters if name not in rule.sql.conditional]}
    try:
        if _run(con, _ITEMS.format(items=rule.sql.items), values) == 0:
            return  # no record to judge (often so for one household checked on demand): nothing can fire
        _run(con, _TIERED, values)
        if _run(con, _VERDICTS.format(verdict=rule.verdict_query), values) == 0:
            return  # the rule fires for no household: nothing to write
        for statement in _WRITE:
            _run(con, statement.format(conditional=conditional), values)
    except (duckdb.BinderException, duckdb.CatalogException, duckdb.ParserException) as error:
        # The rule's SQL names a column or function that does not exist: the rule set's to fix.
        # These messages name the SQL's words, never a record's values.
        raise RuleSetError([f"sql/{rule.id}.sql: (query): {str(error).splitlines()[0]}"]) from error


def _run(con: duckdb.DuckDBPyConnection, statement: str, values: dict) -> int:
    """Execute ``statement`` with the named values it uses; return the rows it wrote."""
    return con.execute(statement, {name: value for name, value in values.items()
                                   if f"${name}" in statement}).fetchall()[0][0]


def summarize(con: duckdb.DuckDBPyConnection, version: str, as_of: date) -> RuleSummary:
    """Count what an evaluation wrote into ``con``'s output tables (also when its parts were
    evaluated elsewhere and gathered there)."""
    flags: dict[str, dict[str, int]] = {}
    for rule_id, status, count in con.execute(
            "SELECT rule_id, status, count(*) FROM flags GROUP BY ALL ORDER BY ALL").fetchall():
        flags.setdefault(rule_id, {})[status] = count
    problems = dict(con.execute(
        "SELECT rule_id, count(*) FROM data_problems GROUP BY ALL ORDER BY ALL").fetchall())
    skipped = dict(con.execute("SELECT rule_id, reason FROM skipped_rules").fetchall())
    return RuleSummary(version, as_of, flags, problems, skipped)
