"""The Spark engine (``hecha run --engine spark``): the same stages, distributed by Spark.

Only ``flows/`` knows engines. Nothing here imports pyspark at import time:
the local engine's start-up must not pay for it. ``require_spark`` says what
to install when the engine is asked for and cannot run; ``session`` builds
the SparkSession; ``readers`` reads Parquet and UTF-8 CSV with Spark where it
gives the local reader's rows; ``ingest`` validates each source partitioned by
its key with the same staging code the local engine runs; ``household_rules``
runs ``rules.evaluate`` per partition of households; ``progress`` logs each
step's Spark stages; ``tasks`` wraps them for the verification flow
(docs/pipeline.md, "The Spark engine").
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from flows.errors import UsageError

DEFAULT_MASTER = "local[*]"
ENGINES = ("local", "spark")


def _java() -> str | None:
    """The java binary Spark will start: ``$JAVA_HOME/bin/java``, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def missing_requirement() -> str:
    """What the Spark engine lacks on this machine ('' when pyspark and Java are both there)."""
    if importlib.util.find_spec("pyspark") is None:
        return "the Spark engine needs pyspark: pip install 'hecha[spark]' (or pip install 'pyspark>=4.0,<5')"
    if _java() is None:
        return ("the Spark engine needs Java 17: install it (Debian: apt-get install openjdk-17-jre-headless) "
                "or set JAVA_HOME")
    return ""


def require_spark() -> None:
    """Raise ``UsageError`` (exit 2) naming what to install when the Spark engine cannot start."""
    missing = missing_requirement()
    if missing:
        raise UsageError(missing)
