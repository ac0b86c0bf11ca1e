"""Case fingerprints: one hash of the evidence a flag rests on (interface contract §5).

What goes in, for a case (household_id, rule_id):
- the flag's ``value`` and ``threshold`` (exact decimal text);
- every evidence record, as ``source:record_id@member_no`` (the record and the
  member it is linked to) with a hash of the record's content: every staged
  contract column of the record (``stg_<source>``; for ``IDENTITY_UNVERIFIED``
  the member's row of ``stg_members``) by column name, NULL marked apart from
  text, the file's row number ``_row`` left out (moving a row changes nothing).

The link's score, method and decision are left out: the weights are learned
afresh every run, and a case must not reopen because a score moved in the
fourth decimal. SHA-256 over UTF-8 text of DuckDB's canonical casts (decimals
as ``12345.60``, dates as ``YYYY-MM-DD``) gives the same fingerprint on any
machine. ``record_hashes`` keeps each record's part so that a reopened case
can say which records are new, gone or changed.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

_COLUMNS = """SELECT column_name FROM information_schema.columns
WHERE table_schema = 'main' AND table_name = ? AND column_name <> '_row' ORDER BY column_name"""

RECORD_CONTENT = """SELECT '{source}' AS source, CAST({key} AS VARCHAR) AS record_id, {household} AS household_id,
       sha256(concat_ws(chr(31), {fields})) AS content
FROM stg_{source}
WHERE CAST({key} AS VARCHAR) IN (SELECT record_id FROM evidence WHERE source = '{source}')"""

CASE_FINGERPRINTS = """WITH records AS ({records}),
items AS (
    SELECT e.household_id, e.rule_id,
           e.source || ':' || e.record_id || '@' || coalesce(CAST(e.member_no AS VARCHAR), '') || '='
               || coalesce(left(r.content, 16), 'absent') AS item
    FROM evidence e LEFT JOIN records r
      ON r.source = e.source AND r.record_id = e.record_id AND coalesce(r.household_id, e.household_id) = e.household_id
),
cases AS (
    SELECT f.household_id, f.rule_id, f.value, f.threshold,
           coalesce(string_agg(DISTINCT i.item, ';' ORDER BY i.item), '') AS record_hashes
    FROM flags f LEFT JOIN items i USING (household_id, rule_id)
    GROUP BY ALL
)
SELECT household_id, rule_id, record_hashes,
       sha256(concat_ws(chr(31), household_id, rule_id, coalesce(value, ''), coalesce(threshold, ''), record_hashes))
           AS fingerprint
FROM cases ORDER BY household_id, rule_id"""


def _field(column: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    return (f"CASE WHEN {quoted} IS NULL THEN '{column}!' "
            f"ELSE '{column}=' || CAST({quoted} AS VARCHAR) END")


def _record_content(con: duckdb.DuckDBPyConnection, source: str) -> str:
    """The content-hash query of one staged source (members are keyed by household too)."""
    columns = [row[0] for row in con.execute(_COLUMNS, [f"stg_{source}"]).fetchall()]
    members = source == "members"
    return RECORD_CONTENT.format(
        source=source, key="member_no" if members else "record_id",
        household="household_id" if members else "CAST(NULL AS VARCHAR)",
        fields=", ".join(_field(c) for c in columns),
    )


def case_fingerprints(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> pd.DataFrame:
    """``household_id, rule_id, record_hashes, fingerprint`` for every row of ``flags``.

    Reads ``flags`` and ``evidence`` (docs/pipeline.md §3) and the staged
    tables ``stg_<source>`` of the evidence's sources, ``stg_members`` included.
    """
    present = {row[0] for row in con.execute("SELECT DISTINCT source FROM evidence").fetchall()}
    wanted = [s for s in ("members", *sources) if s in present]
    records = " UNION ALL ".join(_record_content(con, s) for s in wanted) or (
        "SELECT NULL::VARCHAR AS source, NULL::VARCHAR AS record_id, NULL::VARCHAR AS household_id, "
        "NULL::VARCHAR AS content WHERE false")
    return con.sql(CASE_FINGERPRINTS.format(records=records)).to_arrow_table().to_pandas()
