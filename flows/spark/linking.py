"""The linking stage on Spark: the matcher's own steps, the pair-sized ones partitioned.

``matchers.link_records`` in the same order, with the steps whose size grows
with the candidate pairs on Spark:

1. keys: the distinct persons, the record → person map and the joins of
   ``build_keys`` on the driver; the normalisation of each distinct raw ID and
   raw name on Spark (``flows.spark.key_columns``); name frequencies
   (``build_name_tf``, over the members) on the driver;
2. candidate pairs and their levels: ``flows.spark.pair_blocks``, partitioned
   by blocking key, each pair once;
3. weights: each pattern of levels counted by Spark (a reduce over the
   partitions' pairs), the weights learned once on the driver from those counts
   (``estimate`` with the patterns given; its random pairs and neighbour count
   read the driver's key tables);
4. scores and decisions: ``flows.spark.pair_scores``, by person then by member;
5. ``finish_links``: ``links``, ``member_ids`` and the kept model written on
   the driver from the gathered ``_m_scored``, as on the local engine.

A run with no agency person or no member is linked on the driver (there is
nothing to distribute).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from flows.spark.blobs import BLOB_SCHEMA, arrow_frame, collected, part_tables, partitions
from flows.spark.key_columns import store_keys
from flows.spark.pair_blocks import KEYS, SIDES, blocked_frame, pair_partitions
from flows.spark.pair_scores import NAME_TF, SCORED, close_partitions, decide_partitions
from matchers import LinkSummary, MatchConfig, link_records
from matchers.candidates import build_pairs
from matchers.comparisons import COMPARISONS
from matchers.frequency import MEMBER_TF_SQL, build_name_tf
from matchers.linker import close_pairs, decide_pairs, finish_links
from matchers.prepare import distinct_persons, join_keys, record_persons
from matchers.timing import timed
from matchers.weights import Weights, estimate, pattern_counts

_EMPTY = ("_e_person", "_e_member", "_e_pairs", "_e_close")


def _schema(con: duckdb.DuckDBPyConnection, table: str):  # noqa: ANN202 - a Spark StructType
    """The Spark schema of a DuckDB table, through its Arrow types."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(con.sql(f"SELECT * FROM {table}").to_arrow_table().schema)


class _Recording:
    """A connection that keeps the SQL it runs: which columns ``build_pairs`` reads is in its text."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con, self.statements = con, []

    def execute(self, sql: str, *args):  # noqa: ANN002, ANN201 - as DuckDB's
        self.statements.append(sql)
        return self._con.execute(sql, *args)


def _empty_pairs(con: duckdb.DuckDBPyConnection, config: MatchConfig) -> dict[str, list[str]]:
    """``_e_pairs``: no rows, the columns and types ``build_pairs`` writes; the columns of persons
    (``p``) and members (``m``) its SQL reads (with their id and the block groups' keys)."""
    for side, table in SIDES.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE _e_{table.removeprefix('_m_')} AS SELECT * FROM {table} LIMIT 0")
    recording = _Recording(con)
    build_pairs(recording, config.name_similarity, config.max_name_block, "_e_person", "_e_member", "_e_pairs")
    text = " ".join(recording.statements)
    read = {}
    for side, table in SIDES.items():
        named = {f"{side}_id", *KEYS, *re.findall(rf"\b{side}\.(\w+)", text)}
        read[side] = [c for c, *_ in con.execute(f"DESCRIBE {table}").fetchall() if c in named]
    return read


def candidate_pairs(spark, con: duckdb.DuckDBPyConnection, config: MatchConfig):  # noqa: ANN001, ANN201
    """The candidate pairs with their levels, as a (persisted) Spark DataFrame; only the columns
    the block and level SQL reads travel."""
    columns = _empty_pairs(con, config)
    pairs = blocked_frame(spark, con, columns).mapInArrow(
        pair_partitions(columns, config.name_similarity, config.max_name_block), _schema(con, "_e_pairs"))
    return pairs.persist()


def learned_weights(con: duckdb.DuckDBPyConnection, pairs, config: MatchConfig) -> tuple[Weights, int]:  # noqa: ANN001
    """The weights learned on the driver from the level patterns Spark counted over ``pairs``; the pairs' count."""
    counts = pairs.groupBy(*(c.column for c in COMPARISONS)).count().collect()
    patterns = pattern_counts([tuple(row) for row in counts])
    weights = estimate(con, config.random_pairs, config.name_similarity, config.em_iterations, patterns)
    return weights, sum(n for _, n in patterns)


def store_scored(spark, con: duckdb.DuckDBPyConnection, pairs, count: int, weights: Weights,  # noqa: ANN001
                 config: MatchConfig, u_average: float) -> None:
    """``_m_scored`` in the warehouse: the ``count`` ``pairs`` scored by person, then decided by member."""
    close_pairs(con, weights, config, u_average, "_e_pairs", MEMBER_TF_SQL, "_e_close")
    tf = arrow_frame(spark, con.sql(MEMBER_TF_SQL).to_arrow_table())
    shares = partitions(spark, count)
    close = (pairs.join(tf, "m_id", "left").select(*pairs.columns, NAME_TF).repartition(shares, "p_id")
             .mapInArrow(close_partitions(weights, config, u_average), _schema(con, "_e_close")))
    blobs = (close.repartition(shares, "m_id").mapInArrow(decide_partitions(weights, config), BLOB_SCHEMA)
             .toArrow())
    pieces = part_tables(collected(blobs), SCORED)
    if not pieces:
        decide_pairs(con, weights, config, "_e_close", "_m_scored")
        return
    con.register("_spark_scored", pa.concat_tables(pieces))
    con.execute("CREATE OR REPLACE TEMP TABLE _m_scored AS SELECT * FROM _spark_scored")
    con.unregister("_spark_scored")


def link_on_spark(spark, con: duckdb.DuckDBPyConnection, sources: Sequence[str],  # noqa: ANN001 - a SparkSession
                  config: MatchConfig | None = None, as_of: dt.date | None = None) -> LinkSummary:
    """Link every record of ``stg_<source>`` to the registered members with the pair-sized steps
    on Spark; the same tables as ``matchers.link_records``."""
    config = config or MatchConfig()
    if not _has_both_sides(con, sources):
        return link_records(con, sources, config, as_of=as_of)
    with timed("build_keys"):
        raw_names = distinct_persons(con, sources)
        store_keys(spark, con, raw_names, as_of)
        record_persons(con, sources)
        join_keys(con, sources)
    with timed("name_tf"):
        u_average = build_name_tf(con)
    with timed("build_pairs"):
        pairs = candidate_pairs(spark, con, config)
    with timed("weights"):
        weights, count = learned_weights(con, pairs, config)
    with timed("score_pairs"):
        store_scored(spark, con, pairs, count, weights, config, u_average)
    pairs.unpersist()
    for table in _EMPTY:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return finish_links(con, weights, u_average, config, as_of)


def _has_both_sides(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> bool:
    """Whether there are members and agency records to pair at all."""
    counts = [con.execute(f"SELECT count(*) FROM stg_{name}").fetchall()[0][0] for name in ("members", *sources)]
    return bool(counts and counts[0] and sum(counts[1:]))
