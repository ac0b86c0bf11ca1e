"""The SQL part: apply one SQL mutant at a time to a copy of the repository and run that area's tests.

Each worker owns one copy. Before any mutant, the area's tests must pass on
the unchanged copy (else the score would mean nothing) and must fail when the
copy's package is broken on purpose (proof that the copy, not the checkout, is
what the tests import). A mutant is written into the copy's file, the tests
run with ``-x -q``, and the file is restored, whatever happened.
"""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.mutation.config import SqlTarget
from tools.mutation.results import Outcome
from tools.mutation.sql_mutants import Mutant, sql_mutants
from tools.mutation.workspace import TestRun, check_imports_from, run_tests


def list_mutants(root: Path, target: SqlTarget, sample: int | None, seed: int) -> list[Mutant]:
    """Every SQL mutant of the target's folder, or a reproducible random sample of them."""
    folder = root / target.folder
    paths = sorted(folder.glob("*.py")) + sorted(folder.rglob("*.sql"))  # a rule's SQL is a .sql file
    mutants = [m for path in paths for m in sql_mutants(path, root)]
    if sample is not None and sample < len(mutants):
        mutants = sorted(random.Random(seed).sample(mutants, sample), key=lambda m: (m.path, m.start))
    return mutants


def check_sql(copies: list[Path], target: SqlTarget, mutants: list[Mutant], log) -> list[Outcome]:
    """Run every mutant against the target's tests, spread over the copies (one worker each)."""
    timeout = _prepare(copies, target, log)
    queues = [mutants[i::len(copies)] for i in range(len(copies))]
    with ThreadPoolExecutor(len(copies)) as pool:
        done = pool.map(lambda pair: [_judge(pair[0], target, m, timeout, log) for m in pair[1]],
                        zip(copies, queues))
        return sorted((o for batch in done for o in batch), key=lambda o: (o.module, o.line))


def _prepare(copies: list[Path], target: SqlTarget, log) -> float:
    """Check the copies are sound for this area; the per-mutant timeout, from the clean run's time."""
    for copy in copies:
        check_imports_from(copy, [target.folder])
    clean = run_tests(copies[0], list(target.tests), timeout=1800)
    if clean.code != 0:
        raise SystemExit(f"mutation check: {' '.join(target.tests)} fail without any mutant:\n{clean.failure}")
    if _broken_package_run(copies[0], target).code == 0:
        raise SystemExit(f"mutation check: {' '.join(target.tests)} pass with {target.folder}/ broken: "
                         "the copy is not what they test")
    log(f"sql {target.folder}: clean run of {' '.join(target.tests)} passed in {clean.seconds:.0f} s")
    return 3 * clean.seconds + 60


def _broken_package_run(copy: Path, target: SqlTarget) -> TestRun:
    """The area's tests with the copy's package made unimportable (restored afterwards)."""
    init = copy / target.folder / "__init__.py"
    original = init.read_text(encoding="utf-8")
    init.write_text("raise ImportError('mutation check: deliberately broken copy')\n" + original, encoding="utf-8")
    try:
        return run_tests(copy, list(target.tests), timeout=600)
    finally:
        init.write_text(original, encoding="utf-8")


def _judge(copy: Path, target: SqlTarget, mutant: Mutant, timeout: float, log) -> Outcome:
    """Apply one mutant in ``copy``, run the tests, restore the file; the outcome."""
    path = copy / mutant.path
    original = path.read_text(encoding="utf-8")
    path.write_text(mutant.apply(original), encoding="utf-8")
    try:
        run = run_tests(copy, list(target.tests), timeout)
    finally:
        path.write_text(original, encoding="utf-8")
    status = "timeout" if run.code is None else "survived" if run.code == 0 else "killed"
    outcome = Outcome("sql", mutant.path, mutant.line, f"[{mutant.operator}] {mutant.describe(original)}", status,
                      run.failure if status == "killed" else "")
    log(f"  {status:8} {mutant.path}:{mutant.line} [{mutant.operator}] ({run.seconds:.0f} s)")
    return outcome
