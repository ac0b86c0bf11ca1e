"""``hecha run`` as a user runs it: a fresh process, a fresh output folder, measured from outside.

Wall time and peak RSS cover the whole process tree (Prefect's temporary
server included); the in-flow seconds (manifest ``finished_at - started_at``)
and the per-stage ``timings`` come from the run's own manifest. In profile
mode the same command runs under pyinstrument, whose session is rendered to
HTML, a text call tree and a flat list of the functions with most self-time
(library frames folded into the nearest shown frame, as pyinstrument shows them).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from scale.drops import ROOT, Drop
from scale.processes import run_measured

AS_OF = "2026-11-30"
TOP_LINES = 40


def hecha_command(drop: Drop, output: Path, history: Path, profiled: bool = False) -> list[str]:
    """The arguments of one verification of ``drop``, as the ``hecha`` console script runs it
    (``flows.entry``), or, under the profiler, through ``flows.cli``, which returns normally so that
    pyinstrument can write its session (``flows.entry`` ends the process without exit handlers' leftovers)."""
    return ["-m", "flows.cli" if profiled else "flows.entry", "run", "--input", str(drop.drop_dir), "--output", str(output),
            "--as-of", AS_OF, "--history", str(history)]


def run_hecha(drop: Drop, run_dir: Path, profile_to: Path | None = None) -> dict:
    """Run hecha on ``drop`` into ``run_dir/out`` (fresh, no previous run); return the measurements."""
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    output, session = run_dir / "out", run_dir / "run.pyisession"
    arguments = hecha_command(drop, output, run_dir / "history.duckdb", profile_to is not None)
    prefix = [sys.executable]
    if profile_to is not None:
        prefix += ["-m", "pyinstrument", "-r", "pyisession", "-o", str(session)]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    measured = run_measured([*prefix, *arguments], run_dir / "hecha.log", cwd=ROOT, env=env)
    result = {"returncode": measured.returncode, "seconds": measured.seconds,
              "peak_rss_bytes": measured.peak_rss_bytes, "log": str(measured.log), "output": str(output)}
    result.update(_from_manifest(output))
    if profile_to is not None and session.is_file():
        result["profile"] = render_profile(session, profile_to)
    return result


def _from_manifest(output: Path) -> dict:
    """In-flow seconds, per-stage timings and the ledger from the run's manifest (if it was written)."""
    path = output / "manifest.json"
    if not path.is_file():
        return {}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    started, finished = (datetime.fromisoformat(manifest[k]) for k in ("started_at", "finished_at"))
    return {"flow_seconds": (finished - started).total_seconds(), "timings": manifest.get("timings"),
            "received": {s: e.get("received") for s, e in manifest.get("sources", {}).items()},
            "flags": manifest.get("flags")}


def render_profile(session_file: Path, stem: Path) -> dict:
    """Render a pyinstrument session to ``stem``.html / .txt / -top.txt; return paths and the top lines."""
    from pyinstrument.renderers import HTMLRenderer
    from pyinstrument.renderers.console import ConsoleRenderer
    from pyinstrument.session import Session

    session = Session.load(str(session_file))
    stem.parent.mkdir(parents=True, exist_ok=True)
    html, tree, top = (stem.with_suffix(".html"), stem.with_suffix(".txt"), stem.with_name(stem.name + "-top.txt"))
    html.write_text(HTMLRenderer().render(session), encoding="utf-8")
    tree.write_text(ConsoleRenderer(unicode=True, short_mode=False).render(session), encoding="utf-8")
    flat = ConsoleRenderer(unicode=True, flat=True).render(session).splitlines()
    top_lines = [line for line in flat if line.strip()][:TOP_LINES]
    top.write_text("\n".join(top_lines) + "\n", encoding="utf-8")
    return {"html": str(html), "tree": str(tree), "top_file": str(top), "top": top_lines}
