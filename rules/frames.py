"""Working tables the rule queries share, built once per evaluation in DuckDB.

- ``_rules_values``: every parameter value of the rule set, as loaded from YAML;
- ``_rules_params``: per household, each parameter's value in force on ``as_of``
  (regional values looked up county → prefecture ``XXXX00`` → province
  ``XX0000``; category values by the household's category);
- ``_rules_size``: n, the members each household has on file;
- ``_rules_links``: per (source, record, household) the one link a record
  counts through: auto before review, then the highest score;
- ``_rules_latest_hr``: the latest ``hr`` period of the file (one row), which
  a caller judging part of the file (the on-demand check) states instead.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pyarrow as pa

from rules.ruleset import RuleSet

WORK_TABLES = ("_rules_values", "_rules_params", "_rules_size", "_rules_links", "_rules_latest_hr")
LATEST_HR = "SELECT max(period) AS period FROM stg_hr"

_VALUES = """CREATE OR REPLACE TEMP TABLE _rules_values (parameter VARCHAR, keyed_by VARCHAR, key VARCHAR,
    effective_from DATE, number DECIMAL(18, 4), items VARCHAR[], text VARCHAR)"""

# The values arrive as text (``number`` exactly as the YAML's Decimal prints) and DuckDB casts them.
_VALUE_ROWS = pa.schema([("parameter", pa.string()), ("keyed_by", pa.string()), ("key", pa.string()),
                         ("effective_from", pa.date32()), ("number", pa.string()),
                         ("items", pa.list_(pa.string())), ("text", pa.string())])
_INSERT_VALUES = """INSERT INTO _rules_values SELECT parameter, keyed_by, key, effective_from,
    number::DECIMAL(18, 4), items, text FROM _rules_value_rows"""

_PARAMS = """CREATE OR REPLACE TEMP TABLE _rules_params AS
WITH in_force AS (
    SELECT * FROM _rules_values WHERE effective_from <= $as_of
    QUALIFY effective_from = max(effective_from) OVER (PARTITION BY parameter, key))
SELECT h.household_id, v.parameter, v.keyed_by, v.key, v.effective_from, v.number, v.items, v.text
FROM stg_households h JOIN in_force v ON CASE v.keyed_by
    WHEN 'region' THEN v.key IN (h.region_code, left(h.region_code, 4) || '00', left(h.region_code, 2) || '0000')
    WHEN 'category' THEN v.key = h.category
    ELSE v.key IS NULL END
QUALIFY row_number() OVER (PARTITION BY h.household_id, v.parameter
    ORDER BY v.key = h.region_code DESC, v.key = left(h.region_code, 4) || '00' DESC) = 1"""

_SIZE = """CREATE OR REPLACE TEMP TABLE _rules_size AS
SELECT h.household_id, count(m.member_no) AS n
FROM stg_households h LEFT JOIN stg_members m ON m.household_id = h.household_id
GROUP BY h.household_id"""

_LINKS = """CREATE OR REPLACE TEMP TABLE _rules_links AS
SELECT source, record_id, household_id, member_no, method, score, decision FROM links
QUALIFY row_number() OVER (PARTITION BY source, record_id, household_id
    ORDER BY decision = 'auto' DESC, score DESC, member_no) = 1"""


def build_work_tables(con: duckdb.DuckDBPyConnection, rule_set: RuleSet, as_of: date, hr: bool,
                      latest_hr_period: str | None = None) -> None:
    """Create the shared working tables for an evaluation on ``as_of``; with ``hr`` among the
    sources, its latest period is ``latest_hr_period`` or else the latest in ``stg_hr``."""
    con.execute(_VALUES)
    rows = [(name, parameter.by, key, effective_from, *_columns(value))
            for name, parameter in rule_set.parameters.items()
            for key, effective_from, value in parameter.rows()]
    con.register("_rules_value_rows", pa.table(list(zip(*rows)) if rows else [[]] * 7, schema=_VALUE_ROWS))
    try:
        con.execute(_INSERT_VALUES)
    finally:
        con.unregister("_rules_value_rows")
    con.execute(_PARAMS, {"as_of": as_of})
    con.execute(_SIZE)
    con.execute(_LINKS)
    latest = LATEST_HR if hr and latest_hr_period is None else \
        "SELECT $period::VARCHAR AS period"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _rules_latest_hr AS {latest}",
                {"period": latest_hr_period} if "$period" in latest else None)


def latest_hr_period(con: duckdb.DuckDBPyConnection) -> str | None:
    """The latest period in ``stg_hr`` (None when it has no rows): what a caller judging part of
    the file passes to ``evaluate`` so every part reads the file's latest period."""
    return con.execute(LATEST_HR).fetchall()[0][0]


def drop_work_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the working tables so only the documented outputs remain."""
    for table in WORK_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _columns(value: Decimal | tuple[str, ...]) -> tuple[str | None, list[str] | None, str]:
    """(number, items, text) columns of one parameter value."""
    if isinstance(value, tuple):
        return None, list(value), "、".join(value)
    return format(value, "f"), None, str(value)
