"""Scoring on Spark: the candidate pairs partitioned by person, then by member, scored by the matcher's own SQL.

``matchers.linker.score_pairs`` reads two groupings: the tie rule compares
every candidate of a person (``p_id``), the near-ID rule counts the distinct
typo IDs among the close candidates of a member (``m_id``). So it runs in its
two halves: ``close_pairs`` in partitions of persons (each pair carrying its
member's name frequency, joined by Spark), then ``decide_pairs`` over those
rows in partitions of members. The weights, learned once on the driver, travel
with the functions. The decided pairs come back as Arrow IPC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyarrow as pa

from flows.spark.blobs import partition_database, to_blobs
from matchers.config import MatchConfig
from matchers.linker import close_pairs, decide_pairs
from matchers.weights import Weights

NAME_TF = "name_tf"
SCORED = "scored"
_PARTITION_TF = f"SELECT m_id, {NAME_TF} FROM _tf"


def close_partitions(weights: Weights, config: MatchConfig,
                     u_average: float) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function: ``close_pairs`` over each whole partition of persons' pairs
    (their members' ``name_tf`` beside them, as the local engine's ``MEMBER_TF_SQL`` gives it)."""
    def close(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        con = partition_database(batches)
        if con is None:
            return
        con.execute(f"CREATE TEMP TABLE _pairs AS SELECT * EXCLUDE ({NAME_TF}) FROM _partition")
        con.execute(f"CREATE TEMP TABLE _tf AS SELECT DISTINCT m_id, {NAME_TF} FROM _partition "
                    f"WHERE {NAME_TF} IS NOT NULL")
        close_pairs(con, weights, config, u_average, "_pairs", _PARTITION_TF, "_close")
        yield from con.sql("SELECT * FROM _close").to_arrow_table().to_batches()
        con.close()
    return close


def decide_partitions(weights: Weights,
                      config: MatchConfig) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function: ``decide_pairs`` over each whole partition of members' close pairs."""
    def decide(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        con = partition_database(batches)
        if con is None:
            return
        con.execute("CREATE TEMP TABLE _close AS SELECT * FROM _partition")
        decide_pairs(con, weights, config, "_close", "_scored")
        yield from to_blobs(SCORED, con.sql("SELECT * FROM _scored").to_arrow_table())
        con.close()
    return decide
