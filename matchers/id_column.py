"""Resident-ID normalisation of a whole column at once, in DuckDB SQL.

``normalize_id`` stays the reference for a single value. At province scale a
Python call per distinct ID dominated the linker, so this module computes the
same result for every distinct raw ID in one SQL pass: full-width forms to
ASCII, ``×`` to ``X``, a float export's ``.0`` cut, everything but letters and
digits out, upper case, 15 → 18 digits, the province prefix, the MOD 11-2 check
digit as a weighted sum of 17 characters, the birth date (1850 to the as-of
date) through ``try_strptime``. NFKC can do more than a character map only for
characters outside ASCII, the full-width forms, the ideographic space and ``×``;
the few raw IDs holding such characters go through ``normalize_id`` itself.
Tests hold both paths equal on generated junk.
"""

from __future__ import annotations

import datetime as dt
import string

import duckdb
import pyarrow as pa

from .ids import CHECK_CHARS, EARLIEST_BIRTH_YEAR, PROVINCES, WEIGHTS, normalize_id

_ALNUM = string.digits + string.ascii_uppercase + string.ascii_lowercase
# Full-width letters, digits and full stop to ASCII (as NFKC does), and × to X.
_FROM = "".join(chr(ord(ch) + 0xFEE0) for ch in _ALNUM) + "\uff0e\u00d7"
_TO = _ALNUM + ".X"
# Raw IDs on which NFKC acts as a per-character map to ASCII (or leaves them be).
SIMPLE_PATTERN = r"[\x00-\x7F\x{00D7}\x{3000}\x{FF01}-\x{FF5E}]*"
# A raw ID already in its final form (most are): the cleaning steps are skipped for it.
_CLEAN = "[0-9]{17}[0-9X]"
_PROVINCE_LIST = ", ".join(f"'{code}'" for code in sorted(PROVINCES))


def check_sql(number: str) -> str:
    """SQL for the MOD 11-2 check character of 17 digits given as the BIGINT expression
    ``number``: each digit by integer division (ten times cheaper than a substring per digit)."""
    total = " + ".join(f"{w} * ({number} // {10 ** (16 - i)} % 10)" for i, w in enumerate(WEIGHTS))
    return f"'{CHECK_CHARS}'[({total}) % 11 + 1]"


def _simple_sql(raws: str, as_of: dt.date) -> str:
    """SQL normalising the raw IDs of table ``raws`` that match SIMPLE_PATTERN (those already
    clean without the cleaning steps)."""
    return f"""
    WITH kept AS (
        SELECT raw, clean FROM (SELECT raw, regexp_full_match(raw, '{_CLEAN}') AS clean FROM {raws})
        WHERE clean OR regexp_full_match(raw, '{SIMPLE_PATTERN}')),
    stripped AS (
        SELECT raw, clean,
               CASE WHEN NOT clean THEN regexp_replace(CASE WHEN strlen(raw) = length(raw) THEN raw
                                                            ELSE translate(raw, '{_FROM}', '{_TO}') END,
                                                       '[^0-9A-Za-z.]', '', 'g') END AS k
        FROM kept),
    cleaned AS (
        SELECT raw, clean,
               CASE WHEN clean THEN raw
                    ELSE upper(CASE WHEN regexp_full_match(k, '([0-9]{{15}}|[0-9]{{18}})\\.0')
                                    THEN k[1:-3] ELSE replace(k, '.', '') END) END AS c
        FROM stripped),
    shaped AS (
        SELECT raw, c, length(c) AS n,
               CASE WHEN clean THEN c[18] <> 'X' ELSE regexp_full_match(c, '[0-9]+') END AS digits,
               CASE WHEN clean THEN c[1:17]
                    WHEN length(c) = 15 AND digits THEN c[1:6] || '19' || c[7:15]
                    WHEN length(c) = 17 AND digits THEN c
                    WHEN length(c) = 18 AND regexp_full_match(c, '[0-9]{{17}}[0-9X]') THEN c[1:17]
               END AS body
        FROM cleaned),
    numbered AS (SELECT *, body::BIGINT AS body_number FROM shaped),
    checked AS (
        SELECT raw, n = 15 AS id_legacy, body || {check_sql('body_number')} AS computed,
               CASE WHEN body IS NOT NULL AND n = 18 THEN c ELSE computed END AS id_cand,
               CASE WHEN c = '' THEN 'missing'
                    WHEN n = 15 AND NOT digits THEN 'bad characters'
                    WHEN n = 17 AND digits THEN 'missing check digit'
                    WHEN n NOT IN (15, 18) THEN 'wrong length'
                    WHEN body IS NULL THEN 'bad characters'
                    WHEN id_cand[1:2] NOT IN ({_PROVINCE_LIST}) THEN 'unknown province code'
                    WHEN coalesce(NOT try_strptime(id_cand[7:14], '%Y%m%d')::DATE BETWEEN
                         DATE '{EARLIEST_BIRTH_YEAR}-01-01' AND DATE '{as_of.isoformat()}', true)
                         THEN 'impossible birth date'
                    WHEN id_cand <> computed THEN 'check digit mismatch'
               END AS id_problem
        FROM numbered)
    SELECT raw, CASE WHEN id_problem IS NULL THEN id_cand END AS id_norm, id_cand,
           id_legacy, id_problem
    FROM checked"""


def _rare_ids(con: duckdb.DuckDBPyConnection, raws: str, as_of: dt.date, every: bool = False) -> pa.Table:
    """The raw IDs outside SIMPLE_PATTERN (``every``: all of them), normalised by ``normalize_id``."""
    where = "" if every else f" WHERE NOT regexp_full_match(raw, '{SIMPLE_PATTERN}')"
    values = con.sql(f"SELECT raw FROM {raws}{where}").to_arrow_table().column(0).to_pylist()
    results = [normalize_id(r, as_of) for r in values]
    return pa.table({
        "raw": pa.array(values, pa.string()),
        "id_norm": pa.array([r.value for r in results], pa.string()),
        "id_cand": pa.array([r.candidate for r in results], pa.string()),
        "id_legacy": pa.array([r.legacy for r in results], pa.bool_()),
        "id_problem": pa.array([r.problem for r in results], pa.string()),
    })


def normalize_id_column(con: duckdb.DuckDBPyConnection, raws_sql: str, table: str,
                        derived: str = "", as_of: dt.date | None = None, few: bool = False) -> None:
    """Write the temporary ``table`` (raw, id_norm, id_cand, id_legacy, id_problem and the
    ``derived`` SELECT-list columns): every distinct non-null value of the
    one-column query ``raws_sql``, normalised exactly as ``normalize_id(raw, as_of)``
    would (``as_of`` defaults to today). ``few``: a handful of IDs, all normalised in
    Python (planning the vectorised SQL costs more than running it on a few rows)."""
    as_of = as_of or dt.date.today()
    con.execute(f"CREATE OR REPLACE TEMP TABLE _m_id_raw AS "
                f"SELECT DISTINCT raw FROM ({raws_sql}) t(raw) WHERE raw IS NOT NULL")
    con.register("_m_id_rare", _rare_ids(con, "_m_id_raw", as_of, every=few))
    simple = "" if few else f"{_simple_sql('_m_id_raw', as_of)} UNION ALL "
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT *{derived} FROM "
                f"({simple}SELECT * FROM _m_id_rare)")
    con.unregister("_m_id_rare")
    con.execute("DROP TABLE _m_id_raw")
