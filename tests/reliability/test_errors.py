"""Errors by intent: the operator's problems exit 2, hecha's own faults exit 1, one line each."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from reliability_helpers import AS_OF

import data_contracts
from data_contracts.compiled import UncompilableSuite
from flows.errors import EXIT_FAILED, EXIT_USAGE, InternalError, classify, describe, exit_code_for

HECHA = Path(sys.executable).parent / "hecha"


@pytest.mark.parametrize(("error", "code", "words"), [
    (data_contracts.UnusableExtract("vehicles", "vehicles.csv", "missing required column(s): status"), EXIT_USAGE,
     "vehicles.csv (vehicles): missing"),
    (data_contracts.ContractFault("hr: ledger does not balance"), EXIT_FAILED, "internal error (ContractFault"),
    (UncompilableSuite("expect_column_to_exist"), EXIT_FAILED, "internal error (UncompilableSuite"),
    (OSError(errno.ENOSPC, "No space left on device", "/srv/out/flags.csv"), EXIT_USAGE,
     "no space left on the device holding /srv/out/flags.csv"),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/ro/.out.partial-1"), EXIT_USAGE,
     "cannot write /mnt/ro/.out.partial-1 (Read-only file system)"),
    (OSError(errno.EIO, "Input/output error"), EXIT_FAILED, "internal error (OSError"),
    (KeyError("530102199001011234"), EXIT_FAILED, "internal error (KeyError: '<id>')"),
])
def test_each_failure_is_the_operators_or_ours(error: BaseException, code: int, words: str) -> None:
    problem = classify(error)
    assert problem.exit_code == code and words in str(problem)
    if code == EXIT_FAILED:
        assert isinstance(problem, InternalError) and "rerun with --debug" in str(problem)
        assert "530102199001011234" not in str(problem)


def test_the_exit_code_and_the_line_are_those_of_the_errors_branch() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/srv/out/flags.csv")
    assert exit_code_for(full) == EXIT_USAGE
    assert describe(full) == "no space left on the device holding /srv/out/flags.csv: free some space and rerun"
    ours = KeyError("530102199001011234")
    assert exit_code_for(ours) == EXIT_FAILED
    assert describe(ours) == "internal error (KeyError: '<id>'); rerun with --debug for the traceback and report it"


# DuckDB's own words for a file it could not open or write (as DuckDB 1.x prints them).
@pytest.mark.parametrize(("message", "line"), [
    ('IO Error: Could not write file "/srv/out/hecha-history.duckdb.wal": No space left on device',
     "no space left on the device holding /srv/out/hecha-history.duckdb.wal: free some space and rerun"),
    ('IO Error: Cannot open file "/mnt/ro/hecha-history.duckdb": Read-only file system',
     "cannot write /mnt/ro/hecha-history.duckdb (Read-only file system): choose a writable location"),
    ('IO Error: Cannot open file "/sys/hecha-history.duckdb": Permission denied',
     "cannot write /sys/hecha-history.duckdb (Permission denied): choose a writable location"),
])
def test_duckdb_failing_on_a_full_or_unwritable_disk_is_the_operators_problem_named_with_its_file(
        message: str, line: str) -> None:
    error = duckdb.IOException(message)
    assert (exit_code_for(error), describe(error)) == (EXIT_USAGE, line)


def test_any_other_os_error_on_a_file_names_the_file_and_the_systems_words() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/in/vehicles.csv")
    assert (exit_code_for(missing), describe(missing)) == (EXIT_USAGE, "/srv/in/vehicles.csv: No such file or directory")
    assert describe(OSError(errno.EIO, None, "/srv/in/vehicles.csv")) == "/srv/in/vehicles.csv: OSError"


def test_an_error_without_words_is_named_by_its_type() -> None:
    assert describe(RuntimeError()) == "internal error (RuntimeError); rerun with --debug for the traceback and report it"
    assert describe(RuntimeError("  ")) == describe(RuntimeError())
    assert (exit_code_for(data_contracts.ContractError()), describe(data_contracts.ContractError())) == \
        (EXIT_USAGE, "ContractError")


def _hecha(drop: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "prefect").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    return subprocess.run([str(HECHA), "run", "--input", str(drop), "--output", str(tmp_path / "out"),
                           "--as-of", AS_OF], capture_output=True, text=True, env=env, timeout=300)


def test_a_missing_column_is_answered_before_the_orchestrator_starts(drop_copy: Path, tmp_path: Path) -> None:
    vehicles = pd.read_csv(drop_copy / "vehicles.csv", dtype=str, encoding="gb18030")
    vehicles.drop(columns=["status"]).to_csv(drop_copy / "vehicles.csv", index=False, encoding="gb18030")
    done = _hecha(drop_copy, tmp_path)
    assert done.returncode == EXIT_USAGE and done.stderr.strip().splitlines() == [
        "Error: vehicles.csv (vehicles): missing required column(s): status"]


def test_a_failure_inside_the_flow_prints_one_error_line_and_no_traceback(drop_copy: Path, tmp_path: Path) -> None:
    data = (drop_copy / "vehicles.csv").read_bytes()  # GB18030, with UTF-8 text added far below the header
    (drop_copy / "vehicles.csv").write_bytes(data + "VX1,,张三,云A1,小型轿车,2024-01-01,正常\n".encode("utf-8"))
    done = _hecha(drop_copy, tmp_path)
    assert done.returncode == EXIT_USAGE
    assert "temporary server" in done.stderr  # the flow ran: the file's header was fine
    assert done.stderr.count("Error:") == 1 and "Traceback" not in done.stderr + done.stdout
    assert "Error: vehicles.csv (vehicles): mixed encodings" in done.stderr
