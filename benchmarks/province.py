"""Province-scale benchmark: hecha end to end against the DuckDB floor and Splink (issue 13).

    python benchmarks/province.py --sizes 25000 50000 100000 [--formats csv parquet]
        [--register-ratio R] [--skip-splink] [--profile] [--work DIR] [--seed S]

For each size and format it generates (or reuses) a drop with the sample
generator (by default with a police register of about ten people per member,
``--register-ratio 9``, as a real county's), times ``hecha run`` in a fresh process (wall time, peak RSS of the
process tree, per-stage timings from the manifest), times the floor query,
runs Splink once per size (on the first format: linking does not depend on the
file format), scores both linkers against the ground truth, prints Markdown
tables and writes every figure to ``benchmarks/results/<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import (  # noqa: E402
    DEFAULT_REGISTER_RATIO, SUMMARY_HEADER, ensure_drop, markdown, run_floor_baseline, run_hecha, run_splink_baseline,
    save_results, score_hecha, stage_table, summary_rows, target_lines,
)

DEFAULT_SEED = 20261130


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25000, 50000, 100000], help="households per drop")
    parser.add_argument("--formats", nargs="+", choices=["csv", "parquet"], default=["csv", "parquet"])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--register-ratio", type=int, default=DEFAULT_REGISTER_RATIO,
                        help=f"non-members per member in the police register (default {DEFAULT_REGISTER_RATIO}: "
                             "about ten people per member)")
    parser.add_argument("--work", type=Path, default=HERE / "data",
                        help="drops and run folders (default benchmarks/data)")
    parser.add_argument("--results", type=Path, default=HERE / "results", help="where the JSON and profiles go")
    parser.add_argument("--skip-splink", action="store_true", help="do not run the Splink baseline")
    parser.add_argument("--splink-timeout", type=float, default=900.0,
                        help="stop Splink after this many seconds; larger sizes are then skipped (default 900)")
    parser.add_argument("--profile", action="store_true", help="run hecha under pyinstrument and save the profile")
    return parser.parse_args(argv)


def measure_size(households: int, args: argparse.Namespace, splink_allowed: bool, stamp: str) -> list[dict]:
    """Every measurement for one size: hecha and the floor per format, Splink once."""
    results = []
    for position, file_format in enumerate(args.formats):
        drop = ensure_drop(args.work, households, args.seed, file_format, args.register_ratio)
        runs = args.work / "runs" / drop.folder.name
        print(f"[{drop.folder.name}] {drop.total_rows:,} rows: floor …", flush=True)
        floor = run_floor_baseline(drop, runs / "floor")
        print(f"[{drop.folder.name}] hecha run{' (profiled)' if args.profile else ''} …", flush=True)
        profile = args.results / f"{stamp}-profile-{drop.folder.name}" if args.profile else None
        hecha = run_hecha(drop, runs / "hecha", profile)
        matches = Path(hecha["output"]) / "matches.parquet"
        if matches.is_file():
            hecha["accuracy"] = score_hecha(drop.truth_dir, matches)
        result = {"households": households, "format": file_format, "rows": drop.total_rows,
                  "rows_by_source": drop.rows, "hecha": hecha, "floor": floor}
        if splink_allowed and position == 0:
            print(f"[{drop.folder.name}] Splink …", flush=True)
            result["splink"] = run_splink_baseline(drop, runs / "splink", args.splink_timeout)
        results.append(result)
    return results


def machine() -> dict:
    """What the figures were measured on."""
    return {"cpus": os.cpu_count(), "memory_bytes": psutil.virtual_memory().total, "python": platform.python_version(),
            **{name: _version(name) for name in ("duckdb", "splink", "prefect", "great-expectations", "pyarrow")}}


def _version(package: str) -> str:
    """The installed version of ``package``, or 'not installed' (Splink comes with the bench extra)."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    """Measure every size (saving the JSON after each), print the tables and the target checks."""
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    settings = {**{k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "machine": machine()}
    results, splink_allowed = [], not args.skip_splink
    for households in sorted(args.sizes):
        results += measure_size(households, args, splink_allowed, stamp)
        saved = save_results(results, settings, args.results, stamp)
        if any((r.get("splink") or {}).get("timed_out") for r in results):
            splink_allowed = False
    print("\n" + markdown(SUMMARY_HEADER, summary_rows(results)))
    print("\nSeconds per stage (manifest timings):\n" + stage_table(results))
    largest = [r for r in results if r["households"] == max(args.sizes)]
    print("\nTargets (issue 13):\n" + "\n".join(line for r in largest for line in target_lines(r)))
    print(f"\nresults: {saved}")
    return 0 if all(r["hecha"].get("returncode") == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
