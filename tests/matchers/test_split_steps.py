"""The matcher's steps as the Spark engine calls them give what ``link_records`` gives (DuckDB only).

The Spark engine runs ``build_pairs`` per group of blocks, learns the weights
from level patterns counted per partition, and scores in two halves
(``close_pairs`` per person, ``decide_pairs`` per member). Each seam is held
equal here to the local step it replaces, on a small staged warehouse with
typos, namesakes and missing IDs.
"""

from __future__ import annotations

from matcher_fixtures import background, stage

from matchers import MatchConfig
from matchers.candidates import blocks_sql, build_pairs
from matchers.comparisons import COMPARISONS
from matchers.frequency import MEMBER_TF_SQL, build_name_tf
from matchers.linker import close_pairs, decide_pairs, score_pairs
from matchers.prepare import build_keys
from matchers.weights import estimate, pattern_counts

MEMBERS, HUKOU, PUBLIC = background()
LEVELS = ", ".join(c.column for c in COMPARISONS)


def _typo(id18: str, pos: int) -> str:
    return id18[:pos] + str((int(id18[pos]) + 1) % 10) + id18[pos + 1:]


def _prepared():  # noqa: ANN202 - a DuckDB connection
    vehicles = [{"record_id": f"V{i}", "id_number": _typo(m["id_number"], 9) if i % 3 else m["id_number"],
                 "name": m["name"]} for i, m in enumerate(MEMBERS[:30])]
    vehicles += [{"record_id": f"N{i}", "id_number": "", "name": m["name"]} for i, m in enumerate(MEMBERS[30:40])]
    con = stage(MEMBERS, hukou=HUKOU + PUBLIC, vehicles=vehicles)
    build_keys(con, ["hukou", "vehicles"])
    return con, build_name_tf(con)


def _rows(con, table: str) -> list[tuple]:  # noqa: ANN001
    return con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_pairs_by_groups_of_blocks_are_the_pairs_of_every_block() -> None:
    con, _ = _prepared()
    config = MatchConfig()
    build_pairs(con, config.name_similarity, config.max_name_block)
    for i, blocks in enumerate([(0, 1), (2, 3), (4,)]):
        build_pairs(con, config.name_similarity, config.max_name_block, target=f"_g{i}", blocks=blocks)
    union = " UNION ".join(f"SELECT * FROM _g{i}" for i in range(3))
    assert len(blocks_sql(None)) == 5
    assert con.sql(f"SELECT * FROM ({union}) ORDER BY ALL").fetchall() == _rows(con, "_m_pairs")


def test_weights_from_counted_patterns_are_the_weights_from_the_pairs() -> None:
    con, _ = _prepared()
    config = MatchConfig()
    build_pairs(con, config.name_similarity, config.max_name_block)
    halves = [con.sql(f"SELECT {LEVELS}, count(*) FROM _m_pairs WHERE p_id % 2 = {k} GROUP BY ALL").fetchall()
              for k in (0, 1)]
    args = (config.random_pairs, config.name_similarity, config.em_iterations)
    assert estimate(con, *args, pattern_counts(halves[0] + halves[1])) == estimate(con, *args)


def test_scoring_in_two_halves_is_score_pairs() -> None:
    con, u_average = _prepared()
    config = MatchConfig()
    build_pairs(con, config.name_similarity, config.max_name_block)
    weights = estimate(con, config.random_pairs, config.name_similarity, config.em_iterations)
    score_pairs(con, weights, config, u_average)
    close_pairs(con, weights, config, u_average, "_m_pairs", MEMBER_TF_SQL, "_close")
    decide_pairs(con, weights, config, "_close", "_decided")
    assert _rows(con, "_decided") == _rows(con, "_m_scored")
    assert con.sql("SELECT count(*) FROM _m_scored").fetchall()[0][0] > 30
