"""``hecha review export`` / ``hecha review import``: the auditors' side of the case loop (contract §5).

Both work on the latest completed run recorded in ``ROOT/hecha-history.duckdb``.
Import is all or nothing: a file with any problem is refused whole (exit 2),
each problem named by row and column, and nothing is recorded.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Optional

import typer

from flows.errors import UsageError

review_app = typer.Typer(
    name="review", no_args_is_help=True,
    help="The auditors' case loop: export the latest run's cases, import decisions on them.",
)
_ROOT = typer.Option("--output-root", help="Root folder holding hecha-history.duckdb (the run history).")


@review_app.command("export")
def export(
    output_root: Annotated[Path, _ROOT],
    to: Annotated[Path, typer.Option("--to", help="File to write: .csv (UTF-8 with BOM) or .xlsx.")],
) -> None:
    """Write every case of the latest run with its current state, to fill in and import."""
    from flows.decision_log import latest_run
    from flows.review_files import export_frame, write_export

    latest = latest_run(output_root)
    write_export(export_frame(latest.cases), to)
    typer.echo(f"exported {len(latest.cases)} case(s) of run {latest.run_id} to {to}")


@review_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Decision file: the export, report.xlsx, or any CSV/XLSX with the columns.")],
    output_root: Annotated[Path, _ROOT],
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Reviewer for rows that name none.")] = None,
) -> None:
    """Record the decisions in FILE on the latest run's cases (all or nothing)."""
    import review
    from flows.dates import today, zone
    from flows.decision_log import append_decisions, latest_run
    from flows.review_files import read_decision_file

    latest = latest_run(output_root)
    rules = review.DecisionRules(today=today(zone()), reviewer=(reviewer or "").strip() or None,
                                 contest_days=contest_period(latest.rules_dir))
    decided = review.validate_decisions(read_decision_file(file), latest.cases, rules, file.name)
    recorded = append_decisions(output_root, latest.run_id, decided, file.name)
    typer.echo(f"recorded {recorded} decision(s) from {file.name} on run {latest.run_id}")


def contest_period(rules_dir: str | None):  # noqa: ANN201 - returns Callable[[date], int]
    """``contest_days`` in force on a date, from the rule set the latest run used."""
    import rules

    folder = Path(rules_dir) if rules_dir else rules.REFERENCE_RULES
    if not folder.is_dir():
        raise UsageError(f"the latest run's rule set {folder} is gone: restore it to check the contest period")
    parameter = rules.load_rule_set(folder).parameters.get("contest_days")
    if parameter is None:
        raise UsageError(f"rule set {folder} has no contest_days parameter (parameters/contest_days.yaml)")
    series = sorted(parameter.values[None].items())

    def in_force(day: date) -> int:
        values = [value for start, value in series if start <= day] or [series[0][1]]
        return int(Decimal(values[-1]))

    return in_force
