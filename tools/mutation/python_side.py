"""The Python part: mutmut over each target's files, in a copy, with only that area's tests.

mutmut 3 reads its settings from the pyproject.toml of the folder it runs in,
so each target gets its own copy whose pyproject carries a ``[tool.mutmut]``
written here (the files to mutate and the area's tests). mutmut's results are
read from its ``mutants/*.meta`` files; each survivor's diff is turned into
file, line and original → mutated.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from tools.mutation.config import PythonTarget
from tools.mutation.results import Outcome

_PACKAGES = ["data_contracts", "flows", "matchers", "reports", "review", "rules"]
_ALSO_COPY = ["sample_data", "README.md", "docs", ".ci"]
_HUNK = re.compile(r"^@@ -(\d+)")
_DIFFS = """import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name) for name in sys.argv[1:]}))"""


def check_python(copy: Path, target: PythonTarget, jobs: int, log) -> list[Outcome]:
    """Run mutmut on the target in ``copy``; one outcome per mutant."""
    _write_settings(copy, target)
    command = [sys.executable, "-c", "from mutmut.__main__ import cli; cli()", "run", "--max-children", str(jobs)]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        raise SystemExit(f"mutation check: mutmut failed on {', '.join(target.files)}:\n{tail}")
    exit_codes = _exit_codes(copy)
    log(f"python {target.name}: {len(exit_codes)} mutants judged by {' '.join(target.tests)}")
    return _outcomes(copy, exit_codes)


def _write_settings(copy: Path, target: PythonTarget) -> None:
    """Append the ``[tool.mutmut]`` table for this target to the copy's pyproject.toml."""
    tests = [test for test in target.tests if (copy / test).exists()]  # a test file not written yet is left out
    settings = {"source_paths": _PACKAGES, "only_mutate": list(target.files),
                "pytest_add_cli_args_test_selection": tests, "also_copy": _ALSO_COPY}
    lines = ["", "[tool.mutmut]", *(f"{key} = {json.dumps(value)}" for key, value in settings.items())]
    with (copy / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _exit_codes(copy: Path) -> dict[str, int | None]:
    """mutmut's recorded exit code per mutant name, from every ``.meta`` file it wrote."""
    codes: dict[str, int | None] = {}
    for meta in sorted((copy / "mutants").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def _outcomes(copy: Path, exit_codes: dict[str, int | None]) -> list[Outcome]:
    """Outcomes with mutmut's status names; survivors get their file, line and change."""
    from mutmut.stats import status_by_exit_code

    statuses = {name: status_by_exit_code[code] for name, code in exit_codes.items()}
    statuses = {name: "killed" if status == "caught by type check" else status for name, status in statuses.items()}
    open_ones = [name for name, status in statuses.items() if status not in ("killed", "timeout")]
    diffs = _diffs(copy, open_ones)
    outcomes = []
    for name, status in statuses.items():
        module = name.rsplit(".", 1)[0].replace(".", "/") + ".py"
        line, change = _located(copy / module, name, diffs[name]) if name in diffs else (0, name)
        outcomes.append(Outcome("python", module, line, change, status))
    return outcomes


def _diffs(copy: Path, names: list[str]) -> dict[str, str]:
    """mutmut's unified diff (original function → mutant) of each named mutant."""
    if not names:
        return {}
    done = subprocess.run([sys.executable, "-c", _DIFFS, *names], cwd=copy, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def _located(path: Path, name: str, diff: str) -> tuple[int, str]:
    """(line in the file, 'original → mutated') of a mutant from its function-relative diff."""
    removed, added, first = [], [], None
    relative = 0
    for row in diff.splitlines()[2:]:
        if (hunk := _HUNK.match(row)):
            relative = int(hunk.group(1))
        elif row.startswith("-"):
            first = relative if first is None else first
            removed.append(row[1:].strip())
            relative += 1
        elif row.startswith("+"):
            first = relative if first is None else first
            added.append(row[1:].strip())
        else:
            relative += 1
    start = _function_start(path, name)
    return start + (first or 1) - 1, f"{' ⏎ '.join(removed)}  →  {' ⏎ '.join(added) or '(removed)'}"


def _function_start(path: Path, name: str) -> int:
    """First line (decorators included) of the function or method a mutmut mutant name refers to."""
    mangled = name.rsplit("__mutmut_", 1)[0].split(".")[-1]
    parts = mangled[1:].split("ǁ")[1:] if mangled.startswith("xǁ") else [mangled[2:]]
    scope: list[ast.stmt] = ast.parse(path.read_text(encoding="utf-8")).body
    node: ast.AST | None = None
    for part in parts:
        node = next((n for n in scope if getattr(n, "name", None) == part), None)
        scope = getattr(node, "body", [])
    if node is None:
        return 1
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
