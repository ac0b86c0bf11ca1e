"""The command line's contract: help, exit codes, messages, nothing written on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import main


def test_help_documents_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ["run"]:
        assert command in out


def test_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--input", str(tmp_path), "--output", str(tmp_path / "out"), "--as-of", "2026-02-30"])
    assert code == 2
    assert "Error: --as-of must be a date" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_required_file_names_it_and_writes_nothing(
    drop_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    next(drop_copy.glob("vehicles.*")).unlink()
    output = tmp_path / "out"
    assert main(["run", "--input", str(drop_copy), "--output", str(output)]) == 2
    assert "vehicles" in capsys.readouterr().err
    assert not output.exists()


def test_missing_required_column_names_file_and_column(
    drop_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (drop_copy / "housing.xlsx").unlink(missing_ok=True)
    for old in drop_copy.glob("housing.*"):
        old.unlink()
    (drop_copy / "housing.csv").write_text("record_id,id_number,name,cert_no,usage\nH1,,张三,C1,住宅\n", encoding="utf-8")
    output = tmp_path / "out"
    assert main(["run", "--input", str(drop_copy), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert "housing.csv" in err and "area_m2" in err and "acquired_on" in err
    assert not output.exists()


def test_output_folder_with_foreign_files_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["run", "--input", str(tmp_path), "--output", str(output)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (output / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_prefect_api_start_is_skipped_when_an_api_is_configured() -> None:
    from flows.engine import start_prefect_api
    from prefect.server.api.server import SubprocessASGIServer

    before = dict(SubprocessASGIServer._instances)
    start_prefect_api()()  # the test harness configures an API: nothing may start
    assert SubprocessASGIServer._instances == before


@pytest.mark.parametrize("args, message", [
    (["run", "--input", "drop"], "Missing option '--output'"),
    (["run", "--input", "drop", "--output", "out", "--bogus"], "No such option: --bogus"),
    (["nonsense"], "No such command 'nonsense'"),
])
def test_bad_usage_exits_2_with_the_parser_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err
