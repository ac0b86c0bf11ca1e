"""Hashed blocking keys: how one household's candidates are found in a few row groups.

A run keeps every person's and every member's blocking keys as one 64-bit
hash per (block, value) — ``match_person_keys (key, p_id)`` and
``match_member_keys (key, m_id)``, sorted by ``key``. An integer column
sorted like this has exact zone maps, so a lookup of a household's few keys
(``key IN (…)``, written out as constants) reads one row group per key,
where a join, or a string column whose zone maps keep only 8 bytes of each
value, reads most of the table. The hashes only narrow the search: the block
conditions themselves (``candidates.blocks_sql``) are applied afterwards to
the rows found, so a collision can add a row to look at, never a link.

The keys are a superset of every block: a person and a member that share a
block, and that the owner refusals let be paired, share its key. Each hash
names its block (``hash('id', …)``), and a key is written only when all its
values are present (``=`` never joins nulls).
DuckDB's ``hash`` may change between DuckDB releases, so the run keeps a probe
(``match_key_hash``) that a reader compares with its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class BlockKey:
    """One blocking key: its name, its columns on the person and the member side, when a person
    carries it (a member always does, when the values are present), and whether the owner
    refusals (``safety.FREE``) decide who it may pair."""

    kind: str
    person: tuple[str, ...]
    member: tuple[str, ...]
    person_when: str = "true"
    refusable: bool = False


# The blocks of candidates.blocks_sql, in its order: ID, ID prefix, name sound within a region, name sound
# with a birth date, and the name alone (only a person without an ID is compared by name alone).
KEYS = (
    BlockKey("id", ("id_cand",), ("id_cand",)),
    BlockKey("prefix", ("prefix14",), ("prefix14",), refusable=True),
    BlockKey("sound_region", ("sound", "region5"), ("sound", "region5"), refusable=True),
    BlockKey("sound_birth", ("sound", "id_birth8"), ("sound", "birth8"), refusable=True),
    BlockKey("name", ("name_text",), ("name_text",), person_when="id_cand IS NULL"),
)

# Who the owner refusals let a refusable block pair, as (person class, when a person is in it, member
# class, when a member is in it): a person whose ID no one holds (``free``) any member; one whose ID
# another hukou person holds (``other``) only members without a valid ID; one whose ID a member holds no
# one. A refusable key hashes both classes, so a person and a member share it only when they may pair.
PAIRINGS = (("free", "owner IS NULL", "valid", "id_norm IS NOT NULL"),
            ("free", "owner IS NULL", "none", "id_norm IS NULL"),
            ("other", "owner = 'other'", "none", "id_norm IS NULL"))

PROBE_SQL = "SELECT hash('hecha key probe') AS probe"


def keys_sql(table: str, side: str, carry: str = "") -> str:
    """SQL for ``(key)`` of every blocking key the rows of ``table`` carry, as persons
    (``side="person"``: columns ``owner``, ``id_cand`` …) or as members (``"member"``: ``id_norm``
    …). A person and a member that a block pairs share one of these keys. ``carry``: columns to
    select beside the key (``", p_id"``)."""
    parts = []
    for k in KEYS:
        columns = getattr(k, side)
        where = " AND ".join([f"{c} IS NOT NULL" for c in columns] + ([k.person_when] if side == "person" else []))
        values = ", ".join(columns)
        if not k.refusable:
            parts.append(f"SELECT hash('{k.kind}', {values}) AS key{carry} FROM {table} WHERE {where}")
        for person_class, person_when, member_class, member_when in PAIRINGS if k.refusable else ():
            when = person_when if side == "person" else member_when
            parts.append(f"SELECT hash('{k.kind}', '{person_class}', '{member_class}', {values}) AS key{carry} "
                         f"FROM {table} WHERE {where} AND {when}")
    return " UNION ALL ".join(parts)


def person_keys_sql(persons: str) -> str:
    """SQL for ``(key, p_id)`` of the persons of ``persons``, sorted by key (``match_person_keys``)."""
    return f"SELECT * FROM ({keys_sql(persons, 'person', ', p_id')}) ORDER BY key, p_id"


def member_keys_sql(members: str) -> str:
    """SQL for ``(key, m_id)`` of the members of ``members``, sorted by key (``match_member_keys``)."""
    return f"SELECT * FROM ({keys_sql(members, 'member', ', m_id')}) ORDER BY key, m_id"


def id_keys_sql(table: str, column: str, carry: str = "") -> str:
    """SQL for ``(key)``: the ID key of every ID in ``column`` of ``table`` (``carry`` as for
    ``keys_sql``); a valid ID's key finds the persons and members whose ``id_cand`` it is."""
    return f"SELECT hash('id', {column}) AS key{carry} FROM {table} WHERE {column} IS NOT NULL"


def found(con: duckdb.DuckDBPyConnection, keys_table: str, id_column: str, keys_query: str) -> list[int]:
    """The ids (``p_id`` or ``m_id``) of ``keys_table`` under any key that ``keys_query`` returns."""
    keys = [row[0] for row in con.execute(f"SELECT DISTINCT key FROM ({keys_query})").fetchall()]
    if not keys:
        return []
    rows = con.execute(f"SELECT DISTINCT {id_column} FROM {keys_table} WHERE key IN ({_integers(keys)})")
    return sorted(row[0] for row in rows.fetchall())


def in_list(column: str, values: Iterable[int]) -> str:
    """SQL ``column IN (…)`` over integer constants (false for none): constants let the zone maps prune."""
    values = list(values)
    return f"{column} IN ({_integers(values)})" if values else "false"


def _integers(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def same_hash(con: duckdb.DuckDBPyConnection, probe_table: str) -> bool:
    """Whether the kept keys in ``probe_table`` were hashed as this DuckDB hashes."""
    try:
        kept = con.execute(f"SELECT probe FROM {probe_table}").fetchall()
    except duckdb.CatalogException:
        return False
    return kept == con.execute(PROBE_SQL).fetchall()
