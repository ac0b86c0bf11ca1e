"""``python -m tools.mutation``: the pre-release mutation check of the test suite.

Runs both parts on throw-away copies of the repository (never the working
tree): mutmut over the Python files listed in ``[tool.hecha.mutation]`` and
the tool's own SQL mutator over the SQL in the listed folders, each judged by
the tests of its area only. Prints the score per module and every surviving
mutant. Exit 0 when the check ran (survivors are information, not failure);
non-zero when it could not run (a clean run already failing, mutmut missing).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

from tools.mutation.config import PythonTarget, SqlTarget, load_config
from tools.mutation.python_side import check_python
from tools.mutation.results import Outcome, render
from tools.mutation.sql_side import check_sql, list_mutants
from tools.mutation.workspace import ROOT, make_copy


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("all", "python", "sql"), default="all", help="which part to run")
    parser.add_argument("--only", nargs="+", default=[], metavar="PATH",
                        help="restrict to targets whose files or folder start with one of these paths")
    parser.add_argument("--sample", type=int, help="SQL: test a random sample of N mutants per folder")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the SQL sample (default 2025)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel test runs (default 1)")
    parser.add_argument("--list", action="store_true", help="SQL: list the mutants and stop")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the source tree to copy and check (default: this checkout)")
    return parser.parse_args(argv)


def _wanted(paths: list[str], only: list[str]) -> bool:
    """Whether a target (its files or folder) is selected by ``--only``."""
    return not only or any(path.startswith(o.rstrip("/")) for path in paths for o in only)


def _log(message: str) -> None:
    """Progress goes to stderr; the report alone goes to stdout."""
    print(message, file=sys.stderr, flush=True)


def _list(root: Path, targets: list[SqlTarget], args: argparse.Namespace) -> None:
    """Print the SQL mutants that a run would test."""
    for target in targets:
        for m in list_mutants(root, target, args.sample, args.seed):
            print(f"{m.path}:{m.line} [{m.operator}] {m.describe((root / m.path).read_text(encoding='utf-8'))}")


def _check(root: Path, python: list[PythonTarget], sql: list[SqlTarget], args: argparse.Namespace) -> list[Outcome]:
    """Run every selected target, each in its own copies of ``root``."""
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="hecha-mutation-") as scratch:
        for i, target in enumerate(python):
            outcomes += check_python(make_copy(Path(scratch) / f"python-{i}", root), target, args.jobs, _log)
        for i, target in enumerate(sql):
            copies = [make_copy(Path(scratch) / f"sql-{i}-{j}", root) for j in range(max(1, args.jobs))]
            mutants = list_mutants(copies[0], target, args.sample, args.seed)
            _log(f"sql {target.folder}: {len(mutants)} mutants")
            outcomes += check_sql(copies, target, mutants, _log)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Run the selected parts and print the report."""
    args = _arguments(argv)
    os.nice(max(0, 19 - os.nice(0)))  # the lowest priority: other people's tests come first
    root, started = args.root.resolve(), time.monotonic()
    config = load_config(root)
    sql = [t for t in config.sql if args.part != "python" and _wanted([t.folder], args.only)]
    if args.list:
        _list(root, sql, args)
        return 0
    python = [t for t in config.python if args.part != "sql" and _wanted(list(t.files), args.only)]
    if python and importlib.util.find_spec("mutmut") is None:
        raise SystemExit("mutation check: mutmut is not installed: pip install -e '.[mutation]'")
    print(render(_check(root, python, sql, args)))
    _log(f"mutation check done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
