"""Generate a synthetic extract drop and its ground truth.

    python sample_data/generate.py --households N --seed S --out DIR
        [--formats mixed|csv|parquet] [--as-of YYYY-MM-DD] [--register-ratio R]

Writes DIR/drop/<source>.<ext> (the nine sources of the interface contract)
and DIR/truth/*.csv; the same arguments always give byte-identical files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import build_drop, write_drop  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options (defaults give the shipped sample)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=300, help="number of households (default 300)")
    parser.add_argument("--seed", type=int, default=20261130, help="random seed (default 20261130)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="output folder; drop/ and truth/ are written inside (default sample_data/)")
    parser.add_argument("--formats", choices=["mixed", "csv", "parquet"], default="mixed",
                        help="mixed: CSV (UTF-8, BOM, GB18030), xlsx and Parquet across sources")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30),
                        help="date whose parameters the truth flags use (default 2026-11-30)")
    parser.add_argument("--register-ratio", type=int, default=3,
                        help="non-members per member in the police register (hukou), at least 3; the other "
                             "agencies' extracts always cover 3 per member (default 3; a real county's register "
                             "holds about 9, which the province benchmark uses)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate, write and print a one-line summary."""
    args = parse_args(argv)
    if args.households < 1 or args.register_ratio < 3:
        print("--households must be at least 1 and --register-ratio at least 3", file=sys.stderr)
        return 2
    started = time.perf_counter()
    drop = build_drop(args.households, args.seed, args.as_of, args.register_ratio)
    write_drop(drop, args.out, args.formats)
    rows = " ".join(f"{s}={len(next(iter(t.values())))}" for s, t in drop.tables.items())
    print(f"households={drop.households} members={drop.members} | rows: {rows} | "
          f"bad_rows={len(drop.truth['quarantine'])} links={len(drop.truth['links'])} "
          f"flags={len(drop.truth['flags'])} | seconds={time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
