"""The report stage at province scale, from a run's warehouse (issue 13).

    python benchmarks/report_stage.py [--warehouse W] [--manifest manifest.json] [--runs 3]
        [--browser-runs 3] [--work DIR] [--html report.html]

Each run is a fresh process (benchmarks/scale/report_stage_run.py) that opens
the warehouse read-only, rebuilds the case book with an empty history and
times ``report_bundle``, ``render_html``, ``build_workbook`` and the whole
stage as the flow runs it (``flows.publish.write_reports``), wall and CPU
(user + sys) seconds, with its peak RSS. Then report.html's time to
interactive is measured in fresh headless Chromium sessions
(benchmarks/scale/page_timing.py). Medians are printed as Markdown and all
figures written to ``benchmarks/results/<timestamp>-report-stage.json``.
``--html`` times only an existing page in the browser.
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
sys.path.insert(0, str(HERE))

from scale.page_timing import page_timing  # noqa: E402

WAREHOUSE = Path("/work/bench-data/h100k-r9-data-run.duckdb")
STEPS = ("case_book", "report_bundle", "render_html", "build_workbook", "stage")
PAGE = ("ready_ms", "panel_ms", "interactive_ms", "load_ms")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=WAREHOUSE, help="a run's warehouse (opened read-only)")
    parser.add_argument("--manifest", type=Path, help="the run's manifest.json (default: one made from the warehouse)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes timing the stage (default 3)")
    parser.add_argument("--browser-runs", type=int, default=3, help="cold page loads in Chromium (default 3; 0: none)")
    parser.add_argument("--work", type=Path, default=HERE / "data" / "report-stage", help="where the reports go")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--html", type=Path, help="only time this report.html in the browser")
    return parser.parse_args(argv)


def stage_run(args: argparse.Namespace, index: int) -> dict:
    """One fresh process timing the stage; its JSON figures."""
    command = [sys.executable, str(HERE / "scale" / "report_stage_run.py"), str(args.warehouse),
               str(args.work / f"run-{index}")]
    if args.manifest:
        command += ["--manifest", str(args.manifest)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(runs: list[dict], *path: str) -> float:
    """The median of one figure over the runs."""
    values = []
    for run in runs:
        for key in path:
            run = run[key]
        values.append(run)
    return statistics.median(values)


def markdown(stage: list[dict], page: list[dict]) -> str:
    """The medians as two Markdown tables."""
    lines = []
    if stage:
        lines += [f"| step (median of {len(stage)}) | wall s | CPU s |", "| --- | ---: | ---: |"]
        lines += [f"| {s} | {median(stage, s, 'wall_s'):.2f} | {median(stage, s, 'cpu_s'):.2f} |" for s in STEPS]
        lines += ["", f"peak RSS {median(stage, 'peak_rss_bytes') / 2**20:,.0f} MiB "
                  f"(before the report steps {median(stage, 'peak_rss_before_bytes') / 2**20:,.0f} MiB); "
                  f"report.html {stage[-1]['sizes']['report.html'] / 1e6:.1f} MB, "
                  f"report.xlsx {stage[-1]['sizes']['report.xlsx'] / 1e6:.1f} MB, {stage[-1]['cases']} cases"]
    if page:
        lines += ["", f"| page (median of {len(page)}) | ms |", "| --- | ---: |"]
        lines += [f"| {k} | {median(page, k):,.0f} |" for k in PAGE]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Time the stage in fresh processes, then the page in Chromium; print and save the figures."""
    args = parse_args(argv)
    stage = [stage_run(args, i) for i in range(args.runs)] if not args.html else []
    html = args.html or args.work / f"run-{args.runs - 1}" / "report.html"
    page = [page_timing(html) for _ in range(args.browser_runs)]
    print(markdown(stage, page))
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"{datetime.now():%Y%m%dT%H%M%S}-report-stage.json"
    out.write_text(json.dumps({"warehouse": str(args.warehouse), "stage": stage, "page": page,
                               "load": os.getloadavg()}, indent=2))
    print(f"\nfigures: {out}")


if __name__ == "__main__":
    main()
