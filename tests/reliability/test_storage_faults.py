"""Storage faults: a run is published and recorded as one step; the history is never lost.

Disk full and read-only filesystems are real small tmpfs mounts where the
machine allows it (root), and injected ``OSError``s at the filesystem calls
otherwise; a damaged history is a real damaged file, a locked one a real
second process holding DuckDB's lock.
"""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from reliability_helpers import run_hecha

from flows.cli import main
from flows.history import HISTORY_FILE
from flows.outputs import publish_and_record, recover


def _folder(path: Path, run_id: str) -> Path:
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"run_id": run_id}), encoding="utf-8")
    return path


def _manifest_run(folder: Path) -> str:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["run_id"]


def test_a_failed_recording_undoes_the_publication(tmp_path: Path) -> None:
    target, staging = _folder(tmp_path / "out", "R1"), _folder(tmp_path / ".out.partial-x", "R2")

    def record() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / HISTORY_FILE))

    with pytest.raises(OSError):
        publish_and_record(staging, target, "R2", record)
    assert _manifest_run(target) == "R1" and sorted(p.name for p in tmp_path.iterdir()) == [".out.partial-x", "out"]


@pytest.mark.parametrize(("recorded", "survivor"), [(False, "R1"), (True, "R2")])
def test_a_publication_killed_before_it_finished_is_settled_by_the_history(
        tmp_path: Path, recorded: bool, survivor: str) -> None:
    target = _folder(tmp_path / "out", "R2")
    _folder(tmp_path / ".out.old-R2", "R1")
    (tmp_path / ".out.publishing.json").write_text(json.dumps({"run_id": "R2", "retired": ".out.old-R2"}))
    recover(target, lambda run_id: recorded)
    assert _manifest_run(target) == survivor and [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("damage", [b"", b"not a database" * 500])
def test_a_damaged_history_is_named_in_one_line_and_never_overwritten(
        drop_copy: Path, tmp_path: Path, damage: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "runs" / HISTORY_FILE
    history.parent.mkdir()
    history.write_bytes(damage)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 2 and outcome.stderr.count("Error:") == 1
    assert f"the run history {history} is damaged" in outcome.stderr and "restore the latest backup" in outcome.stderr
    assert history.read_bytes() == damage and not (tmp_path / "runs" / "out").exists()
    assert main(["runs", "--output-root", str(history.parent)]) == 2
    assert main(["history", "check", "--output-root", str(history.parent)]) == 2


def test_a_history_locked_too_long_is_a_clear_error(drop_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "runs"
    assert run_hecha(drop_copy, root / "first").code == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(root / HISTORY_FILE)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("HECHA_HISTORY_LOCK_WAIT", "1")
        outcome = run_hecha(drop_copy, root / "second")
    finally:
        holder.kill()
        holder.wait()
    assert outcome.code == 2 and "is locked by another process for more than 1 s" in outcome.stderr
    assert not (root / "second").exists()


def test_backup_is_a_consistent_copy_and_check_passes(drop_copy: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "runs"
    assert run_hecha(drop_copy, root / "out").code == 0
    assert main(["history", "backup", "--output-root", str(root), "--to", str(tmp_path / "bk" / HISTORY_FILE)]) == 0
    assert main(["history", "check", "--output-root", str(tmp_path / "bk")]) == 0
    assert "runs 1, run_flags" in capsys.readouterr().out
    with duckdb.connect(str(tmp_path / "bk" / HISTORY_FILE)) as con:
        con.execute("INSERT INTO run_flags (run_id, household_id) VALUES ('ghost', 'H1')")
    assert main(["history", "check", "--output-root", str(tmp_path / "bk")]) == 2
    assert "flags of a run that is not recorded: 1 (ghost)" in capsys.readouterr().err


def test_a_full_disk_while_writing_flags_leaves_nothing_and_exits_2(
        drop_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write = pd.DataFrame.to_csv

    def disk_full(frame: pd.DataFrame, path: object = None, *args: object, **kwargs: object) -> object:
        if str(path).endswith("flags.csv"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full)
    outcome = run_hecha(drop_copy, tmp_path / "runs" / "out")
    assert outcome.code == 2 and outcome.stderr.count("Error:") == 1
    assert "no space left on the device holding" in outcome.stderr and "flags.csv" in outcome.stderr
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == []


def _mount(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize(("options", "words"), [("size=6m", "no space left on the device holding"),
                                                 ("ro,size=1m", "Read-only file system")])
def test_a_real_small_or_read_only_filesystem(drop_copy: Path, tmp_path: Path, options: str, words: str) -> None:
    where = tmp_path / "mnt"
    if not _mount(where, options):
        pytest.skip("mounting a tmpfs needs root and the mount capability")
    try:
        outcome = run_hecha(drop_copy, where / "out")
        assert outcome.code == 2 and outcome.stderr.count("Error:") == 1 and words in outcome.stderr
        assert list(where.iterdir()) == []
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_an_output_root_that_cannot_be_written_is_named_and_exits_2(
        drop_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make = Path.mkdir

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(tmp_path / "ro"):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        make(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    outcome = run_hecha(drop_copy, tmp_path / "ro" / "out")
    assert outcome.code == 2 and outcome.stderr.count("Error:") == 1
    assert f"cannot write {tmp_path / 'ro'}" in outcome.stderr and "(Read-only file system)" in outcome.stderr
