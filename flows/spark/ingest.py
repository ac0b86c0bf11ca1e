"""Validation of one source on Spark: partitioned by its key, staged by the local engine's own code.

The rows come from Spark's own reader where it is faithful
(``flows.spark.readers``: Parquet, UTF-8 CSV) or else from the driver's
``data_contracts.read_extract`` (the local engine's reader: Excel, GB18030 or
cut-off CSV, Parquet of other types), numbered by their row in the file and
with the reader's row problem. Spark then shuffles the rows so that every row sharing a key (the
contract's key, cleaned by the staging code's own ``clean_text``) lands in one
partition: the duplicate-key check, the one check that is not row-local, is
then local too. Members are checked against the accepted households through a
broadcast set. Each partition runs ``data_contracts.stage_source`` — the same
parsing and the same compiled suite — and sends back its accepted rows and its
quarantine as Arrow IPC; the driver puts them back in file order, so the
staged table, the quarantine and the ledger are exactly the local engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import data_contracts
from data_contracts.parsing import clean_text
from data_contracts.spec import CONTRACTS
from flows.spark.blobs import BLOB_SCHEMA, arrow_frame, collected, part_tables, to_blobs

FILE_ROW, PROBLEM = "_file_row", "_problem"


def _text_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow text columns as the pandas frame ``read_extract`` gives (pyarrow-backed strings)."""
    strings = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
    return table.to_pandas(types_mapper=strings.get)


def transport_table(raw: pd.DataFrame) -> pa.Table:
    """The raw frame for Spark: columns ``c0…`` (any file's names are safe), its 1-based
    row in the file and the reader's row problem."""
    problems = [None] * len(raw)
    for position, reason in raw.attrs.get(data_contracts.ROW_PROBLEMS, {}).items():
        problems[position] = reason
    columns = {f"c{i}": pa.array(raw[name].astype("string[pyarrow]"), pa.string()) for i, name in enumerate(raw.columns)}
    rows = pa.array(np.arange(1, len(raw) + 1, dtype=np.int64))
    return pa.table({**columns, FILE_ROW: rows, PROBLEM: pa.array(problems, pa.string())})


def key_columns(source: str, names: list[str]) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function adding ``_k0…``: the contract key as the suite compares it
    (cleaned text; null for a row the reader could not take as data)."""
    positions = [names.index(column) for column in CONTRACTS[source].key]

    def with_key(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            problem = batch.column(PROBLEM)
            keys = [pc.if_else(pc.is_valid(problem), pa.scalar(None, pa.string()),
                               clean_text(pa.chunked_array([batch.column(f"c{p}")]))).combine_chunks()
                    for p in positions]
            yield pa.RecordBatch.from_arrays([*batch.columns, *keys],
                                             [*batch.schema.names, *(f"_k{i}" for i in range(len(keys)))])
    return with_key


def stage_partition(source: str, names: list[str], household_ids: pa.Array | None,
                    rows: pa.Table) -> tuple[pa.Table, pa.Table]:
    """``stage_source`` over one partition's rows; accepted and quarantined rows numbered by their file row."""
    rows = rows.sort_by(FILE_ROW)
    raw = _text_frame(rows.select([f"c{i}" for i in range(len(names))]).rename_columns(names))
    problems = rows.column(PROBLEM).to_pylist()
    raw.attrs[data_contracts.ROW_PROBLEMS] = {i: reason for i, reason in enumerate(problems) if reason is not None}
    staged = data_contracts.stage_source(source, raw, household_ids=household_ids)
    file_rows = rows.column(FILE_ROW).combine_chunks()
    accepted = staged.accepted.set_column(0, "_row", file_rows.take(pc.subtract(staged.accepted["_row"], 1)))
    quarantine = staged.quarantine.assign(_row=file_rows.to_numpy()[staged.quarantine["_row"].to_numpy() - 1])
    return accepted, pa.Table.from_pandas(quarantine, preserve_index=False)


def validate_partitions(source: str, names: list[str], household_ids) -> Callable:  # noqa: ANN001 - a Broadcast
    """A ``mapInArrow`` function staging each whole partition once (``stage_partition``)."""
    def validate(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        gathered = list(batches)
        if not gathered or not sum(batch.num_rows for batch in gathered):
            return
        known = household_ids.value if household_ids is not None else None
        accepted, quarantine = stage_partition(source, names, known, pa.Table.from_batches(gathered))
        yield from to_blobs("received", pa.table({"rows": [sum(batch.num_rows for batch in gathered)]}))
        yield from to_blobs("accepted", accepted)
        yield from to_blobs("quarantine", quarantine)
    return validate


def _gathered(pairs: list[tuple[str, bytes]], part: str) -> pa.Table | None:
    """The tables of one part, concatenated and back in file order (None when no partition sent any)."""
    tables = part_tables(pairs, part)
    return pa.concat_tables(tables).sort_by("_row") if tables else None


def stage_frame(spark, source: str, rows, names: list[str],  # noqa: ANN001 - a SparkSession, a DataFrame
                household_ids: set[str] | None = None) -> data_contracts.StagedSource:
    """Validate ``rows`` (a DataFrame in ``transport_table``'s form, ``names`` its columns) on
    Spark; the same result as ``stage_source`` over the file's rows.

    A source with no rows is staged on the driver (there is nothing to distribute).
    """
    from pyspark.sql.types import StringType, StructField, StructType

    known = None
    if household_ids is not None:
        known = spark.sparkContext.broadcast(pa.array(sorted(household_ids), pa.string()))
    keys = [f"_k{i}" for i in range(len(CONTRACTS[source].key))]
    keyed_schema = StructType([*rows.schema.fields, *(StructField(key, StringType()) for key in keys)])
    blobs = (rows.mapInArrow(key_columns(source, names), keyed_schema)
             .repartition(*keys)
             .mapInArrow(validate_partitions(source, names, known), BLOB_SCHEMA)
             .toArrow())
    if known is not None:
        known.unpersist()
    pairs = collected(blobs)
    received = sum(table.column("rows")[0].as_py() for table in part_tables(pairs, "received"))
    if not received:
        empty = pd.DataFrame({name: pd.Series([], dtype=pd.StringDtype("pyarrow")) for name in names})
        return data_contracts.stage_source(source, empty, household_ids=household_ids)
    accepted, quarantine = _gathered(pairs, "accepted"), _gathered(pairs, "quarantine")
    return data_contracts.StagedSource(source, accepted, _text_frame(quarantine).reset_index(drop=True), received)


def stage_on_spark(spark, source: str, raw: pd.DataFrame,  # noqa: ANN001 - a SparkSession
                   household_ids: set[str] | None = None) -> data_contracts.StagedSource:
    """Validate ``raw`` (as ``read_extract`` gave it on the driver) on Spark; the same result as ``stage_source``."""
    CONTRACTS[source].require(raw.columns, f"{source} extract")
    if not len(raw):
        return data_contracts.stage_source(source, raw, household_ids=household_ids)
    return stage_frame(spark, source, arrow_frame(spark, transport_table(raw)), list(raw.columns), household_ids)
