"""Running a source's suite: compiled to DuckDB SQL by default, or by GX itself when asked.

Both engines take the check table (cleaned text plus derived pass/fail
columns) and return the same ``Failures``: the positions of failing rows and,
per row, the reasons of its failed expectations in suite order joined by
'; '. The suite is always the GX one, as the configurations it is built
from (``expectations.suite_configs``); only how it is executed differs.
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
import pyarrow as pa

from data_contracts.compiled import FRAME, POSITION, CompiledSuite, compile_suite, cursor
from data_contracts.expectations import Failures, suite_configs

Engine = Literal["gx", "duckdb"]

DEFAULT_ENGINE: Engine = "duckdb"
"""The engine of every run, at every size: the suite compiled to one DuckDB query.

Loading GX costs about 4 s of imports (more than the whole rest of a small
run's validation) and it runs at about 1.5-2.3 s per million rows (half of it
fingerprinting the frame, which its public API cannot turn off); the compiled
suite runs in one multi-threaded DuckDB query over Arrow and needs no GX. GX
runs the same suite when asked (``engine="gx"``): the tests run both engines
on the sample drop, on every kind of bad row and on generated messy frames,
and require identical accepted rows, quarantine and reasons."""


@functools.cache
def _compiled(source: str, referential: bool) -> CompiledSuite:
    """The source's suite compiled to SQL, once per process (from its configurations: no GX import)."""
    return compile_suite(suite_configs(source, referential))


def duckdb_failures(source: str, checked: pa.Table, *, referential: bool) -> Failures:
    """Run the source's compiled suite on ``checked`` in one DuckDB query."""
    sql = _compiled(source, referential).query()
    framed = checked.append_column(POSITION, pa.array(np.arange(checked.num_rows, dtype=np.int64)))
    with cursor() as con:
        con.register(FRAME, framed)
        failing = con.sql(sql).to_arrow_table()
    return Failures(failing[POSITION].to_numpy(), failing["_reason"].combine_chunks())


def failing_reasons(source: str, checked: pa.Table, *, referential: bool, engine: Engine | None = None) -> pa.Array:
    """Per row of ``checked``, its failed checks' reasons joined by '; ' (null where it passes).

    ``engine`` chooses the engine (default ``DEFAULT_ENGINE``); GX is imported only when it is asked for.
    """
    if (engine or DEFAULT_ENGINE) == "gx":
        from data_contracts.suite import gx_failures

        failures = gx_failures(source, checked, referential=referential)
    else:
        failures = duckdb_failures(source, checked, referential=referential)
    at = np.full(checked.num_rows, -1, dtype=np.int64)
    at[failures.positions] = np.arange(len(failures.positions))
    return failures.reasons.take(pa.array(at, mask=at < 0))
