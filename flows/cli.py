"""The ``hecha`` command line: one entry point, one error handler.

Every failure ends as a single ``Error: …`` line on stderr with the exit code
of contract §2 (2: bad usage or unusable input, nothing written; 1: anything
else); ``--debug`` adds the traceback. Prefect is imported only by the
commands that run flows, so ``hecha --help`` stays quick.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from flows.errors import EXIT_FAILED, UsageError, describe, exit_code_for
from flows.outputs import check_output_target
from flows.summary import print_run_summary

app = typer.Typer(
    name="hecha",
    help="hecha (核查): verify hardship-worker households against other agencies' records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback when a command fails.")] = False,
) -> None:
    """hecha (核查): cross-agency eligibility verification of hardship-worker files."""


@app.command()
def run(
    input_dir: Annotated[Path, typer.Option("--input", help="Folder holding the extract drop (one file per source).")],
    output_dir: Annotated[Path, typer.Option("--output", help="Folder for the run's outputs; replaced atomically.")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date whose parameter values apply (YYYY-MM-DD; default today).")] = None,
    rules_dir: Annotated[Optional[Path], typer.Option("--rules", help="Rule set folder (default: the reference set in rules/).")] = None,
) -> None:
    """Run one verification of the drop in --input and write the results to --output."""
    as_of_date = parse_as_of(as_of)
    check_output_target(output_dir)
    from flows.verify import verify

    manifest = verify(input_dir, output_dir, as_of_date, str(rules_dir) if rules_dir else None)
    print_run_summary(manifest, output_dir)


def parse_as_of(text: str | None) -> date:
    """``--as-of`` as a date; today when not given."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of must be a date as YYYY-MM-DD, got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the command and translate every failure into an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="hecha", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as usage:
        usage.show()
        return usage.exit_code
    except click.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # noqa: BLE001 - the one place every failure is reported
        if "--debug" in args:
            traceback.print_exc()
        print(f"Error: {describe(error)}", file=sys.stderr)
        return exit_code_for(error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
