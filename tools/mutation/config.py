"""What the mutation check mutates and which tests judge each part, from ``[tool.hecha.mutation]``.

pyproject.toml holds two lists: ``python`` (files mutated by mutmut, with the
tests of their area) and ``sql`` (folders whose SQL string literals the
tool's own mutator changes, with the tests of that area). Keeping them there
means adding a module to the check is a one-line change beside the extras.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PythonTarget:
    """Files mutmut mutates (globs relative to the repository) and the tests it may run on them."""

    files: tuple[str, ...]
    tests: tuple[str, ...]

    @property
    def name(self) -> str:
        """A short label: the folders of the mutated files."""
        return "+".join(dict.fromkeys(f.split("/")[0] for f in self.files))


@dataclass(frozen=True)
class SqlTarget:
    """A folder whose Python modules hold SQL, and the tests of that area."""

    folder: str
    tests: tuple[str, ...]


@dataclass(frozen=True)
class MutationConfig:
    """Both parts of the check."""

    python: tuple[PythonTarget, ...]
    sql: tuple[SqlTarget, ...]


def load_config(root: Path) -> MutationConfig:
    """Read ``[tool.hecha.mutation]`` from the repository's pyproject.toml."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    table = data.get("tool", {}).get("hecha", {}).get("mutation")
    if not table:
        raise SystemExit("mutation check: pyproject.toml has no [tool.hecha.mutation] table")
    python = tuple(PythonTarget(tuple(t["files"]), tuple(t["tests"])) for t in table.get("python", []))
    sql = tuple(SqlTarget(t["folder"], tuple(t["tests"])) for t in table.get("sql", []))
    return MutationConfig(python, sql)
