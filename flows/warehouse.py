"""The per-run DuckDB warehouse: staged sources in, links/flags/evidence added by the stages.

Later stages join in SQL over these tables instead of looping in Python. The
database file is kept in the output folder, so an analyst can query a run
after the fact.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from flows.errors import UsageError

WAREHOUSE_FILE = "warehouse.duckdb"
CATALOG = "warehouse"  # the name a warehouse file is attached under


MEMORY_LIMIT = "2GB"
"""DuckDB's memory per database unless ``HECHA_MEMORY_LIMIT`` says otherwise (DuckDB's syntax:
``4GB``, ``80%``). Beyond it DuckDB spills its work to disk: at 100,000 households the run's peak
went from 4.97 to 2.79 GiB with no loss of time on 2 cores (the matcher's working tables)."""


def memory_limit() -> str:
    """DuckDB's memory cap: ``HECHA_MEMORY_LIMIT`` or ``MEMORY_LIMIT``; a value DuckDB cannot read is
    the operator's to fix (exit 2), checked before a run starts."""
    limit = os.environ.get("HECHA_MEMORY_LIMIT") or MEMORY_LIMIT
    return _checked_limit(limit)


@functools.cache
def _checked_limit(limit: str) -> str:
    try:
        duckdb.connect(config={"memory_limit": limit}).close()
    except duckdb.Error:
        raise UsageError(f"HECHA_MEMORY_LIMIT={limit!r} is not a memory size DuckDB reads (e.g. 2GB, 80%)") from None
    return limit


ROW_GROUP_SIZE = 2_048
"""Rows per row group of a warehouse file: one DuckDB vector (DuckDB's default is 122,880). An
on-demand check reads a few rows of the kept tables by their sorted ids, and DuckDB decodes the
whole row group of every row it reads: fetching 20 of the 4.6 M persons of a 100,000-household run
took 1,155 ms at the default, 45–185 ms at 16,384 rows and 12–28 ms at this size (2 loaded cores),
while a whole-table scan and the write cost about the same. The file is larger (the persons table
827 MB against 347 MB: dictionaries are per row group)."""


def open_warehouse(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that never reaches for the network (no extension auto-install), its
    memory capped (``memory_limit``), the file attached as the default catalog ``warehouse`` with
    ``ROW_GROUP_SIZE`` rows per row group (spilling beside it, as a file database does)."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
              "memory_limit": memory_limit()}
    if str(path) == ":memory:":
        return duckdb.connect(config=config)
    con = duckdb.connect(config={**config, "temp_directory": f"{path}.tmp"})
    escaped = str(path).replace("'", "''")
    con.execute(f"ATTACH '{escaped}' AS {CATALOG} ({'READ_ONLY, ' if read_only else ''}"
                f"ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
    con.execute(f"USE {CATALOG}")
    return con


def warehouse_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` (for another thread) on the attached ``warehouse`` when there is one: a
    DuckDB cursor starts on the in-memory database. (Asking ``con`` which catalog it uses would be a
    call on a connection another thread may be using.)"""
    cursor = con.cursor()
    try:
        cursor.execute(f"USE {CATALOG}")
    except duckdb.CatalogException:
        pass  # an in-memory warehouse: the cursor is on it already
    return cursor


def store_table(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Create (or replace) table ``name`` from an Arrow table."""
    con.register("_incoming", table)
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def fetch_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run ``sql`` and return a DataFrame (via Arrow: far faster than ``.df()`` with pandas 3)."""
    return con.sql(sql).to_arrow_table().to_pandas()


def copy_to_parquet(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    """Write the result of ``sql`` to a Parquet file (deterministic for a deterministic query)."""
    escaped = str(path).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet, COMPRESSION zstd)")
