"""How the matcher's tables are stored: working tables in memory, kept ones compact.

The working tables (``_m_*`` but the record → person map) are temporary: they
live in memory, spill when they must, and are never compressed or written to
the run's file. The tables the run keeps (``match_*``) are written with their
strings ZSTD-compressed: DuckDB's own choice for a file (it analyses each
string column for a dictionary + FSST encoding) took twice the CPU and gave a
file twice the size on the 4.6 M distinct persons of a province drop. The
setting is DuckDB's global ``force_compression``; it is restored after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def compact_strings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Tables written in the body of the ``with`` block keep their strings ZSTD-compressed."""
    before = con.sql("SELECT current_setting('force_compression')").fetchall()[0][0]
    con.execute("SET force_compression = 'zstd'")
    try:
        yield
    finally:
        con.execute(f"SET force_compression = '{before}'")
