"""Prefect's temporary API server, started early so its start-up overlaps hecha's imports.

With no Prefect API configured, the first flow call starts a local server in a
subprocess (≈5 s) and only then runs; importing the stages (Great Expectations
above all) costs another ≈5 s. Starting the server in a background thread
before those imports lets the two overlap on a 2-core machine.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def start_prefect_api() -> Callable[[], None]:
    """Start the temporary server in the background if one will be needed; return a wait function.

    The wait function must be called before the first flow runs, so the flow
    never finds a server that is still starting.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return lambda: None

    def start() -> None:
        from prefect.server.api.server import SubprocessASGIServer

        SubprocessASGIServer().start()

    thread = threading.Thread(target=start, name="prefect-api-start", daemon=True)
    thread.start()
    return thread.join


def hide_tracebacks() -> None:
    """Keep Prefect's progress lines but not its tracebacks (those are for ``--debug``).

    Prefect configures its log handlers when a flow starts, so the traceback is
    dropped where records are made: a record factory that clears ``exc_info``
    for Prefect's loggers (the message, which names the exception, stays).
    """
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "hides_tracebacks", False):
        return

    def without_traceback(name: str, *args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(name, *args, **kwargs)
        if name.startswith("prefect"):
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return record

    without_traceback.hides_tracebacks = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(without_traceback)


@contextmanager
def signals_crash_the_run() -> Iterator[None]:
    """Let a signal that lands inside a DuckDB query end the flow as a crash.

    Prefect turns SIGTERM into a BaseException so that the flow run is marked
    Crashed; DuckDB, interrupted by it mid-query, raises its own "Query
    interrupted" error instead, which would mark the run Failed as if hecha had
    a bug. hecha never interrupts its own queries, so such an error is re-raised
    as the interruption it is.
    """
    try:
        yield
    except Exception as error:
        import duckdb

        interrupted = isinstance(error, getattr(duckdb, "InterruptException", ())) or \
            (isinstance(error, RuntimeError) and "Query interrupted" in str(error))
        if interrupted:
            raise KeyboardInterrupt("terminated while a query ran") from error
        raise
