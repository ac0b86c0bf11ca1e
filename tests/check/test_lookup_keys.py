"""The kept hashed keys (``matchers/lookup.py``) find every row the blocks would: a check that
looks a household up by its keys sees each person and member a run's full join would pair it with.

Compared on the generated drop's data run, over every registered member and agency person: the
pairs of the blocking conditions themselves (owner refusals included), joined over the whole
kept tables, against the pairs the keys find. A collision may add pairs; none may be missing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from matchers.candidates import blocks_sql
from matchers.lookup import id_keys_sql, keys_sql, same_hash

_BLOCKED = " UNION ".join(f"SELECT p.p_id, m.m_id FROM match_persons p JOIN match_members m {block}"
                          for block in blocks_sql(None))


@pytest.fixture(scope="module")
def data_run(checked_root: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(checked_root / "hecha-data-run.duckdb"), read_only=True) as con:
        yield con


def _pairs(con: duckdb.DuckDBPyConnection, sql: str) -> set[tuple[int, int]]:
    return set(con.execute(sql).fetchall())


def _found_pairs(con: duckdb.DuckDBPyConnection, keys_query: str, side: str) -> set[tuple[int, int]]:
    """(p_id, m_id) pairs the ``side`` ('person' or 'member') rows of ``keys_query`` find in the
    other side's kept keys."""
    if side == "member":
        return _pairs(con, f"SELECT DISTINCT k.p_id, a.m_id FROM ({keys_query}) a JOIN match_person_keys k USING (key)")
    return _pairs(con, f"SELECT DISTINCT a.p_id, k.m_id FROM ({keys_query}) a JOIN match_member_keys k USING (key)")


def test_the_blocks_pair_persons_with_members_in_this_drop(data_run: duckdb.DuckDBPyConnection) -> None:
    assert len(_pairs(data_run, _BLOCKED)) > 300


def test_a_members_keys_find_every_person_a_block_pairs_it_with(data_run: duckdb.DuckDBPyConnection) -> None:
    found = _found_pairs(data_run, keys_sql("match_members", "member", ", m_id"), "member")
    missing = _pairs(data_run, _BLOCKED) - found
    assert not missing, f"{len(missing)} blocked pairs the keys do not find, e.g. {sorted(missing)[:5]}"


def test_a_persons_keys_find_every_member_a_block_pairs_it_with(data_run: duckdb.DuckDBPyConnection) -> None:
    found = _found_pairs(data_run, keys_sql("match_persons", "person", ", p_id"), "person")
    missing = _pairs(data_run, _BLOCKED) - found
    assert not missing, f"{len(missing)} blocked pairs the keys do not find, e.g. {sorted(missing)[:5]}"


def test_a_persons_id_finds_every_member_holding_it(data_run: duckdb.DuckDBPyConnection) -> None:
    wanted = _pairs(data_run, "SELECT p.p_id, m.m_id FROM match_persons p JOIN match_members m USING (id_norm)")
    found = _found_pairs(data_run, id_keys_sql("match_persons", "id_cand", ", p_id"), "person")
    assert wanted and not wanted - found


def test_the_name_of_a_person_without_an_id_finds_every_namesake(data_run: duckdb.DuckDBPyConnection) -> None:
    wanted = _pairs(data_run, """SELECT p.p_id, m.m_id FROM match_persons p JOIN match_members m USING (name_text)
                                 WHERE p.id_cand IS NULL""")
    found = _found_pairs(data_run, keys_sql("match_persons", "person", ", p_id"), "person")
    assert not wanted - found


def test_a_members_id_finds_every_person_holding_it(data_run: duckdb.DuckDBPyConnection) -> None:
    wanted = _pairs(data_run, "SELECT p.p_id, m.m_id FROM match_persons p JOIN match_members m USING (id_norm)")
    found = _found_pairs(data_run, id_keys_sql("match_members", "id_norm", ", m_id"), "member")
    assert wanted and not wanted - found


def test_the_data_run_was_hashed_as_this_duckdb_hashes(data_run: duckdb.DuckDBPyConnection) -> None:
    assert same_hash(data_run, "match_key_hash")
    assert not same_hash(data_run, "no_such_table")
