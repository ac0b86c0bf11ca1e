"""The output folder: written in a hidden sibling, published in one rename.

A run that fails half-way must leave no half-written output (contract §2), and
a rerun into the same folder replaces the previous run's files as a whole. The
writers here fix the encodings the contract asks for (CSV with a BOM so Excel
opens it; manifest as UTF-8 JSON).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from flows.errors import UsageError

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
def staged_output(target: Path) -> Iterator[Path]:
    """Yield a private folder to write into; on success it replaces ``target`` atomically."""
    check_output_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(target)
    token = uuid.uuid4().hex[:12]
    staging = target.parent / f".{target.name}.partial-{token}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, target, token)


def sweep_leftovers(target: Path) -> None:
    """Remove what a killed run left beside ``target`` (it may hold a warehouse with IDs).

    One writer per output folder is assumed: a run owns its target's siblings.
    """
    for pattern in (f".{target.name}.partial-*", f".{target.name}.old-*"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _publish(staging: Path, target: Path, token: str) -> None:
    """Swap ``staging`` in for ``target``; the old run is removed only after the swap."""
    retired = target.parent / f".{target.name}.old-{token}"
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def write_csv_with_bom(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with a byte-order mark, so Excel shows Chinese text correctly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_json(document: dict, path: Path) -> None:
    """Pretty, key-sorted UTF-8 JSON (Chinese kept readable)."""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
