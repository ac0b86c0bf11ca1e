"""The Spark engine's linking partitions follow the matcher's blocks (no Spark session here).

``flows.spark.pair_blocks`` sends each person and member to the partition of
a blocking key; a pair is found only where both sides share that key. These
tests fail when ``matchers.candidates`` changes its blocks in a way the
groups no longer cover, so the groups are updated with them.
"""

from __future__ import annotations

from flows.spark.pair_blocks import GROUPS, NAME_GROUP_PERSONS
from matchers import prepare
from matchers.candidates import block_conditions, blocks_sql


def test_every_block_is_in_exactly_one_group_in_block_order() -> None:
    held = [block for _, blocks in GROUPS for block in blocks]
    assert held == list(range(len(blocks_sql(None))))


def test_each_block_pairs_only_rows_sharing_its_groups_key() -> None:
    conditions = block_conditions("SELECT 'x'")
    for key, blocks in GROUPS:
        for block in blocks:
            shared = [f"p.{key} = m.{key}"] + (["p.id_cand = m.id_cand"] if key == "prefix14" else [])
            assert any(conditions[block].startswith(s) for s in shared), (key, block)
    assert "id_cand[1:14] AS prefix14" in prepare._ID_DERIVED  # an equal ID has an equal prefix


def test_the_name_groups_persons_are_those_its_block_can_pair() -> None:
    (block,) = GROUPS[-1][1]
    assert f"p.{NAME_GROUP_PERSONS}" in block_conditions(None)[block]
