"""Key tables for linking: members and distinct agency persons, normalised once.

Agency sources repeat the same person many times (hr has one row per month),
so the linker works on distinct (id_number, name, former_name) triples across
all sources, numbered in sort order, each with a 64-bit hash of the triple. IDs
are normalised in one SQL pass over the distinct raw IDs (``id_column``), names
in Python over the distinct raw names (``name_column``, in a thread while DuckDB
works on the records and the IDs), then joined back in DuckDB. Tables written:
``_m_member`` (m_id; temporary) and ``_m_person`` (p_id, sorted by it and kept as
``match_persons``; only the keys blocking, comparisons and links read; ``owner``
is ``member`` when its valid ID is a member's, ``other`` when it is another
``hukou`` person's, both found in one lookup of the members' and hukou's valid
IDs; ``id_implausible`` when its ID holds its check digit but not a province
code or a birth date up to the as-of date: made, not mistyped). ``_m_records``
maps every agency record to its person (joined on the hash when no two persons
share one, else null-safe on the raw values; sorted by p_id, so the records of
a few persons are read without scanning the agency tables).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import duckdb

from .id_column import check_sql, normalize_id_column
from .name_column import distinct_names, name_tables, normalize_name_column, store_names
from .storage import compact_strings
from .timing import timed


def records_sql(sources: Sequence[str]) -> str:
    """SQL for every agency record: source, record_id, its file row and its person columns as received."""
    return " UNION ALL ".join(
        f"SELECT '{s}' AS source, record_id, _row, id_number, name, "
        f"{'former_name' if s == 'hukou' else 'NULL::VARCHAR'} AS former_name FROM stg_{s}"
        for s in sources)


# A person's three raw columns hashed into one integer: the record → person map joins on it when no two
# persons share a hash (checked each run), instead of comparing three strings per record.
_PERSON_HASH = "hash({t}id_number, {t}name, {t}former_name)"


def _person_sql(sources: Sequence[str]) -> str:
    """SQL for the distinct agency persons across the given sources, numbered by p_id, with their hash."""
    return (f"SELECT (row_number() OVER (ORDER BY id_number, name, former_name) - 1)::BIGINT AS p_id, *, "
            f"{_PERSON_HASH.format(t='')} AS p_hash "
            f"FROM (SELECT DISTINCT id_number, name, former_name FROM ({records_sql(sources)}))")


_HASH_UNIQUE = "SELECT count(DISTINCT p_hash) = count(*) FROM _m_person_raw"
_BY_HASH = f"{_PERSON_HASH.format(t='r.')} = p.p_hash"
_BY_VALUES = ("r.id_number IS NOT DISTINCT FROM p.id_number AND r.name IS NOT DISTINCT FROM p.name "
              "AND r.former_name IS NOT DISTINCT FROM p.former_name")


def _records_sql(sources: Sequence[str], by_hash: bool) -> str:
    """SQL for every agency record with the person it is counted as, sorted by p_id: joined on the
    persons' hash (``by_hash``: no two share one) or null-safe on the raw values."""
    return (f"SELECT p.p_id, r.source, r.record_id, r._row FROM ({records_sql(sources)}) r JOIN _m_person_raw p "
            f"ON {_BY_HASH if by_hash else _BY_VALUES} ORDER BY p.p_id")


# Computed once per distinct ID: the parts that blocking and comparisons use.
_ID_DERIVED = f""",
    id_cand[1:5] AS region5, id_cand[1:14] AS prefix14, id_cand[1:17] AS first17,
    CASE WHEN id_problem IS DISTINCT FROM 'impossible birth date' THEN id_cand[7:14] END AS id_birth8,
    CASE WHEN id_cand IS NOT NULL THEN (id_cand[17]::INT % 2)::VARCHAR END AS id_gender,
    CASE WHEN NOT id_legacy AND id_problem IN ('unknown province code', 'impossible birth date')
         THEN id_cand[18] = {check_sql("id_cand[1:17]::BIGINT")} ELSE false END AS id_implausible"""
# The keys of a member; a person's are those the blocks and comparisons read (not why its ID is invalid).
_KEY_COLUMNS = """d.id_norm, d.id_cand, d.id_legacy, d.id_problem, d.id_implausible, d.region5,
    d.prefix14, d.first17, d.id_birth8, d.id_gender, n.name_text, n.sound, n.sounds"""
_PERSON_KEY_COLUMNS = _KEY_COLUMNS.replace("d.id_legacy, d.id_problem, ", "")


def _build_members(con: duckdb.DuckDBPyConnection, members: str = "stg_members", ids: str = "_m_ids",
                   names: str = "_m_names", target: str = "_m_member", first_m_id: str = "0") -> None:
    """``target``: members with their keys, numbered from ``first_m_id`` (SQL);
    the stated birth date and gender win."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {target} AS
        SELECT (({first_m_id}) + row_number() OVER (ORDER BY household_id, member_no) - 1)::BIGINT AS m_id,
               household_id, member_no, trim(s.id_number) AS id_raw, {_KEY_COLUMNS},
               coalesce(strftime(s.birth_date, '%Y%m%d'), d.id_birth8) AS birth8,
               coalesce(CASE s.gender WHEN '男' THEN '1' WHEN '女' THEN '0' END, d.id_gender) AS gender
        FROM {members} s LEFT JOIN {ids} d ON d.raw = s.id_number
        LEFT JOIN {names} n ON n.raw = s.name""")


