"""hecha's orchestration layer: Prefect flows and tasks, the CLI, the per-run warehouse.

Only this package knows Prefect, the command line and the file system. Prefect
reads some settings once, at import time, so the defaults hecha relies on are
put in place here, before anything imports Prefect.
"""

from __future__ import annotations

import os

_ENVIRONMENT_DEFAULTS = {
    # No telemetry: hecha handles personal data and runs on closed networks.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # The in-process server can take >20 s to start on a loaded 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    # Arrow buffers from jemalloc (read by pyarrow when it loads; child processes such as Spark's
    # workers inherit it): with pyarrow's default, mimalloc, staging hr at 100,000 households
    # (4.5 M rows) spent ~8 s of system time in page faults, with jemalloc under 2 s, same results.
    "ARROW_DEFAULT_MEMORY_POOL": "jemalloc",
}

for _name, _value in _ENVIRONMENT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
