"""Per-step, per-stage and per-task costs of a Spark run, from Spark's event log.

    python benchmarks/spark_stages.py EVENT_LOG [--json OUT]

A run writes its event log when its settings file says so
(``spark.eventLog.enabled true``, ``spark.eventLog.dir file:///DIR``;
``benchmarks/engines.py --event-log DIR`` adds both). Each hecha step runs its
Spark jobs under a job group (``hecha-validate-hr``, ``hecha-link``,
``hecha-rules``: ``flows.spark.progress``); this groups every finished task by
its step and stage and prints, per stage, the task count, the stage's wall
seconds (submitted to completed), the sum, median and maximum of the tasks'
run time (a task is one partition: the per-partition cost), the JVM's CPU
seconds and the shuffle bytes written. In local mode a task's run time
includes the Python worker it waits on (``mapInArrow``); its CPU does not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

GROUP = "spark.jobGroup.id"


def _text(path: Path) -> str:
    """One event file's text (Spark 4 compresses them with zstd by default); of a log still being
    written, the events up to the last complete line."""
    if path.suffix != ".zstd":
        return path.read_text(encoding="utf-8")
    import pyarrow as pa

    chunks = []
    with pa.CompressedInputStream(pa.OSFile(str(path)), "zstd") as stream:
        try:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        except OSError:  # cut short: the run is still going, or stopped
            pass
    text = b"".join(chunks).decode("utf-8", errors="replace")
    return text[:text.rfind("\n") + 1]


def read_events(path: Path) -> list[dict]:
    """The event log's events (one JSON object per line): a file, or a rolling log's folder
    (``eventlog_v2_<app>/events_<n>_<app>[.zstd]``, in order)."""
    files = sorted(path.glob("events_*"), key=lambda f: int(f.name.split("_")[1])) if path.is_dir() else [path]
    return [json.loads(line) for file in files for line in _text(file).splitlines() if line.strip()]


def stage_costs(events: list[dict]) -> list[dict]:
    """One entry per finished stage: its step, name, tasks, wall, task run times, CPU and shuffle bytes."""
    step_of, stages, tasks = {}, {}, defaultdict(list)
    for event in events:
        kind = event["Event"]
        if kind == "SparkListenerJobStart":
            group = (event.get("Properties") or {}).get(GROUP) or "(no step)"
            for stage_id in event["Stage IDs"]:
                step_of[stage_id] = group.removeprefix("hecha-")
        elif kind == "SparkListenerStageCompleted":
            stages[event["Stage Info"]["Stage ID"]] = event["Stage Info"]
        elif kind == "SparkListenerTaskEnd" and event.get("Task Metrics"):
            tasks[event["Stage ID"]].append(event["Task Metrics"])
    return [_stage(stage_id, step_of.get(stage_id, "(no step)"), info, tasks[stage_id])
            for stage_id, info in sorted(stages.items()) if tasks[stage_id]]


def _stage(stage_id: int, step: str, info: dict, metrics: list[dict]) -> dict:
    """The figures of one stage from its info and its tasks' metrics."""
    run = [m["Executor Run Time"] / 1000 for m in metrics]
    started, ended = info.get("Submission Time", 0) / 1000, info.get("Completion Time", 0) / 1000
    return {"step": step, "stage": stage_id, "name": info["Stage Name"].split(" at ")[0], "tasks": len(run),
            "started": started, "ended": ended, "wall_s": ended - started,
            "task_sum_s": sum(run), "task_median_s": statistics.median(run), "task_max_s": max(run),
            "jvm_cpu_s": sum(m.get("Executor CPU Time", 0) for m in metrics) / 1e9,
            "shuffle_write_mb": sum((m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
                                    for m in metrics) / 2**20}


def busy_seconds(stages: list[dict]) -> float:
    """Seconds during which at least one of ``stages`` was running (their intervals' union): the
    rest of a step's wall time is the driver's alone."""
    busy, reach = 0.0, float("-inf")
    for stage in sorted(stages, key=lambda s: s["started"]):
        start, end = max(stage["started"], reach), stage["ended"]
        if end > start:
            busy, reach = busy + end - start, end
    return busy


def step_totals(stages: list[dict]) -> dict[str, dict]:
    """Per step: stages, tasks, the sum of stage walls, the seconds some stage ran, the sum of task
    run times, the slowest task."""
    totals: dict[str, dict] = {}
    for step in dict.fromkeys(s["step"] for s in stages):
        totals[step] = {"busy_s": busy_seconds([s for s in stages if s["step"] == step])}
    for stage in stages:
        entry = totals[stage["step"]]
        for key, start in (("stages", 0), ("tasks", 0), ("wall_s", 0.0), ("task_sum_s", 0.0), ("task_max_s", 0.0)):
            entry.setdefault(key, start)
        entry["stages"] += 1
        entry["tasks"] += stage["tasks"]
        entry["wall_s"] += stage["wall_s"]
        entry["task_sum_s"] += stage["task_sum_s"]
        entry["task_max_s"] = max(entry["task_max_s"], stage["task_max_s"])
    return totals


def markdown(stages: list[dict]) -> str:
    """The stages as a Markdown table."""
    lines = ["| step | stage | tasks | wall s | task s sum / median / max | JVM CPU s | shuffle MB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {s['step']} | {s['stage']} {s['name']} | {s['tasks']} | {s['wall_s']:.1f} | "
              f"{s['task_sum_s']:.1f} / {s['task_median_s']:.2f} / {s['task_max_s']:.2f} | {s['jvm_cpu_s']:.1f} | "
              f"{s['shuffle_write_mb']:.1f} |" for s in stages]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the stage table and step totals of one event log; save them as JSON when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("event_log", type=Path)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    stages = stage_costs(read_events(args.event_log))
    print(markdown(stages))
    for step, entry in step_totals(stages).items():
        print(f"{step}: {entry['stages']} stages, {entry['tasks']} tasks, {entry['busy_s']:.1f} s with a stage "
              f"running, {entry['wall_s']:.1f} s of stage wall, "
              f"{entry['task_sum_s']:.1f} s of task time, slowest task {entry['task_max_s']:.1f} s")
    if args.json:
        args.json.write_text(json.dumps({"stages": stages, "steps": step_totals(stages)}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
