"""Baselines in their own process, so each gets a clean peak-RSS reading and a hard time limit.

    python benchmarks/scale/worker.py floor  DROP_DIR RESULT.json
    python benchmarks/scale/worker.py splink DROP_DIR RESULT.json LINKS.parquet

The worker times its own work in-process (interpreter start-up excluded) and
writes the figures to RESULT.json; the parent measures the process from
outside (wall time, peak RSS) and may stop it at the time limit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scale.floor import run_floor  # noqa: E402


def main(argv: list[str]) -> int:
    """Run one baseline and write its in-process figures as JSON."""
    kind, drop_dir, result = argv[0], Path(argv[1]), Path(argv[2])
    if kind == "floor":
        figures = run_floor(drop_dir)
    elif kind == "splink":
        from scale.splink_linker import run_splink

        figures = run_splink(drop_dir, Path(argv[3]))
    else:
        print(f"unknown baseline {kind!r}", file=sys.stderr)
        return 2
    result.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
