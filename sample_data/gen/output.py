"""Writing a drop to disk: `DIR/drop/<source>.<ext>` and `DIR/truth/<table>.csv`."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from .drop import Drop
from .schema import SOURCES
from .writers import write_table


def write_drop(drop: Drop, out: Path, formats: str = "mixed") -> dict[str, Path]:
    """Write every source and truth table under out; stale files of other formats are removed."""
    drop_dir, truth_dir = out / "drop", out / "truth"
    drop_dir.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    for stale in drop_dir.iterdir():
        if stale.stem in SOURCES and stale.suffix in (".csv", ".parquet", ".xlsx"):
            stale.unlink()
    written = {s: write_table(pa.table(drop.tables[s]), drop_dir, s, formats) for s in SOURCES}
    for name, frame in drop.truth.items():
        frame.to_csv(truth_dir / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    return written
