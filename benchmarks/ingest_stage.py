"""The ingest stage at province scale (issue 13): read, stage and store every source of a drop.

    python benchmarks/ingest_stage.py [--drop D ...] [--runs 3] [--work DIR]

Each run is a fresh process (benchmarks/scale/ingest_run.py) that ingests a
drop as the flow does — households, then members and the agency sources two
at a time in the flow's order, each ``read_extract_arrow`` → ``stage_source`` →
``store_table`` into an on-disk warehouse. Printed as Markdown, per drop:
the median phase wall and CPU (user + sys) seconds, peak RSS, µs of wall and
CPU per row, and per source the median seconds of each step and rows per second.
All figures go to ``benchmarks/results/<timestamp>-ingest-stage.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path("/work/main/benchmarks/data")
DROPS = [DATA / f"h{n}-s20261202-r9-parquet" / "drop" for n in (25000, 50000, 100000)]
STEPS = ("read", "stage", "store", "wall", "thread_cpu")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drop", type=Path, action="append", help="a drop folder (default: the 25k/50k/100k drops)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per drop (default 3)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ingest-stage"), help="where the warehouses go")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--code", type=Path, default=HERE.parent,
                        help="the checkout whose code is timed (default this one; another one gives 'before')")
    return parser.parse_args(argv)


def one_run(drop: Path, work: Path, code: Path) -> dict:
    """One fresh process ingesting ``drop`` with the code of checkout ``code``; its JSON figures."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(HERE / "scale" / "ingest_run.py"), str(drop), str(work)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(drop: Path, runs: list[dict]) -> list[str]:
    """Markdown lines of one drop's medians."""
    median = lambda key: statistics.median(run[key] for run in runs)  # noqa: E731
    rows = sum(source["rows"] for source in runs[0]["sources"])
    lines = [f"### {drop.parent.name}: {rows:,} rows, {len(runs)} runs",
             f"phase wall {median('wall'):.2f} s, CPU {median('cpu'):.2f} s (sys {median('sys'):.2f}), peak RSS {median('peak_rss_mb'):.0f} MB,"
             f" per row {median('wall') / rows * 1e6:.2f} µs wall, {median('cpu') / rows * 1e6:.2f} µs CPU", "",
             "| source | rows | read s | stage s | store s | wall s | thread CPU s | rows/s |", "|---|" + "---|" * 7]
    for i, source in enumerate(runs[0]["sources"]):
        step = {key: statistics.median(run["sources"][i][key] for run in runs) for key in STEPS}
        lines.append(f"| {source['source']} | {source['rows']:,} | " + " | ".join(f"{step[k]:.2f}" for k in STEPS)
                     + f" | {source['rows'] / step['wall']:,.0f} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> None:
    """Time every drop, print the medians, keep every figure."""
    args = parse_args(argv)
    print(f"code: {args.code}, load: {os.getloadavg()[0]:.2f}\n")
    results = {}
    for drop in args.drop or DROPS:
        runs = [one_run(drop, args.work, args.code) for _ in range(args.runs)]
        results[str(drop)] = runs
        print("\n".join(summary(drop, runs)), flush=True)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    (args.results / f"{stamp}-ingest-stage.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
