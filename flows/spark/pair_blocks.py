"""Candidate pairs on Spark: persons and members partitioned by blocking key, paired by ``build_pairs``.

The matcher joins persons to members by five blocks (``matchers.candidates
.blocks_sql``). They fall into three groups, each local to one key: the
exact-ID and region+birth blocks share ``prefix14`` (an equal ID has an equal
prefix), the two name-sound blocks share ``sound``, and the name-only block is
``name_text`` (every member carrying a name is in that name's partition, so
the namesake limit counts them all). Each person and member travels, once per
group whose key it has, to the partition of (group, key). A partition runs
the matcher's own ``build_pairs`` over each group's blocks and drops the pairs
an earlier group finds (the matcher's own block conditions hold on the pair's
two rows), so every pair arrives once, with the levels ``build_pairs`` gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import pyarrow as pa

from flows.spark.blobs import arrow_frame, partition_database, partitions
from matchers.candidates import block_conditions, build_pairs

GROUPS = (("prefix14", (0, 1)), ("sound", (2, 3)), ("name_text", (4,)))
"""(the key both sides share, the blocks of ``blocks_sql`` it holds), in block order."""
NAME_GROUP_PERSONS = "id_cand IS NULL"
"""The persons the name-only block can pair (its condition asks for it): the others stay home."""
KEYS = ("id_cand", *(key for key, _ in GROUPS))
"""The columns the partitioning itself reads (the name group's persons are picked by ``id_cand``)."""
GROUP, KEY, SIDE = "_group", "_key", "_side"
SIDES = {"p": "_m_person", "m": "_m_member"}


def _side_rows(frame, side: str, group: int):  # noqa: ANN001, ANN202 - Spark
    """``frame``'s rows that have the group's key, tagged (group, key, side), columns prefixed ``<side>__``."""
    from pyspark.sql import functions as F

    key = GROUPS[group][0]
    rows = frame.where(F.col(key).isNotNull())
    if side == "p" and key == "name_text":
        rows = rows.where(NAME_GROUP_PERSONS)
    return rows.select(F.lit(group).alias(GROUP), F.col(key).alias(KEY), F.lit(side).alias(SIDE),
                       *(F.col(column).alias(f"{side}__{column}") for column in frame.columns))


def blocked_frame(spark, con: duckdb.DuckDBPyConnection, columns: dict[str, list[str]]):  # noqa: ANN001, ANN201
    """Every person and member (``columns`` of them) once per group whose key it has, partitioned by (group, key)."""
    tables = {side: con.sql(f"SELECT {', '.join(columns[side])} FROM {table}").to_arrow_table()
              for side, table in SIDES.items()}
    frames = {side: arrow_frame(spark, table) for side, table in tables.items()}
    tagged = [_side_rows(frames[side], side, group) for group in range(len(GROUPS)) for side in SIDES]
    union = tagged[0]
    for frame in tagged[1:]:
        union = union.unionByName(frame, allowMissingColumns=True)
    rows = len(GROUPS) * sum(table.num_rows for table in tables.values())  # at most: each once per group
    return union.repartition(partitions(spark, rows), GROUP, KEY)


def _found_before(group: int) -> str:
    """SQL condition: an earlier group's blocks find pair (p, m) (false when none does)."""
    conditions = block_conditions(None)
    earlier = [conditions[block] for _, blocks in GROUPS[:group] for block in blocks]
    return f"coalesce({' OR '.join(f'({c})' for c in earlier)}, false)" if earlier else "false"


def _side_table(con: duckdb.DuckDBPyConnection, side: str, columns: list[str], group: int) -> None:
    """The partition's rows of one side and group as table ``_p`` or ``_m`` under their own names."""
    select = ", ".join(f'"{side}__{column}" AS "{column}"' for column in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _{side} AS SELECT {select} FROM _partition "
                f"WHERE {GROUP} = ? AND {SIDE} = ?", [group, side])


def pair_partitions(columns: dict[str, list[str]], name_similarity: float,
                    max_name_block: int) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function: the candidate pairs of each whole partition, as ``build_pairs`` writes them."""
    def pair(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        con = partition_database(batches)
        if con is None:
            return
        present = {g for (g,) in con.execute(f"SELECT DISTINCT {GROUP} FROM _partition").fetchall()}
        for group in sorted(present):
            for side in SIDES:
                _side_table(con, side, columns[side], group)
            build_pairs(con, name_similarity, max_name_block, "_p", "_m", "_pairs", blocks=GROUPS[group][1])
            yield from con.sql(f"SELECT pr.* FROM _pairs pr JOIN _p p ON p.p_id = pr.p_id "
                               f"JOIN _m m ON m.m_id = pr.m_id WHERE NOT {_found_before(group)}"
                               ).to_arrow_table().to_batches()
        con.close()
    return pair
