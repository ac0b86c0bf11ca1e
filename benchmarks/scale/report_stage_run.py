"""One measured report stage in this process, from a run's warehouse (benchmarks/report_stage.py's child).

    python benchmarks/scale/report_stage_run.py WAREHOUSE OUT_DIR [--manifest manifest.json]

Opens the warehouse read-only, rebuilds the case book the way the flow does
(``flows.cases.judge_cases``) with an empty decision history, then times
``report_bundle``, ``render_html`` and ``build_workbook`` one after the other
and finally the whole stage as the flow runs it (``flows.publish.write_reports``,
writing into OUT_DIR). Prints one JSON object: per step wall and CPU seconds
(user + sys, this process and its waited-for children) and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import reports  # noqa: E402
import rules  # noqa: E402
from flows.cases import judge_cases  # noqa: E402
from flows.publish import write_reports  # noqa: E402
from flows.report_inputs import report_bundle  # noqa: E402
from flows.tasks import rules_path  # noqa: E402


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(results: dict, name: str, step: Callable[[], Any]) -> Any:
    """Run ``step``; record its wall and CPU seconds under ``name``."""
    wall, cpu = time.perf_counter(), _cpu()
    value = step()
    results[name] = {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(_cpu() - cpu, 3)}
    return value


def warehouse_manifest(con: duckdb.DuckDBPyConnection, rule_set: rules.RuleSet) -> dict:
    """A manifest for the report when the run's own is not at hand: run id, as-of, sources and counts."""
    run_id, as_of, sources = con.sql("SELECT run_id, as_of, sources FROM data_run").fetchall()[0]
    counted = {}
    for rule_id, status, n in con.sql("SELECT rule_id, status, count(*) FROM flags GROUP BY ALL").fetchall():
        counted.setdefault(rule_id, {})[status] = n
    ledger = {s: {"file": f"{s}.parquet", "sha256": "", "received": n, "accepted": n, "quarantined": 0}
              for s in ["households", "members", *sources]
              for n in [con.sql(f"SELECT count(*) FROM stg_{s}").fetchall()[0][0]]}
    return {
        "run_id": run_id, "as_of": as_of.isoformat(), "started_at": "", "finished_at": None,
        "rules_version": rule_set.version, "sources": ledger,
        "flags": {r.id: {"breach": 0, "review": 0, **counted.get(r.id, {})} for r in rule_set.rules},
        "data_problems": con.sql("SELECT count(DISTINCT household_id) FROM data_problems").fetchall()[0][0],
        "skipped_rules": [], "links": [],
    }


def main(argv: list[str] | None = None) -> None:
    """Rebuild the stage's inputs, time its steps, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--manifest", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rule_set = rules.load_rule_set(rules_path(None))
    results: dict = {}
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        sources = con.sql("SELECT sources FROM data_run").fetchall()[0][0]
        manifest = json.loads(args.manifest.read_text()) if args.manifest else warehouse_manifest(con, rule_set)
        book = timed(results, "case_book", lambda: judge_cases(con, sources, args.out / "no-history.duckdb", None))
        manifest["cases"] = {**book.counts, "exit_candidates": 0}
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        bundle = timed(results, "report_bundle", lambda: report_bundle(con, manifest, rule_set, book))
        timed(results, "render_html", lambda: reports.render_html(bundle))
        timed(results, "build_workbook", lambda: reports.build_workbook(bundle))
        del bundle
        timed(results, "stage", lambda: write_reports(con, args.out, manifest, rule_set, book))
    results["peak_rss_before_bytes"] = rss_before
    results["peak_rss_bytes"] = max(resource.getrusage(who).ru_maxrss * 1024
                                    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    results["sizes"] = {name: (args.out / name).stat().st_size for name in ("report.html", "report.xlsx")}
    results["cases"] = len(book.cases)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
