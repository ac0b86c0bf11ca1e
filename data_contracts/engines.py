"""Running a source's suite: GX on small frames, the same suite compiled to DuckDB SQL on large ones.

Both engines take the check table (cleaned text plus derived pass/fail
columns) and return the same ``Failures``: the positions of failing rows and,
per row, the reasons of its failed expectations in suite order joined by
'; '. The suite itself is always the GX one (``suite.expectation_suite``);
only how it is executed depends on the frame's size.
"""

from __future__ import annotations

import functools
from typing import Literal

import duckdb
import numpy as np
import pyarrow as pa

from data_contracts.compiled import FRAME, POSITION, CompiledSuite, compile_suite
from data_contracts.suite import Failures, expectation_suite, gx_failures

Engine = Literal["gx", "duckdb"]

GX_MAX_ROWS = 100_000
"""Frames up to this many rows are validated by GX itself; larger ones by the suite compiled to SQL.

GX costs about 1.5-2.3 s per million rows (half of it fingerprinting the
frame, which its public API cannot turn off) and holds the frame in pandas;
the compiled suite runs in one multi-threaded DuckDB query over Arrow. Below
the threshold GX's own run is cheap and keeps it exercised on real data."""

@functools.cache
def _compiled(source: str, referential: bool) -> CompiledSuite:
    """The source's GX suite compiled to SQL, once per process."""
    return compile_suite(expectation_suite(source, referential))


def duckdb_failures(source: str, checked: pa.Table, *, referential: bool) -> Failures:
    """Run the source's compiled suite on ``checked`` in one DuckDB query."""
    sql = _compiled(source, referential).query()
    framed = checked.append_column(POSITION, pa.array(np.arange(checked.num_rows, dtype=np.int64)))
    with duckdb.connect() as con:
        con.register(FRAME, framed)
        failing = con.sql(sql).to_arrow_table()
    return Failures(failing[POSITION].to_numpy(), failing["_reason"].combine_chunks())


def engine_for(rows: int) -> Engine:
    """The engine a frame of ``rows`` rows is validated with (see ``GX_MAX_ROWS``)."""
    return "gx" if rows <= GX_MAX_ROWS else "duckdb"


def failing_reasons(source: str, checked: pa.Table, *, referential: bool, engine: Engine | None = None) -> pa.Array:
    """Per row of ``checked``, its failed checks' reasons joined by '; ' (null where it passes).

    ``engine`` forces one engine; by default it is chosen by size.
    """
    run = {"gx": gx_failures, "duckdb": duckdb_failures}[engine or engine_for(checked.num_rows)]
    failures = run(source, checked, referential=referential)
    at = np.full(checked.num_rows, -1, dtype=np.int64)
    at[failures.positions] = np.arange(len(failures.positions))
    return failures.reasons.take(pa.array(at, mask=at < 0))
