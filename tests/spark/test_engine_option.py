"""``--engine`` on ``hecha run``: refused in one line (exit 2) when unknown or when Spark cannot start,
and the local engine never loads pyspark. No Spark session is started here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DROP = ROOT / "sample_data" / "drop"


def _run(tmp_path: Path, *extra: str) -> list[str]:
    return ["run", "--input", str(SAMPLE_DROP), "--output", str(tmp_path / "out"), "--as-of", "2026-11-30", *extra]


def test_an_unknown_engine_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_run(tmp_path, "--engine", "hadoop")) == 2
    assert capsys.readouterr().err.strip() == "Error: --engine must be one of local, spark, got 'hadoop'"
    assert not (tmp_path / "out").exists()


def test_spark_without_java_says_what_to_install(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    if __import__("importlib").util.find_spec("pyspark") is None:
        pytest.skip("pyspark not installed: the Java message is not reached")
    assert main(_run(tmp_path, "--engine", "spark")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: the Spark engine needs Java 17")
    assert "openjdk-17-jre-headless" in err[0]
    assert not (tmp_path / "out").exists()


def test_the_local_engine_never_imports_pyspark() -> None:
    code = "import sys, flows.cli, flows.verify, flows.tasks; print('pyspark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "False"


def test_a_broken_spark_settings_file_is_refused_before_the_run(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from flows.spark import missing_requirement

    if missing_requirement():
        pytest.skip(missing_requirement())
    settings = tmp_path / "spark.conf"
    settings.write_text("spark.executor.memory 4g\nexecutor.cores 2\n", encoding="utf-8")
    assert main(_run(tmp_path, "--engine", "spark", "--spark-conf", str(settings))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"Error: Spark settings file {settings}, line 2: expected 'spark.<key> <value>'"]
    assert not (tmp_path / "out").exists()


def test_a_jvm_out_of_heap_is_an_operators_error_naming_the_setting() -> None:
    from flows.errors import exit_code_for
    from flows.spark.tasks import out_of_memory

    spark_said = RuntimeError("An error occurred while calling o123.collectToPython.\n: java.lang.OutOfMemoryError: "
                              "Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)")
    error = out_of_memory(spark_said, "rules")
    assert error is not None and exit_code_for(error) == 2
    assert str(error).startswith("Spark ran out of Java heap memory in step 'rules'")
    assert "spark.driver.memory" in str(error)
    assert out_of_memory(RuntimeError("Py4JError: connection refused"), "rules") is None
