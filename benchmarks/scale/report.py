"""The benchmark's results: Markdown tables (paste-ready for the note), target checks and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

TARGET_SECONDS = 60.0
TARGET_RSS_BYTES = 3 * 1024**3
TARGET_FLOOR_RATIO = 25.0
TARGET_MATCH_SECONDS = 20.0
TARGET_REPORT_SECONDS = 8.0
GIB = 1024**3
PIPELINE_ORDER = ["ingest", "warehouse", "stage", "match", "rules", "report", "write", "publish"]


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _pr(accuracy: dict | None) -> str:
    if not accuracy or accuracy.get("precision") is None:
        return "–"
    shown = f"{accuracy['precision']:.4f} / {accuracy['recall']:.4f}"
    if accuracy.get("precise_recall") is not None and accuracy["precise_recall"] != accuracy["recall"]:
        shown += f" (auto R {accuracy['precise_recall']:.4f}, false auto {accuracy['false_precise']})"
    return shown


def _ratio(wall: float, flow: float | None, floor: float | None) -> str:
    """hecha's wall time and in-flow time as multiples of the floor's."""
    if not floor:
        return "–"
    return f"{wall / floor:,.1f} / {flow / floor:,.1f}" if flow is not None else f"{wall / floor:,.1f}"


def _gib(value: int | None) -> str:
    return "–" if not value else f"{value / GIB:.2f}"


def summary_rows(results: list[dict]) -> list[list[str]]:
    """One table row per (size, format) run."""
    rows = []
    for r in results:
        hecha, floor, splink = r["hecha"], r["floor"], r.get("splink") or {}
        ok = hecha.get("returncode") == 0
        ratio = _ratio(hecha["seconds"], hecha.get("flow_seconds"), floor.get("seconds")) if ok else "–"
        splink_s = "timeout" if splink.get("timed_out") else _num(splink.get("seconds"))
        rows.append([f"{r['households']:,}", r["format"], f"{r['rows']:,}",
                     _num(hecha["seconds"]) if ok else f"failed ({hecha.get('returncode')})",
                     _num(hecha.get("flow_seconds")), _gib(hecha.get("peak_rss_bytes")),
                     _num(r["rows"] / hecha["seconds"], 0) if ok else "–",
                     _num(floor.get("seconds"), 2), _gib(floor.get("peak_rss_bytes")), ratio,
                     _pr(hecha.get("accuracy")), splink_s if splink else "skipped",
                     _gib(splink.get("peak_rss_bytes")), _pr(splink.get("accuracy"))])
    return rows


SUMMARY_HEADER = ["households", "format", "rows", "hecha s", "in-flow s", "hecha RSS GiB", "rows/s",
                  "floor s", "floor RSS GiB", "× floor (wall / in-flow)", "hecha P / R", "Splink s", "Splink RSS GiB",
                  "Splink P / R"]


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def stage_table(results: list[dict]) -> str:
    """Seconds per pipeline stage (from the manifests' ``timings``), one column per run."""
    runs = [r for r in results if r["hecha"].get("timings")]
    if not runs:
        return "(no per-stage timings in the manifests)"
    stages = sorted({stage for r in runs for stage in r["hecha"]["timings"]}, key=_stage_order)
    header = ["stage", *(f"{r['households']:,} {r['format']}" for r in runs)]
    rows = [[stage, *(_num(r["hecha"]["timings"].get(stage), 2) for r in runs)] for stage in stages]
    rows.append(["sum of stages", *(_num(sum(r["hecha"]["timings"].values()), 2) for r in runs)])
    return markdown(header, rows)


def _stage_order(stage: str) -> tuple[int, str]:
    """Pipeline order: ingest/validate per source, then the warehouse, match, rules, report."""
    order = [s for s in PIPELINE_ORDER if stage.startswith(s)]
    return (PIPELINE_ORDER.index(order[0]) if order else len(PIPELINE_ORDER), stage)


def target_lines(result: dict) -> list[str]:
    """The issue's targets checked on one run (meant for the largest drop)."""
    hecha, floor, splink = result["hecha"], result["floor"], result.get("splink") or {}
    if hecha.get("returncode") != 0:
        return [f"hecha failed on {result['households']:,} households: see {hecha.get('log')}"]
    checks = [("end to end ≤ 60 s", hecha["seconds"] <= TARGET_SECONDS),
              ("peak RSS ≤ 3 GiB", hecha["peak_rss_bytes"] <= TARGET_RSS_BYTES),
              ("≤ 25× the floor", hecha["seconds"] <= TARGET_FLOOR_RATIO * floor["seconds"])]
    timings = hecha.get("timings") or {}
    for stage, limit in (("match", TARGET_MATCH_SECONDS), ("report", TARGET_REPORT_SECONDS)):
        if stage in timings:
            checks.append((f"{stage} stage ≤ {limit:g} s", timings[stage] <= limit))
    ours, theirs = hecha.get("accuracy") or {}, splink.get("accuracy") or {}
    if ours and theirs:
        checks += [("precision ≥ Splink's", ours["precision"] >= theirs["precision"]),
                   ("recall ≥ Splink's", ours["recall"] >= theirs["recall"])]
    label = f"{result['households']:,} {result['format']}"
    return [f"{label}: {name}: {'met' if ok else 'MISSED'}" for name, ok in checks]


def save_results(results: list[dict], settings: dict, folder: Path, stamp: str) -> Path:
    """Write every measurement to ``folder/<stamp>.json``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stamp}.json"
    document = {"settings": settings, "runs": results}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return path
