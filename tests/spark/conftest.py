"""The Spark engine's tests: real Spark in local mode (``local[2]``), one session for the whole test session.

They skip, saying what to install, where pyspark or Java is missing; in CI
(``CI=true``) that fails instead, so the equivalence is never skipped there.
Spark runs with few partitions and no UI (``spark.conf`` below); adaptive
execution is off so that the partitions stay as many as asked for and rows
sharing a key really travel through the shuffle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import flows  # noqa: F401 - puts hecha's Prefect/GX environment defaults in place first
from flows.spark import missing_requirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sample_data"))
sys.path.insert(0, str(Path(__file__).parent))

MASTER = "local[2]"
SETTINGS = """# the Spark tests' settings (HECHA_SPARK_CONF)
spark.sql.shuffle.partitions 3
spark.default.parallelism 2
spark.sql.adaptive.enabled false
spark.ui.enabled false
"""


@pytest.fixture(scope="session")
def spark_ready(tmp_path_factory: pytest.TempPathFactory):
    """Skip (fail in CI) without pyspark or Java; point ``HECHA_SPARK_CONF`` at the tests' settings."""
    missing = missing_requirement()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    settings = tmp_path_factory.mktemp("spark") / "spark.conf"
    settings.write_text(SETTINGS, encoding="utf-8")
    before = os.environ.get("HECHA_SPARK_CONF")
    os.environ["HECHA_SPARK_CONF"] = str(settings)
    yield MASTER
    if before is None:
        os.environ.pop("HECHA_SPARK_CONF", None)
    else:
        os.environ["HECHA_SPARK_CONF"] = before

