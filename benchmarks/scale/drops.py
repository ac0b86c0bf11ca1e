"""Province-scale drops: generated once with the sample generator, reused while their stamp matches.

A drop lives in ``WORK/h<households>-s<seed>-r<register ratio>-<format>/`` with ``drop/``,
``truth/`` and ``stamp.json`` (the generator's arguments, a digest of its code
and the row count of every file). It is generated into a hidden sibling and renamed into place, so
an interrupted generation is never mistaken for a finished one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "sample_data" / "generate.py"
STAMP = "stamp.json"


@dataclass(frozen=True)
class Drop:
    """A generated drop: its folders, the arguments that made it and rows per source."""

    folder: Path
    households: int
    seed: int
    file_format: str
    rows: dict[str, int]
    register_ratio: int = 3

    @property
    def drop_dir(self) -> Path:
        return self.folder / "drop"

    @property
    def truth_dir(self) -> Path:
        return self.folder / "truth"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


DEFAULT_REGISTER_RATIO = 9
"""Non-members per member in a benchmark drop's police register: about ten people per member, as a
real county's register holds (the other agencies' extracts cover three non-members per member; the
generator's own default, 3, keeps the sample small)."""


def ensure_drop(work: Path, households: int, seed: int, file_format: str,
                register_ratio: int = DEFAULT_REGISTER_RATIO) -> Drop:
    """The drop for these arguments: reused when its stamp matches, generated otherwise."""
    folder = work / f"h{households}-s{seed}-r{register_ratio}-{file_format}"
    wanted = {"households": households, "seed": seed, "format": file_format, "register_ratio": register_ratio,
              "generator": generator_digest()}
    stamp = _read_stamp(folder)
    if stamp is None or {k: stamp.get(k) for k in wanted} != wanted:
        stamp = _generate(folder, wanted)
    return Drop(folder, households, seed, file_format, stamp["rows"], register_ratio)


def generator_digest() -> str:
    """A digest of the generator's code: a changed generator makes every stored drop stale."""
    digest = hashlib.sha256()
    for path in [GENERATOR, *sorted((GENERATOR.parent / "gen").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_stamp(folder: Path) -> dict | None:
    """The stamp of a finished generation, or None."""
    path = folder / STAMP
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _generate(folder: Path, wanted: dict) -> dict:
    """Run the generator into a hidden sibling, count rows, stamp it and move it into place."""
    partial = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(f"generating {folder.name} …", flush=True)
    subprocess.run([sys.executable, str(GENERATOR), "--households", str(wanted["households"]),
                    "--seed", str(wanted["seed"]), "--out", str(partial), "--formats", wanted["format"],
                    "--register-ratio", str(wanted["register_ratio"])],
                   check=True, cwd=ROOT)
    stamp = {**wanted, "rows": count_rows(partial / "drop")}
    (partial / STAMP).write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return stamp


def source_files(drop_dir: Path) -> dict[str, Path]:
    """Every file of the drop by source (file stem)."""
    return {path.stem: path for path in sorted(drop_dir.iterdir()) if path.suffix in (".csv", ".parquet")}


def scan_sql(path: Path) -> str:
    """A DuckDB table expression reading ``path`` with every column as text."""
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return f"read_csv('{quoted}', all_varchar = true, header = true)"


def count_rows(drop_dir: Path) -> dict[str, int]:
    """Data rows per source, counted by DuckDB."""
    con = duckdb.connect()
    try:
        return {source: con.sql(f"SELECT count(*) FROM {scan_sql(path)}").fetchall()[0][0]
                for source, path in source_files(drop_dir).items()}
    finally:
        con.close()
