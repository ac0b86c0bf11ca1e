"""Spark's own readers for the drop, used where they give exactly the rows hecha's reader gives.

Both hand the validation (``flows.spark.ingest``) the rows as the driver's
reader would: every column as text, each row's 1-based number in its file
and its row problem, the same problems found by the local reader's own code.
``spark_extract`` answers None when the file must stay with the driver's
reader (``data_contracts.read_extract``), and the caller reads it there:

- Parquet: Spark reads the row groups in parallel; each batch becomes text
  through the local reader's ``parquet_text``, numbered by Spark's
  ``_metadata.row_index``. Only files whose column types reach Python
  unchanged through Spark (text, integers up to 64-bit signed, booleans,
  floats, decimals, dates): Spark keeps timestamps to the microsecond in the
  session's time zone and changes unsigned 64-bit, binary and nested types.
- CSV, UTF-8 only: Spark's parser (``multiLine``, RFC 4180 quotes) drops a
  starting BOM, keeps quoted newlines in their value and skips blank lines as
  hecha's reader does; a row with the wrong number of fields arrives with its
  raw text (``columnNameOfCorruptRecord``), laid out and named by the local
  reader's csv-module code; the header is taken as the first record, so a
  repeated header stays a row for the local reader's own check. A GB18030
  file stays with the driver (Java's decoder and Python's map some
  characters differently: Java 21 follows GB18030-2022, Python 2005), as does
  a file cut off mid-character (its replacement characters and last-row
  problem are the local reader's). A multiLine CSV file is one Spark
  partition: Spark spares the driver the parsing, not the file's single pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_contracts.csvfile import csv_header, field_count_problem, laid_out
from data_contracts.encoding import csv_as_utf8
from data_contracts.readers import parquet_text, repeated_headers
from data_contracts.spec import CONTRACTS
from flows.spark.ingest import FILE_ROW, PROBLEM

CORRUPT, ROW_INDEX = "_corrupt", "_row_index"


def _faithful_type(kind: pa.DataType) -> bool:
    """Whether a Parquet column of ``kind`` reaches Python through Spark with the same values and type."""
    return (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_boolean(kind)
            or pa.types.is_signed_integer(kind) or kind in (pa.uint8(), pa.uint16(), pa.uint32())
            or pa.types.is_floating(kind) and kind != pa.float16()
            or pa.types.is_decimal128(kind) or pa.types.is_date32(kind))


def _transport(source: str, names: list[str], columns: list[pa.Array], rows: pa.Array,
               problems: dict[int, str]) -> pa.RecordBatch:
    """One batch in the validation's form: ``c0…`` text, the file row and the row problem, with
    the local reader's repeated-header check (its own problems win, as in ``read_extract``)."""
    table = pa.table(dict(zip(names, columns)))
    problems = {**repeated_headers(source, table), **problems}
    reasons = [problems.get(i) for i in range(len(rows))]
    return pa.RecordBatch.from_arrays([*columns, rows, pa.array(reasons, pa.string())],
                                      [*(f"c{i}" for i in range(len(names))), FILE_ROW, PROBLEM])


def parquet_batches(source: str, file_names: list[str],
                    names: list[str]) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function turning Spark's Parquet batches into the validation's rows
    (``file_names`` as the file spells them, ``names`` stripped)."""
    def as_text(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            columns = [parquet_text(source, pa.chunked_array([batch.column(i)]), name).combine_chunks()
                       for i, name in enumerate(file_names)]
            yield _transport(source, names, columns, pc.add(batch.column(ROW_INDEX), 1), {})
    return as_text


def csv_batches(source: str, names: list[str]) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function turning Spark's CSV records of one file (one partition) into the
    validation's rows: the first record is the header; a record Spark found ragged is laid out
    from its raw text by the local reader's rule."""
    width = len(names)

    def as_rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        record = 0  # records of the file seen so far, the header included
        for batch in batches:
            numbers = np.arange(record, record + batch.num_rows, dtype=np.int64)
            record += batch.num_rows
            if numbers[0] == 0:
                batch, numbers = batch.slice(1), numbers[1:]
            if not batch.num_rows:
                continue
            columns = [pc.fill_null(batch.column(i), "") for i in range(width)]
            problems = {}
            corrupt = batch.column(CORRUPT)
            if corrupt.null_count < len(corrupt):
                values = [column.to_pylist() for column in columns]
                for position in pc.indices_nonzero(pc.is_valid(corrupt)).to_pylist():
                    fields = next(csv.reader(io.StringIO(corrupt[position].as_py(), newline="")), [])
                    if len(fields) != width:
                        problems[position] = field_count_problem(len(fields), width)
                    for column, value in zip(values, laid_out(fields, width)):
                        column[position] = value
                columns = [pa.array(column, pa.string()) for column in values]
            yield _transport(source, names, columns, pa.array(numbers), problems)
    return as_rows


def transport_schema(width: int):  # noqa: ANN201 - a Spark StructType
    """The validation's row schema for a file of ``width`` columns."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType([*(StructField(f"c{i}", StringType()) for i in range(width)),
                       StructField(FILE_ROW, LongType()), StructField(PROBLEM, StringType())])


def _parquet(spark, source: str, path: Path):  # noqa: ANN001, ANN202 - Spark
    schema = pq.read_schema(path)
    if not all(_faithful_type(field.type) for field in schema):
        return None
    CONTRACTS[source].refuse_duplicates(schema.names, path.name)
    names = [name.strip() for name in schema.names]
    CONTRACTS[source].require(names, path.name)
    from pyspark.sql import functions as F

    frame = spark.read.parquet(str(path)).select(
        *(F.col(f"`{name}`") for name in schema.names), F.col("_metadata.row_index").alias(ROW_INDEX))
    return frame.mapInArrow(parquet_batches(source, schema.names, names), transport_schema(len(names))), names


def _csv(spark, source: str, path: Path):  # noqa: ANN001, ANN202 - Spark
    decoded = csv_as_utf8(source, path)  # the local reader's detection: its refusals are the same
    if decoded.encoding != "utf-8" or decoded.cut_short:
        return None
    header = csv_header(source, path)
    CONTRACTS[source].refuse_duplicates(header, path.name)
    names = [name.strip() for name in header]
    CONTRACTS[source].require(names, path.name)
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([*(StructField(f"c{i}", StringType()) for i in range(len(names))),
                         StructField(CORRUPT, StringType())])
    frame = (spark.read.schema(schema)
             .options(header="false", multiLine="true", quote='"', escape='"', encoding="UTF-8", mode="PERMISSIVE",
                      columnNameOfCorruptRecord=CORRUPT, ignoreLeadingWhiteSpace="false",
                      ignoreTrailingWhiteSpace="false", maxCharsPerColumn="-1")
             .csv(str(path)))
    if frame.rdd.getNumPartitions() != 1:  # the records must arrive in file order, in one partition
        return None
    return frame.mapInArrow(csv_batches(source, names), transport_schema(len(names))), names


def spark_extract(spark, source: str, path: Path):  # noqa: ANN001, ANN201 - Spark
    """``(rows, column names)`` of the extract read by Spark in the validation's form, or None
    when the file stays with the driver's reader (Excel; a CSV or Parquet file Spark would not
    read faithfully, see above). Raises ``UnusableExtract`` as the local reader would."""
    reader = {".parquet": _parquet, ".csv": _csv}.get(Path(path).suffix.lower())
    return reader(spark, source, Path(path)) if reader else None
