"""The output folder: written in a hidden sibling, published and recorded as one step.

A run that fails half-way must leave no half-written output (contract §2), a
rerun into the same folder replaces the previous run's files as a whole, and a
run is either published and in the history, or neither. The
writers here fix the encodings the contract asks for (CSV with a BOM so Excel
opens it; manifest as UTF-8 JSON).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from flows.errors import HechaError, UsageError

MANIFEST = "manifest.json"


def check_output_target(target: Path) -> None:
    """Refuse a target that exists and holds something other than a previous hecha run."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"output {target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise UsageError(
            f"output folder {target} is not empty and holds no hecha {MANIFEST}; "
            "choose an empty or new folder"
        )


@contextmanager
def staged_output(target: Path, is_recorded: Callable[[str], bool]) -> Iterator[Path]:
    """Yield a private folder to write into; ``publish_and_record`` swaps it in.

    Whatever is left of it when the block ends (a failure, or no publication) is
    removed. Before it starts, what a killed run left beside ``target`` is
    settled (``recover``), so the previous output is never lost.
    """
    check_output_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target, is_recorded)
    staging = target.parent / f".{target.name}.partial-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _marker(target: Path) -> Path:
    return target.parent / f".{target.name}.publishing.json"


def publish_and_record(staging: Path, target: Path, run_id: str, record: Callable[[], None]) -> None:
    """Swap ``staging`` in for ``target`` and record the run, as one step.

    A marker names the run being published; the previous output is kept aside
    until ``record`` (the history transaction) has committed. If recording
    fails, the swap is undone; if the process dies in between, the next run's
    ``recover`` finishes or undoes it by asking the history whether the run
    was recorded.
    """
    if any(staging.rglob("*.wal")):
        raise HechaError(f"a database in {staging.name} was not checkpointed; nothing published")
    retired = target.parent / f".{target.name}.old-{run_id}"
    write_json({"run_id": run_id, "retired": retired.name}, _marker(target))
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    try:
        record()
    except BaseException:
        target.rename(staging)
        if retired.exists():
            retired.rename(target)
        _marker(target).unlink(missing_ok=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    _marker(target).unlink(missing_ok=True)


def recover(target: Path, is_recorded: Callable[[str], bool]) -> None:
    """Settle what a killed run left beside ``target``: finish a publication the history
    recorded, undo one it did not, and remove unfinished output (it may hold IDs).

    One writer per output folder is assumed: a run owns its target's siblings.
    """
    marker = _marker(target)
    if marker.exists():
        publishing = json.loads(marker.read_text(encoding="utf-8"))
        retired = target.parent / publishing["retired"]
        if not is_recorded(publishing["run_id"]):
            if _run_id(target) == publishing["run_id"]:
                shutil.rmtree(target)
            if retired.exists():
                retired.rename(target)
        marker.unlink()
    for pattern in (f".{target.name}.partial-*", f".{target.name}.old-*"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _run_id(folder: Path) -> str | None:
    """The run id in a published folder's manifest, or None."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError):
        return None


def write_csv_with_bom(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with a byte-order mark, so Excel shows Chinese text correctly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_json(document: dict, path: Path) -> None:
    """Pretty, key-sorted UTF-8 JSON (Chinese kept readable)."""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
