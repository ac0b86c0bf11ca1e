"""The SparkSession a run uses: its master, its settings, and the addresses it binds.

Settings come, later ones winning, from hecha's defaults, Spark's own
``$SPARK_CONF_DIR/spark-defaults.conf`` (read by Spark itself), the file named
by ``--spark-conf`` or ``HECHA_SPARK_CONF`` (``key value`` or ``key=value``
lines, ``#`` comments: the spark-defaults format). On a local master the
driver binds to 127.0.0.1 only (``SPARK_LOCAL_IP``, ``spark.driver.host``,
``spark.driver.bindAddress``), never to the host's address, and the Python
workers run this interpreter (``PYSPARK_PYTHON``) with this checkout first on
their path, so they import the same hecha as the driver. On a cluster the
executors need Java 17 and the same Python environment with hecha installed
(README, "Running on Spark").
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from flows.errors import UsageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOCALHOST = "127.0.0.1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_VARIABLE = "HECHA_SPARK_CONF"
DEFAULTS = {
    "spark.app.name": "hecha",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.debug.maxToStringFields": "1000",  # the rules stage's plan is wide: no truncation warning
    "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={Path(__file__).with_name('log4j2.properties')}",
}
_log = logging.getLogger("hecha.spark")


def read_settings(path: Path | None) -> dict[str, str]:
    """The settings of a spark-defaults style file (``key value`` or ``key=value`` per line)."""
    if path is None:
        return {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"Spark settings file {path}: {error.strerror or 'cannot be read'}") from None
    settings = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.replace("=", " ", 1).partition(" ")
        if not key.startswith("spark.") or not value.strip():
            raise UsageError(f"Spark settings file {path}, line {number}: expected 'spark.<key> <value>'")
        settings[key] = value.strip()
    return settings


def is_local(master: str) -> bool:
    """True for Spark's in-process masters (``local``, ``local[N]``, ``local[*]``)."""
    return master == "local" or master.startswith("local[")


def settings_file(given: Path | None) -> dict[str, str]:
    """The settings of ``--spark-conf`` (else of the file ``HECHA_SPARK_CONF`` names; else none)."""
    chosen = given or (Path(os.environ[SETTINGS_VARIABLE]) if os.environ.get(SETTINGS_VARIABLE) else None)
    return read_settings(chosen)


def session_settings(master: str, given: Path | None) -> dict[str, str]:
    """Every setting the session is built with; a local master is bound to 127.0.0.1."""
    settings = {**DEFAULTS, **settings_file(given)}
    if is_local(master):
        settings.update({"spark.driver.host": LOCALHOST, "spark.driver.bindAddress": LOCALHOST})
        known = os.environ.get("PYTHONPATH", "")
        settings["spark.executorEnv.PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), known) if p)
    return settings


def spark_session(master: str, settings_path: Path | None = None) -> SparkSession:
    """The process's SparkSession on ``master`` (created on first use, then shared).

    The Spark UI's address goes to the log; a session already running (a
    test's, an earlier run's in the same process) is reused as it is.
    """
    if is_local(master):
        os.environ["SPARK_LOCAL_IP"] = LOCALHOST
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master)
    for key, value in session_settings(master, settings_path).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    _SESSIONS[:] = [session]
    _log.info("Spark %s on %s; UI %s", session.version, session.sparkContext.master,
              session.sparkContext.uiWebUrl or "disabled")
    return session


_SESSIONS: list[SparkSession] = []


def current_session() -> SparkSession:
    """The session ``spark_session`` built for this run (the ingest tasks run in other threads,
    where Spark's own notion of the active session does not reach)."""
    if not _SESSIONS:
        raise RuntimeError("the Spark engine's session was not started")
    return _SESSIONS[-1]
