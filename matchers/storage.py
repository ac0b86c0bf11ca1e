"""How the matcher's tables are stored: working tables in memory, kept ones written directly.

The working tables (``_m_*``: IDs, names, members, pairs, scores) are
temporary: they live in memory, spill when they must, and are never compressed
into the run's file. The tables the run keeps (``match_*``, and the persons and
record map, written once under their working names and renamed) go to the file
with their strings dictionary + FSST compressed, the encoding DuckDB picks for
them anyway: forcing it skips the analysis of every other candidate encoding,
a quarter of the CPU of writing the 4.6 M distinct persons of a province drop,
for the same file. (ZSTD wrote faster still, but scans of it cost more than
that saved: the blocking joins and the on-demand check read these tables.)
The setting is DuckDB's global ``force_compression``; it is restored after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def compact_strings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Tables written in the body of the ``with`` block get their strings dictionary + FSST compressed."""
    before = con.sql("SELECT current_setting('force_compression')").fetchall()[0][0]
    con.execute("SET force_compression = 'dict_fsst'")
    try:
        yield
    finally:
        con.execute(f"SET force_compression = '{before}'")
