"""Durations and sizes of the linker's parts, logged for the benchmarks.

Each part logs one DEBUG record on the ``matchers.timing`` logger: its name,
wall seconds and the process's CPU seconds (user + system, every thread), and
``counted`` logs the rows of a table. Nothing but part names and numbers
is logged: never a name or an ID. A benchmark attaches a handler and reads
``record.part``, ``record.wall``, ``record.cpu`` and ``record.rows``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

LOG = logging.getLogger("matchers.timing")


@contextmanager
def timed(part: str) -> Iterator[None]:
    """Log the wall and CPU seconds of the body of a ``with`` block as ``part``."""
    if not LOG.isEnabledFor(logging.DEBUG):
        yield
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        spent = time.perf_counter() - wall, time.process_time() - cpu
        LOG.debug("%s: %.3f s wall, %.3f s CPU", part, *spent,
                  extra={"part": part, "wall": spent[0], "cpu": spent[1]})


def counted(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Log the rows of ``table`` (only when the log is on: counting costs a query)."""
    if LOG.isEnabledFor(logging.DEBUG):
        rows = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        LOG.debug("%s: %d rows", table, rows, extra={"part": table, "rows": rows})