# Each valid ID held by a member or a hukou person, once, with whose it is: one lookup for the owner.
_MEMBER_IDS = "SELECT id_norm, true AS member FROM _m_member WHERE id_norm IS NOT NULL"
_HUKOU_IDS = ("SELECT d.id_norm, false AS member FROM (SELECT DISTINCT id_number FROM stg_hukou) h "
              "JOIN _m_ids d ON d.raw = h.id_number WHERE d.id_norm IS NOT NULL")
_HOLDERS = "SELECT id_norm, bool_or(member) AS member, bool_or(NOT member) AS in_hukou FROM ({ids}) GROUP BY id_norm"


def _build_persons(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """``_m_person``: distinct agency persons with their keys and the ``owner`` of their ID."""
    ids = f"{_MEMBER_IDS} UNION ALL {_HUKOU_IDS}" if "hukou" in sources else _MEMBER_IDS
    con.execute(f"""
        CREATE OR REPLACE TABLE _m_person AS
        SELECT r.p_id, trim(r.id_number) AS id_raw, {_PERSON_KEY_COLUMNS}, f.name_text AS former_text,
               CASE WHEN o.member THEN 'member' WHEN o.in_hukou THEN 'other' END AS owner,
               coalesce(o.in_hukou, false) AS id_in_hukou
        FROM _m_person_raw r LEFT JOIN _m_ids d ON d.raw = r.id_number
        LEFT JOIN _m_names n ON n.raw = r.name LEFT JOIN _m_names f ON f.raw = r.former_name
        LEFT JOIN ({_HOLDERS.format(ids=ids)}) o ON o.id_norm = d.id_norm
        ORDER BY r.p_id""")


_IDS_SQL = "SELECT id_number FROM _m_person_raw UNION ALL SELECT id_number FROM stg_members"
_NAMES_SQL = ("SELECT name FROM _m_person_raw UNION SELECT former_name FROM _m_person_raw "
              "UNION SELECT name FROM stg_members")


def distinct_persons(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> list[str]:
    """Write ``_m_person_raw`` (the distinct agency persons, numbered by p_id); return the
    distinct raw names of persons and members (``build_keys``' first step)."""
    with timed("keys.distinct_persons"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE _m_person_raw AS {_person_sql(sources)}")
        return distinct_names(con, _NAMES_SQL)


def record_persons(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """Write ``_m_records``: every agency record's person (``build_keys``' second step)."""
    with timed("keys.records"), compact_strings(con):
        by_hash = con.sql(_HASH_UNIQUE).fetchall()[0][0]
        con.execute(f"CREATE OR REPLACE TABLE _m_records AS {_records_sql(sources, by_hash)}")


def raw_ids_sql() -> str:
    """SQL for the raw IDs of the distinct persons and the members (``id_keys`` normalises them)."""
    return _IDS_SQL


def id_keys(con: duckdb.DuckDBPyConnection, raws_sql: str, target: str, as_of: dt.date | None) -> None:
    """Write ``target``: the ID keys (normalised ID, its parts for blocking) of the one-column query ``raws_sql``."""
    normalize_id_column(con, raws_sql, target, _ID_DERIVED, as_of)


def join_keys(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> None:
    """Write ``_m_member`` and ``_m_person`` from ``_m_ids`` and ``_m_names`` (``build_keys``' last step)."""
    with timed("keys.members"):
        _build_members(con)
    with timed("keys.persons"), compact_strings(con):
        _build_persons(con, sources)


def build_keys(con: duckdb.DuckDBPyConnection, sources: Sequence[str],
               as_of: dt.date | None = None) -> None:
    """Write ``_m_member``, ``_m_person`` and ``_m_records`` (p_id, source, record_id, _row)
    into ``con``; a birth date after ``as_of`` (default today) makes an ID invalid."""
    raw_names = distinct_persons(con, sources)
    with ThreadPoolExecutor(max_workers=1) as pool:
        names = pool.submit(name_tables, raw_names)  # Python, while DuckDB works on records and IDs
        record_persons(con, sources)
        with timed("keys.ids"):
            id_keys(con, _IDS_SQL, "_m_ids", as_of)
        with timed("keys.names"):
            store_names(con, names.result(), "_m_names")
    join_keys(con, sources)


def build_member_keys(con: duckdb.DuckDBPyConnection, members: str, target: str, first_m_id: str,
                      as_of: dt.date | None = None) -> None:
    """Write ``target``: the members of table ``members`` (staged columns) with the
    keys a run gives its members, numbered from ``first_m_id`` (SQL)."""
    normalize_id_column(con, f"SELECT id_number FROM {members}", "_c_ids", _ID_DERIVED, as_of, few=True)
    normalize_name_column(con, f"SELECT DISTINCT name FROM {members}", "_c_names")
    _build_members(con, members, "_c_ids", "_c_names", target, first_m_id)
    con.execute("DROP TABLE _c_ids")
    con.execute("DROP TABLE _c_names")
