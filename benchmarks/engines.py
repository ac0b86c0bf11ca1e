"""Time both engines on the same drops: ``hecha run`` (local) against ``hecha run --engine spark``.

    python benchmarks/engines.py [--sizes 25000 50000 100000] [--master local[*]] [--format csv]
        [--spark-conf FILE] [--event-log] [--engines local spark] [--work DIR] [--seed S]

Each drop comes from the sample generator (``benchmarks/data/``, reused while
its stamp matches). Each engine runs it once in a fresh process into a fresh
output folder; wall time, CPU seconds and peak RSS of the process tree
(Spark's JVM and workers included) and the per-stage timings of the manifest
are printed with the cost per row (microseconds of wall time per input row),
checked to give the same flags, and written to
``benchmarks/results/engines-<timestamp>.json``. With ``--event-log`` the Spark
run writes Spark's event log into its run folder and its per-step, per-stage
and per-task costs (``spark_stages.py``) are printed and saved with it.
Needs the bench and spark extras and Java 17. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale.drops import ROOT, Drop, ensure_drop  # noqa: E402
from scale.hecha_run import AS_OF, _from_manifest  # noqa: E402
from scale.processes import run_measured  # noqa: E402
from scale.report import markdown, save_results  # noqa: E402
from spark_stages import markdown as stage_table  # noqa: E402
from spark_stages import read_events, stage_costs, step_totals  # noqa: E402

SEED = 20261130


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    parser.add_argument("--format", default="csv", choices=["csv", "parquet", "mixed"])
    parser.add_argument("--spark-conf", type=Path, default=None, help="Spark settings file (--spark-conf)")
    parser.add_argument("--event-log", action="store_true", help="keep Spark's event log; report per-stage costs")
    parser.add_argument("--engines", nargs="+", default=["local", "spark"], choices=["local", "spark"],
                        help="which engines to time (default both; the flags are compared when both run)")
    parser.add_argument("--work", type=Path, default=HERE / "data", help="where drops and runs live")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    return parser.parse_args(argv)


def run_engine(drop: Drop, engine: str, run_dir: Path, args: argparse.Namespace) -> dict:
    """One ``hecha run`` of ``drop`` on ``engine`` in a fresh process; its measurements."""
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    command = [sys.executable, "-m", "flows.cli", "run", "--input", str(drop.drop_dir), "--output",
               str(run_dir / "out"), "--as-of", AS_OF, "--history", str(run_dir / "history.duckdb")]
    if engine == "spark":
        command += ["--engine", "spark", "--spark-master", args.master]
        settings = spark_settings(args, run_dir)
        command += ["--spark-conf", str(settings)] if settings else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    measured = run_measured(command, run_dir / "hecha.log", cwd=ROOT, env=env)
    result = {"engine": engine, "households": drop.households, "rows": drop.total_rows,
              "returncode": measured.returncode, "seconds": measured.seconds,
              "peak_rss_bytes": measured.peak_rss_bytes, "cpu_seconds": measured.cpu_seconds,
              "log": str(measured.log)}
    if engine == "spark" and args.event_log:
        result["spark_stages"] = _stages(run_dir / "events")
    return {**result, **_from_manifest(run_dir / "out")}


def spark_settings(args: argparse.Namespace, run_dir: Path) -> Path | None:
    """The settings file of the Spark run: ``--spark-conf``'s, plus the event log when asked."""
    if not args.event_log:
        return args.spark_conf
    (run_dir / "events").mkdir()
    given = args.spark_conf.read_text(encoding="utf-8") if args.spark_conf else ""
    settings = run_dir / "spark.conf"
    settings.write_text(f"{given}\nspark.eventLog.enabled true\nspark.eventLog.dir file://{run_dir / 'events'}\n",
                        encoding="utf-8")
    return settings


def _stages(folder: Path) -> dict:
    """Per-stage and per-step costs from the one event log in ``folder`` (empty when none was written)."""
    logs = sorted(folder.glob("*"))
    if not logs:
        return {}
    stages = stage_costs(read_events(logs[-1]))
    return {"stages": stages, "steps": step_totals(stages)}


def row(result: dict) -> list[str]:
    """One line of the table: engine, size, wall time, cost per row, peak memory, the slowest stages."""
    timings = result.get("timings") or {}
    slowest = ", ".join(f"{k} {v:.1f}" for k, v in sorted(timings.items(), key=lambda kv: -kv[1])[:3])
    return [result["engine"], f"{result['households']:,}", f"{result['rows']:,}", f"{result['seconds']:.1f}",
            f"{result.get('cpu_seconds', 0):.0f}", f"{1e6 * result['seconds'] / result['rows']:.1f}",
            f"{result['peak_rss_bytes'] / 2**20:,.0f}", slowest]


def main(argv: list[str] | None = None) -> int:
    """Run both engines on every size; print the table; save every figure."""
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    results = []
    for households in args.sizes:
        drop = ensure_drop(args.work, households, args.seed, args.format)
        pair = [run_engine(drop, engine, args.work / "engines" / f"h{households}-{engine}", args)
                for engine in args.engines]
        if len(pair) == 2 and pair[0].get("flags") != pair[1].get("flags"):
            print(f"engines disagree on the flags at {households} households", file=sys.stderr)
        results += pair
    header = ["engine", "households", "input rows", "wall s", "CPU s", "µs per row", "peak MiB",
              "slowest stages (s)"]
    print(markdown(header, [row(r) for r in results]))
    for result in results:
        if result.get("spark_stages"):
            print(f"\nSpark stages at {result['households']:,} households:")
            print(stage_table(result["spark_stages"]["stages"]))
    saved = save_results(results, {"sizes": args.sizes, "master": args.master, "format": args.format},
                         HERE / "results", f"engines-{stamp}")
    print(f"saved {saved}")
    return 0 if all(r["returncode"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
