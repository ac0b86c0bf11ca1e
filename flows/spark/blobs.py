"""Arrow tables between the driver and Spark: sent as DataFrames, sent back as rows of (part, Arrow IPC stream).

A driver's table becomes a DataFrame of a few partitions (``arrow_frame``):
Spark makes one partition of every Arrow batch (10,000 rows), and a task per
partition costs more than its rows. A partition's results travel to the
driver as a few binary values rather than as Spark rows: Arrow IPC keeps
every column's exact type (DuckDB's decimals, dates, lists) with no Spark type
in between, and the driver reassembles each part by concatenating its pieces.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pyarrow as pa

BLOB_SCHEMA = "part string, ipc binary"
SLICE_ROWS = 100_000
"""Rows per IPC blob sent back, far below Spark's 2 GB limit for one value."""
ROWS_PER_PARTITION = 250_000
"""Rows the linking's shuffles put in one partition (``spark.hecha.rowsPerPartition`` overrides it)."""
ROWS_SETTING = "spark.hecha.rowsPerPartition"


def partitions(spark, rows: int) -> int:  # noqa: ANN001 - a SparkSession
    """How many partitions a shuffle of ``rows`` rows makes: one per ``ROWS_PER_PARTITION`` rows, at
    least the session's default parallelism. Sized by the data, not by ``spark.sql.shuffle.partitions``
    (200 tasks of a few thousand rows each cost more in start-up than in work, and a persisted
    DataFrame's shuffles are not coalesced by adaptive execution)."""
    per_partition = int(spark.conf.get(ROWS_SETTING, str(ROWS_PER_PARTITION)))
    return max(spark.sparkContext.defaultParallelism, -(-rows // max(per_partition, 1)))


def arrow_frame(spark, table: pa.Table):  # noqa: ANN001, ANN201 - a SparkSession, a DataFrame
    """``table`` as a DataFrame of at most the session's default parallelism partitions (merged, no shuffle)."""
    frame = spark.createDataFrame(table)
    return frame.coalesce(max(1, spark.sparkContext.defaultParallelism))


def to_blobs(part: str, table: pa.Table) -> Iterator[pa.RecordBatch]:
    """``table`` as rows of (part, Arrow IPC stream), ``SLICE_ROWS`` rows per blob (one blob
    when it has no rows, so its schema still arrives)."""
    for start in range(0, max(table.num_rows, 1), SLICE_ROWS):
        sink = pa.BufferOutputStream()
        piece = table.slice(start, SLICE_ROWS)
        with pa.ipc.new_stream(sink, piece.schema) as writer:
            writer.write_table(piece)
        yield pa.record_batch({"part": pa.array([part]), "ipc": pa.array([sink.getvalue().to_pybytes()], pa.binary())})


def collected(blobs: pa.Table) -> list[tuple[str, bytes]]:
    """The (part, IPC) pairs of ``DataFrame.toArrow()`` over ``BLOB_SCHEMA`` rows."""
    return list(zip(blobs.column("part").to_pylist(), blobs.column("ipc").to_pylist()))


def part_tables(pairs: list[tuple[str, bytes]], part: str) -> list[pa.Table]:
    """The pieces of one part, in the order they arrived (empty when no partition sent any)."""
    return [pa.ipc.open_stream(blob).read_all() for kind, blob in pairs if kind == part]


def partition_database(batches: Iterator[pa.RecordBatch]) -> duckdb.DuckDBPyConnection | None:
    """An in-memory DuckDB holding a ``mapInArrow`` partition's whole rows as ``_partition``
    (None for an empty partition): where a partition runs the local engine's SQL."""
    rows = pa.Table.from_batches(list(batches))
    if not rows.num_rows:
        return None
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.register("_partition", rows)
    return con
