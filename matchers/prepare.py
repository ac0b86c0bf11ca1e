"""Key tables for linking: members and distinct agency persons, normalised once.

Agency sources repeat the same person many times (hr has one row per month),
so the linker works on distinct (id_number, name, former_name) triples across
all sources. IDs and names are normalised in Python over *distinct* values
only, then joined back in DuckDB. Tables written (dropped by the linker):
``_m_member`` (m_id), ``_m_person`` (p_id; ``owner`` is ``member`` when its
valid ID is a member's, ``other`` when it is another ``hukou`` person's) and
``_m_record`` (source, record_id → p_id).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import duckdb
import pyarrow as pa

from .ids import normalize_id
from .names import normalize_name

def _column(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    """Run a one-column query and return its values as a Python list."""
    return con.sql(sql).to_arrow_table().column(0).to_pylist()


def _materialise(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, derived: str = "") -> None:
    """Copy an Arrow table into a DuckDB table of that name, with ``derived`` columns."""
    con.register("_m_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT *{derived} FROM _m_arrow")
    con.unregister("_m_arrow")


def _id_dictionary(raws: Iterable[str]) -> pa.Table:
    """Normalise each distinct raw ID once."""
    raws = list(raws)
    results = [normalize_id(r) for r in raws]
    return pa.table({
        "raw": pa.array(raws, pa.string()),
        "id_norm": [r.value for r in results],
        "id_cand": [r.candidate for r in results],
        "id_legacy": [r.legacy for r in results],
        "id_problem": [r.problem for r in results],
    })


def _name_dictionary(raws: Iterable[str]) -> pa.Table:
    """Normalise each distinct raw name once: text, preferred sound, all sounds."""
    raws = list(raws)
    keys = [normalize_name(r) for r in raws]
    return pa.table({
        "raw": pa.array(raws, pa.string()),
        "name_text": [k.text for k in keys],
        "sound": [k.sound for k in keys],
        "sounds": pa.array([sorted(k.sounds) for k in keys], pa.list_(pa.string())),
    })


def _person_sql(sources: Sequence[str]) -> str:
    """SQL for the distinct agency persons across the given sources, numbered by p_id."""
    parts = [
        f"SELECT DISTINCT id_number, name, "
        f"{'former_name' if s == 'hukou' else 'NULL::VARCHAR'} AS former_name FROM stg_{s}"
        for s in sources
    ]
    return f"SELECT (row_number() OVER (ORDER BY id_number, name, former_name) - 1)::BIGINT AS p_id, * FROM ({' UNION '.join(parts)})"


# Computed once per distinct ID: the parts that blocking and comparisons use.
_ID_DERIVED = """,
    id_cand[1:5] AS region5, id_cand[1:14] AS prefix14, id_cand[1:17] AS first17,
    CASE WHEN id_problem IS DISTINCT FROM 'impossible birth date' THEN id_cand[7:14] END AS id_birth8,
    CASE WHEN id_cand IS NOT NULL THEN (id_cand[17]::INT % 2)::VARCHAR END AS id_gender"""
_KEY_COLUMNS = """d.id_norm, d.id_cand, d.id_legacy, d.id_problem, d.region5,
    d.prefix14, d.first17, d.id_birth8, d.id_gender, n.name_text, n.sound, n.sounds"""


def _build_members(con: duckdb.DuckDBPyConnection) -> None:
    """``_m_member``: members with their keys; the stated birth date and gender win."""
    con.execute(f"""
        CREATE OR REPLACE TABLE _m_member AS
        SELECT (row_number() OVER (ORDER BY household_id, member_no) - 1)::BIGINT AS m_id,
               household_id, member_no, trim(s.id_number) AS id_raw, {_KEY_COLUMNS},
               coalesce(strftime(s.birth_date, '%Y%m%d'), d.id_birth8) AS birth8,
               coalesce(CASE s.gender WHEN '男' THEN '1' WHEN '女' THEN '0' END, d.id_gender) AS gender
        FROM stg_members s LEFT JOIN _m_ids d ON d.raw = s.id_number
        LEFT JOIN _m_names n ON n.raw = s.name""")


def _build_persons(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """``_m_person``: distinct agency persons with their keys and the ``owner`` of their ID."""
    hukou = ("SELECT DISTINCT d.id_norm FROM (SELECT DISTINCT id_number FROM stg_hukou) h "
             "JOIN _m_ids d ON d.raw = h.id_number") if "hukou" in sources else "SELECT NULL AS id_norm"
    con.execute(f"""
        CREATE OR REPLACE TABLE _m_person AS
        SELECT r.p_id, r.id_number AS id_raw_full, trim(r.id_number) AS id_raw, r.name AS name_raw,
               r.former_name AS former_raw, {_KEY_COLUMNS}, f.name_text AS former_text,
               CASE WHEN own.id_norm IS NOT NULL THEN 'member' WHEN hk.id_norm IS NOT NULL THEN 'other'
               END AS owner
        FROM _m_person_raw r LEFT JOIN _m_ids d ON d.raw = r.id_number
        LEFT JOIN _m_names n ON n.raw = r.name LEFT JOIN _m_names f ON f.raw = r.former_name
        LEFT JOIN (SELECT DISTINCT id_norm FROM _m_member) own ON own.id_norm = d.id_norm
        LEFT JOIN ({hukou}) hk ON hk.id_norm = d.id_norm""")


def build_keys(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """Write ``_m_member``, ``_m_person`` and ``_m_record`` into ``con``."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _m_person_raw AS {_person_sql(sources)}")
    ids = _column(con, "SELECT id_number FROM _m_person_raw UNION SELECT id_number FROM stg_members")
    names = _column(con, "SELECT name FROM _m_person_raw UNION SELECT former_name FROM _m_person_raw "
                         "UNION SELECT name FROM stg_members")
    _materialise(con, "_m_ids", _id_dictionary(i for i in ids if i is not None), _ID_DERIVED)
    _materialise(con, "_m_names", _name_dictionary(n for n in names if n is not None))
    _build_members(con)
    _build_persons(con, sources)
    _record_map(con, sources)


def _record_map(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """Map every agency record to its distinct person (null-safe join on raw values)."""
    parts = [
        f"SELECT '{s}' AS source, record_id, id_number, name, "
        f"{'former_name' if s == 'hukou' else 'NULL::VARCHAR'} AS former_name FROM stg_{s}"
        for s in sources
    ]
    con.execute(f"""
        CREATE OR REPLACE TABLE _m_record AS
        SELECT r.source, r.record_id, p.p_id
        FROM ({' UNION ALL '.join(parts)}) r JOIN _m_person p
          ON r.id_number IS NOT DISTINCT FROM p.id_raw_full AND r.name IS NOT DISTINCT FROM p.name_raw
         AND r.former_name IS NOT DISTINCT FROM p.former_raw""")
