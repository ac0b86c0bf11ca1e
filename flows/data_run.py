"""The latest data run: the one place the agency data of the newest completed run is kept.

An on-demand check needs the staged agency records, the matcher's prepared
keys and weights and the register, all of which are in a run's warehouse.
So once a run is published and recorded, its warehouse is moved (a rename,
no copy) to ``hecha-data-run.duckdb`` beside the run history, replacing the
previous one: a year of nightly runs keeps one copy of the agency data, not
one per night. A run folder keeps its own warehouse only when asked
(``--keep-warehouse``, and always for a campaign snapshot), as a hard link
to the same file where the file system allows.

The warehouse carries a one-row ``data_run`` table saying which run it is,
so that a reader never has to trust a file name.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

DATA_RUN_FILE = "hecha-data-run.duckdb"

_DATA_RUN = """CREATE OR REPLACE TABLE data_run AS
SELECT $run_id AS run_id, $as_of::DATE AS as_of, $rules_dir AS rules_dir, $sources::VARCHAR[] AS sources"""


@dataclass(frozen=True)
class DataRun:
    """Which run a data-run file holds, and what it needs to be checked against."""

    run_id: str
    as_of: date
    rules_dir: str
    sources: tuple[str, ...]


def stamp(con: duckdb.DuckDBPyConnection, run_id: str, as_of: date, rules_dir: Path,
          sources: list[str]) -> None:
    """Write the ``data_run`` row into the run's warehouse."""
    con.execute(_DATA_RUN, {"run_id": run_id, "as_of": as_of, "rules_dir": str(rules_dir.resolve()),
                            "sources": list(sources)})


def read_stamp(con: duckdb.DuckDBPyConnection, catalog: str) -> DataRun:
    """The ``data_run`` row of the warehouse attached as ``catalog``."""
    run_id, as_of, rules_dir, sources = con.execute(
        f"SELECT run_id, as_of, rules_dir, sources FROM {catalog}.data_run").fetchall()[0]
    return DataRun(run_id, as_of, rules_dir, tuple(sources))


def data_run_path(root: Path) -> Path:
    """Where the latest data run of ``root`` is kept."""
    return root / DATA_RUN_FILE


def keep_as_latest(warehouse: Path, root: Path, keep_in_folder: bool) -> Path:
    """Make the published run's ``warehouse`` the latest data run of ``root``.

    The file is renamed into place (copied first only across file systems);
    readers that have the previous one open keep reading it until they reopen.
    """
    target = data_run_path(root)
    fresh = root / f".{DATA_RUN_FILE}.new-{uuid.uuid4().hex[:8]}"
    try:
        if keep_in_folder:
            _link_or_copy(warehouse, fresh)
        else:
            _move(warehouse, fresh)
        os.replace(fresh, target)
    finally:
        fresh.unlink(missing_ok=True)
    return target


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError:
        shutil.copyfile(source, target)
        source.unlink()
