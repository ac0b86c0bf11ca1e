"""Start-up benchmark: the bundled sample drop and bad input, each as whole ``hecha`` processes (issue 13).

    .venv/bin/python benchmarks/startup.py [--runs 5] [--cases sample missing-folder ...]
        [--hecha .venv/bin/hecha] [--work DIR] [--prefect-home DIR] [--fresh-home]

Each case runs ``--runs`` times, one process at a time (never run two
benchmarks at once on a small machine), and the medians are printed:
wall seconds, CPU seconds of the process and every process it waited for
(Prefect's temporary server included) and the exit code. The load average
before each run is kept, since other work on the machine shows in wall time
but hardly in CPU time. Targets (issue 13): the sample ≤ 6 s, bad input ≤ 2 s,
each bad-input case exits 2 with exactly one ``Error:`` line.

Cases:
  sample           hecha run over sample_data/drop (as of 2026-06-30), output replaced each time
  missing-folder   --input names a folder that does not exist
  missing-file     the drop without its hukou file
  missing-column   the drop whose households file lacks declared_monthly_income
  bad-date         --as-of 2026-13-45

Prefect's database is the one a user's run writes (``PREFECT_HOME`` as set,
else ``~/.prefect``); ``--prefect-home DIR`` points the runs at another one,
``--fresh-home`` gives every run a new, empty one (a first run on a new
machine: the database is created). A configured ``PREFECT_API_URL`` is passed
through: unset it to measure the temporary server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
AS_OF = "2026-06-30"
CASES = ("sample", "missing-folder", "missing-file", "missing-column", "bad-date")
TARGETS = {"sample": 6.0}
BAD_INPUT_TARGET = 2.0


@dataclass(frozen=True)
class Run:
    """One whole-process run: wall and CPU seconds, exit code, stderr's Error lines, load before it."""

    seconds: float
    cpu_seconds: float
    returncode: int
    error_lines: int
    load: float


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (default 5)")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--hecha", type=Path, default=ROOT / ".venv" / "bin" / "hecha", help="the hecha executable")
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder, kept (default: a temporary one, removed at the end)")
    parser.add_argument("--prefect-home", type=Path, default=None, help="PREFECT_HOME for the runs")
    parser.add_argument("--fresh-home", action="store_true", help="a new, empty PREFECT_HOME for every run")
    parser.add_argument("--json", type=Path, default=None, help="also write every run to this JSON file")
    return parser.parse_args(argv)


def bad_drops(work: Path) -> dict[str, Path]:
    """The drops of the bad-input cases, built once from the sample drop."""
    no_hukou = work / "drop-missing-file"
    no_column = work / "drop-missing-column"
    for folder in (no_hukou, no_column):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(SAMPLE_DROP, folder)
    (no_hukou / "hukou.parquet").unlink()
    households = no_column / "households.csv"
    with households.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row[:-1] for row in csv.reader(handle)]  # the last column: declared_monthly_income
    with households.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return {"missing-file": no_hukou, "missing-column": no_column}


def command(case: str, hecha: Path, work: Path, drops: dict[str, Path]) -> list[str]:
    """The command line of one case."""
    drop = {"missing-folder": work / "no-such-folder", **drops}.get(case, SAMPLE_DROP)
    as_of = "2026-13-45" if case == "bad-date" else AS_OF
    return [str(hecha), "run", "--input", str(drop), "--output", str(work / "out" / case), "--as-of", as_of]


def children_cpu() -> float:
    """User + system seconds of every waited-for descendant so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv: list[str], env: dict[str, str], log: Path) -> Run:
    """Run ``argv`` to the end; its stderr goes to ``log``."""
    load = os.getloadavg()[0]
    cpu_before = children_cpu()
    started = time.perf_counter()
    with log.open("wb") as stderr:
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    errors = sum(line.startswith("Error:") for line in log.read_text(encoding="utf-8", errors="replace").splitlines())
    return Run(seconds, children_cpu() - cpu_before, done.returncode, errors, load)


def environment(args: argparse.Namespace, work: Path, run: int) -> dict[str, str]:
    """The runs' environment: this one, with PREFECT_HOME as asked (else as set)."""
    env = dict(os.environ)
    home = work / f"prefect-home-{run}" if args.fresh_home else args.prefect_home
    if home is not None:
        if args.fresh_home:
            shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True, exist_ok=True)
        env["PREFECT_HOME"] = str(home)
    return env


def verdict(case: str, runs: list[Run]) -> str:
    """Whether the case met its target and behaved (exit code, one Error line)."""
    median = statistics.median(r.seconds for r in runs)
    if case == "sample":
        ok = all(r.returncode == 0 for r in runs)
        target = TARGETS["sample"]
    else:
        ok = all(r.returncode == 2 and r.error_lines == 1 for r in runs)
        target = BAD_INPUT_TARGET
    return ("ok" if median <= target else f"over {target:g} s") + ("" if ok else ", WRONG EXIT/ERROR LINES")


def main(argv: list[str] | None = None) -> int:
    """Run every case ``--runs`` times and print the medians."""
    args = parse_args(argv)
    if args.work is None:
        with tempfile.TemporaryDirectory(prefix="hecha-startup-") as scratch:
            return measure(args, Path(scratch))
    args.work.mkdir(parents=True, exist_ok=True)
    return measure(args, args.work)


def measure(args: argparse.Namespace, work: Path) -> int:
    """Run every case in ``work`` and print the table."""
    drops = bad_drops(work)
    api = os.environ.get("PREFECT_API_URL") or "none (temporary server)"
    print(f"hecha {args.hecha}; Prefect API: {api}; {args.runs} run(s) per case; scratch {work}", flush=True)
    results: dict[str, list[Run]] = {}
    for case in args.cases:
        argv_ = command(case, args.hecha, work, drops)
        results[case] = []
        for number in range(args.runs):
            run = run_once(argv_, environment(args, work, number), work / f"{case}-{number}.stderr")
            results[case].append(run)
            print(f"  {case:15s} run {number + 1}: {run.seconds:6.2f} s wall, {run.cpu_seconds:6.2f} s CPU, "
                  f"exit {run.returncode}, load {run.load:.2f}", flush=True)
    print()
    print("| case | median wall s | min–max s | median CPU s | exit | Error lines | target |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for case, runs in results.items():
        walls = [r.seconds for r in runs]
        print(f"| {case} | {statistics.median(walls):.2f} | {min(walls):.2f}–{max(walls):.2f} | "
              f"{statistics.median(r.cpu_seconds for r in runs):.2f} | "
              f"{','.join(sorted({str(r.returncode) for r in runs}))} | "
              f"{','.join(sorted({str(r.error_lines) for r in runs}))} | {verdict(case, runs)} |")
    loads = [r.load for runs in results.values() for r in runs]
    print(f"\nload average before the runs: {min(loads):.2f}–{max(loads):.2f} (2 cores: above ~0.5 the wall times "
          "include other work)")
    if args.json:
        args.json.write_text(json.dumps({case: [r.__dict__ for r in runs] for case, runs in results.items()},
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
