"""ID and name keys on Spark: each distinct raw ID and raw name normalised in one partition, by the matcher's code.

``matchers.prepare.build_keys`` normalises every distinct raw ID (DuckDB SQL,
``id_keys``) and every distinct raw name (Python, ``name_tables``) of the
agency persons and the members: row-local work, and the part of the keys whose
cost is per value rather than per record. The driver finds the distinct raw
values (as the local engine does), Spark spreads them over its partitions by
value, each partition runs ``id_keys`` and ``name_tables`` + ``store_names``
over its share, and the tables come back as Arrow IPC into the warehouse's
``_m_ids`` and ``_m_names``. The joins that follow (members, persons, the
record → person map) run on the driver (``join_keys``, ``record_persons``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import duckdb
import pyarrow as pa

from flows.spark.blobs import BLOB_SCHEMA, arrow_frame, collected, part_tables, partition_database, partitions, to_blobs
from matchers.name_column import name_tables, store_names
from matchers.prepare import id_keys, raw_ids_sql

KIND, RAW = "_kind", "raw"
TABLES = {"id": "_m_ids", "name": "_m_names"}


def key_partitions(as_of: dt.date | None) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function: the ID keys and name keys of each whole partition's raw values."""
    def keyed(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        con = partition_database(batches)
        if con is None:
            return
        con.execute(f"CREATE TEMP TABLE _ids AS SELECT {RAW} FROM _partition WHERE {KIND} = 'id'")
        id_keys(con, "SELECT raw FROM _ids", "_keys", as_of)
        yield from to_blobs("id", con.sql("SELECT * FROM _keys").to_arrow_table())
        names = con.sql(f"SELECT {RAW} FROM _partition WHERE {KIND} = 'name'").to_arrow_table().column(0)
        store_names(con, name_tables(names.to_pylist()), "_names")
        yield from to_blobs("name", con.sql("SELECT * FROM _names").to_arrow_table())
        con.close()
    return keyed


def store_keys(spark, con: duckdb.DuckDBPyConnection, raw_names: list[str],  # noqa: ANN001 - a SparkSession
               as_of: dt.date | None) -> None:
    """``_m_ids`` and ``_m_names`` in the warehouse, the raw values normalised on Spark."""
    ids = con.sql(f"SELECT DISTINCT raw FROM ({raw_ids_sql()}) t(raw) WHERE raw IS NOT NULL").to_arrow_table()
    values = pa.table({KIND: pa.array(["id"] * ids.num_rows + ["name"] * len(raw_names), pa.string()),
                       RAW: pa.concat_arrays([ids.column(0).combine_chunks().cast(pa.string()),
                                              pa.array(raw_names, pa.string())])})
    blobs = (arrow_frame(spark, values).repartition(partitions(spark, values.num_rows), RAW)
             .mapInArrow(key_partitions(as_of), BLOB_SCHEMA).toArrow())
    pairs = collected(blobs)
    for kind, table in TABLES.items():
        pieces = part_tables(pairs, kind)
        if not pieces:  # no raw value of this kind anywhere: the matcher's own empty table
            _empty(con, kind, table, as_of)
            continue
        con.register("_spark_keys", pa.concat_tables(pieces))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _spark_keys")
        con.unregister("_spark_keys")


def _empty(con: duckdb.DuckDBPyConnection, kind: str, table: str, as_of: dt.date | None) -> None:
    """``table`` with no rows, as the matcher writes it for no raw values."""
    if kind == "id":
        id_keys(con, "SELECT NULL::VARCHAR", table, as_of)
    else:
        store_names(con, name_tables([]), table)
