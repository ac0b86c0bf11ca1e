"""The extract drop: which file in the input folder is which source, and its fingerprint.

A data officer drops one file per source into a folder. This module finds
them, refuses a folder that lacks a required source, and hashes each file so
the manifest and the run history can tell two drops apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from data_contracts import REQUIRED_SOURCES, SOURCES, check_header, find_extract

from flows.errors import UsageError


@dataclass(frozen=True)
class Extract:
    """One source's file in the drop."""

    source: str
    path: Path
    sha256: str


def source_files(folder: Path) -> dict[str, Path]:
    """Map each source present in ``folder`` to its file; every required source must be there.

    Cheap (a directory listing), so the command line checks it before a flow starts.
    """
    if not folder.is_dir():
        raise UsageError(f"input folder {folder} does not exist or is not a folder")
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    found = {source: find_extract(source, names) for source in SOURCES}
    missing = [s for s in REQUIRED_SOURCES if found[s] is None]
    if missing:
        listed = ", ".join(f"{s}.csv|.parquet|.xlsx" for s in missing)
        raise UsageError(f"input folder {folder} lacks required source file(s): {listed}")
    return {source: folder / name for source, name in found.items() if name is not None}


def check_drop(folder: Path) -> None:
    """Refuse a drop whose folder, required files or file headers are unusable, from the headers alone."""
    for source, path in source_files(folder).items():
        check_header(source, path)


def locate_extracts(folder: Path) -> dict[str, Extract]:
    """The drop's extracts with their fingerprints."""
    return {source: Extract(source, path, file_sha256(path)) for source, path in source_files(folder).items()}


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks so a large extract never sits in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
