"""``hecha history check`` / ``hecha history backup``: look after the run history and its decisions."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.errors import EnvironmentProblem, UsageError

history_app = typer.Typer(
    name="history", no_args_is_help=True,
    help="Check or back up the run history (hecha-history.duckdb): it holds the auditors' decisions.",
)
_ROOT = typer.Option("--output-root", help="Root folder holding hecha-history.duckdb.")


def _path(root: Path) -> Path:
    from flows.history import HISTORY_FILE

    path = root / HISTORY_FILE
    if not path.is_file():
        raise UsageError(f"no run history at {path}")
    return path


@history_app.command("check")
def check(output_root: Annotated[Path, _ROOT]) -> None:
    """Open the history and check that runs, flags and decisions hang together."""
    from flows.history import check_history

    counts, problems = check_history(_path(output_root))
    typer.echo(", ".join(f"{name} {value}" for name, value in counts.items()))
    if problems:
        raise EnvironmentProblem(f"the run history {_path(output_root)} is inconsistent:\n"
                                 + "\n".join(f"  {p}" for p in problems))
    typer.echo("history ok")


@history_app.command("backup")
def backup(
    output_root: Annotated[Path, _ROOT],
    to: Annotated[Path, typer.Option("--to", help="File to write the copy to (replaced atomically).")],
) -> None:
    """Write a consistent copy of the history (safe while runs and imports go on)."""
    from flows.history import backup as copy_history

    copy_history(_path(output_root), to)
    typer.echo(f"history backed up to {to}")
