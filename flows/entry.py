"""The ``hecha`` program (the console script): the command line, then a quick exit.

``flows.cli.main`` runs one command and returns its exit code; tests call it
in-process. As a program, hecha then ends without the interpreter's
teardown: destroying the thousands of modules and objects a run loads
(Prefect, pandas, DuckDB, Arrow …) takes 0.5–1.5 s and does nothing a
finished command needs. What a normal exit does that matters is done first,
in the interpreter's order: threading's exit hooks run (Prefect drains its
log and event workers to the API) and threads that are not daemons are
joined; then the ``atexit`` handlers run (the temporary server is stopped,
logging is shut down); then stdout and stderr are flushed. The order
matters: logs drained after the server stopped would wait 5 s for it.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` after what a normal exit does, without the teardown."""
    threading._shutdown()  # noqa: SLF001 - threading's exit hooks (Prefect drains its log and event workers), joins
    atexit._run_exitfuncs()  # noqa: SLF001 - then the atexit handlers, in their order
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said on it
            pass
    os._exit(code)


def main() -> NoReturn:
    """Console entry point: run the command (``flows.cli.main``) and exit with its code."""
    from flows.cli import main as run_command

    exit_now(run_command())


if __name__ == "__main__":
    main()
