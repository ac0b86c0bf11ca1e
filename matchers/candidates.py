"""Blocking and comparison levels, all in DuckDB SQL.

Candidate (person, member) pairs come only from blocking keys that survive an
ID typo — the same cleaned ID, the same region+birth prefix, the same name
sound within a region or a birth date — never from all pairs. A person whose
valid ID is a member's is compared with that member only; one whose ID belongs
to another real person (in ``hukou``) is not compared with members holding a
valid ID. The region key keeps 5 digits so that a swap across the region/birth
boundary still shares a block with the name sound. Which pairs the fuzzy blocks
may not compare is the refusals' to say (``safety.py``). Each pair gets one
level per comparison (``comparisons.py``), computed once here.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from .comparisons import levels_sql
from .safety import FREE, TOO_MANY_NAMESAKES


def name_block_sql(members: str, max_name_block: int) -> str:
    """SQL for the names the name-only block may use: those at most ``max_name_block`` of ``members`` carry."""
    return f"SELECT name_text FROM {members} GROUP BY name_text HAVING count(*) <= {int(max_name_block)}"


def block_conditions(names: str | None, free: str = FREE) -> list[str]:
    """The conditions of the blocking keys on person ``p`` and member ``m``; the
    name-only block holds the names of query ``names`` (any name when None)."""
    return [
        "p.id_cand = m.id_cand",
        f"p.prefix14 = m.prefix14 AND {free}",
        f"p.sound = m.sound AND p.region5 = m.region5 AND {free}",
        f"p.sound = m.sound AND p.id_birth8 = m.birth8 AND {free}",
        "p.name_text = m.name_text AND p.id_cand IS NULL"
        + (f" AND {TOO_MANY_NAMESAKES.allows.format(names=names)}" if names is not None else ""),
    ]


def blocks_sql(names: str | None, free: str = FREE) -> list[str]:
    """The join conditions (``ON …``) of the blocking keys, person ``p`` to member ``m``."""
    return [f"ON {condition}" for condition in block_conditions(names, free)]


def build_pairs(con: duckdb.DuckDBPyConnection, name_similarity: float, max_name_block: int,
                persons: str = "_m_person", members: str = "_m_member", target: str = "_m_pairs",
                names: str | None = None, blocks: Sequence[int] | None = None) -> None:
    """Write ``target`` (p_id, m_id, the person's valid ID, whether its ID is
    implausible, and every comparison's level) from the blocking keys of ``persons`` × ``members``:
    each pair once, however many blocks found it, and its levels computed once. ``names``:
    the names the name-only block may use (default: those few of ``members`` carry);
    ``blocks``: which of ``blocks_sql``'s blocks to join by (default every one; the Spark
    engine joins each group of blocks in the partitions of its key)."""
    every = blocks_sql(names or name_block_sql(members, max_name_block))
    chosen = every if blocks is None else [every[i] for i in blocks]
    blocked = " UNION ".join(f"SELECT p.p_id, m.m_id FROM {persons} p JOIN {members} m {block}"
                             for block in chosen)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {target} AS
        SELECT p.p_id, m.m_id, p.id_norm AS p_id_norm, p.id_implausible AS p_implausible,
               {levels_sql(name_similarity)}
        FROM ({blocked}) b JOIN {persons} p USING (p_id) JOIN {members} m USING (m_id)""")


def random_pair_levels(n: int, name_similarity: float) -> str:
    """SQL counting the levels of ``n`` reproducible random (person, member) pairs."""
    return f"""
        WITH r AS (SELECT range AS k FROM range({int(n)})),
        counts AS (SELECT (SELECT count(*) FROM _m_member) AS cm,
                          (SELECT count(*) FROM _m_person) AS cp)
        SELECT {levels_sql(name_similarity)}
        FROM r CROSS JOIN counts
        JOIN _m_member m ON m.m_id = hash(r.k, 'member') % counts.cm
        JOIN _m_person p ON p.p_id = hash(r.k, 'person') % counts.cp"""


NEIGHBOUR_PAIRS_SQL = """
    SELECT count(*) FROM _m_person p JOIN _m_member m ON p.prefix14 = m.prefix14
    WHERE p.id_norm IS NOT NULL AND m.id_norm IS NOT NULL AND p.id_cand <> m.id_cand"""
