"""The ``hecha`` command line: one entry point, one error handler.

Every failure ends as a single ``Error: …`` line on stderr with the exit code
of contract §2 (2: bad usage or unusable input, nothing written; 1: anything
else); ``--debug`` adds the traceback. Prefect is imported only by the
commands that run flows, so ``hecha --help`` stays quick.
"""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from flows import check_cli
from flows.engine import hide_tracebacks, start_prefect_api
from flows.errors import EXIT_FAILED, UsageError, classify
from flows.history_cli import history_app
from flows.review_cli import review_app

app = typer.Typer(
    name="hecha",
    help="hecha (核查): verify hardship-worker households against other agencies' records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(review_app)
app.add_typer(history_app)
app.command()(check_cli.check)
app.command()(check_cli.api)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback when a command fails.")] = False,
) -> None:
    """hecha (核查): cross-agency eligibility verification of hardship-worker files."""


@app.command()
def run(
    input_dir: Annotated[Path, typer.Option("--input", help="Folder holding the extract drop (one file per source).")],
    output_dir: Annotated[Path, typer.Option("--output", help="Folder for the run's outputs; replaced atomically.")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date whose parameter values apply (YYYY-MM-DD; default today in --timezone).")] = None,
    rules_dir: Annotated[Optional[Path], typer.Option("--rules", help="Rule set folder (default: the reference set in rules/).")] = None,
    history_file: Annotated[Optional[Path], typer.Option("--history", help="Run history database (default: hecha-history.duckdb beside --output).")] = None,
    timezone: Annotated[Optional[str], typer.Option("--timezone", help="Time zone whose date is today (default HECHA_TIMEZONE, else Asia/Shanghai).")] = None,
    keep_warehouse: Annotated[bool, typer.Option("--keep-warehouse", help="Keep the run's DuckDB warehouse in --output too (by default only the latest run's is kept, as hecha-data-run.duckdb beside the history).")] = False,
    engine: Annotated[str, typer.Option("--engine", help="Where the stages run: local (this process) or spark (a Spark cluster; needs the spark extra and Java 17).")] = "local",
    spark_master: Annotated[str, typer.Option("--spark-master", help="Spark master URL for --engine spark, e.g. spark://host:7077 (default local[*]: every core of this machine).")] = "local[*]",
    spark_conf: Annotated[Optional[Path], typer.Option("--spark-conf", help="Spark settings file for --engine spark ('spark.key value' lines; default HECHA_SPARK_CONF).")] = None,
) -> None:
    """Run one verification of the drop in --input and write the results to --output."""
    from flows.outputs import check_output_target

    as_of_date, as_of_source = parse_as_of(as_of, timezone)
    check_engine(engine, spark_conf)
    check_output_target(output_dir)
    verify = prepared_flow(input_dir, rules_dir)
    manifest = verify(input_dir, output_dir, as_of_date, str(rules_dir) if rules_dir else None,
                      history_path=history_file, as_of_source=as_of_source, keep_warehouse=keep_warehouse,
                      engine=engine, spark_master=spark_master, spark_conf=str(spark_conf) if spark_conf else None)
    from flows.summary import print_run_summary  # pandas: after the drop check, which must stay quick

    print_run_summary(manifest, output_dir)


@app.command()
def campaign(
    name: Annotated[str, typer.Argument(help="Campaign name, e.g. 2026-huitoukan (letters, digits, - and _).")],
    input_dir: Annotated[Path, typer.Option("--input", help="Folder holding the extract drop.")],
    output_root: Annotated[Path, typer.Option("--output-root", help="Root folder; the snapshot goes to campaigns/NAME.")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date whose parameter values apply (default today in Asia/Shanghai or HECHA_TIMEZONE).")] = None,
    rules_dir: Annotated[Optional[Path], typer.Option("--rules", help="Rule set folder (default: reference set).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="Where the stages run: local (this process) or spark (a Spark cluster; needs the spark extra and Java 17).")] = "local",
    spark_master: Annotated[str, typer.Option("--spark-master", help="Spark master URL for --engine spark, e.g. spark://host:7077 (default local[*]: every core of this machine).")] = "local[*]",
    spark_conf: Annotated[Optional[Path], typer.Option("--spark-conf", help="Spark settings file for --engine spark ('spark.key value' lines; default HECHA_SPARK_CONF).")] = None,
) -> None:
    """Run a named review-campaign (回头看) verification and freeze its output as a snapshot."""
    from flows.campaigns import campaign_output, freeze
    from flows.history import HISTORY_FILE

    as_of_date, as_of_source = parse_as_of(as_of, None)
    check_engine(engine, spark_conf)
    target = campaign_output(output_root, name)
    verify = prepared_flow(input_dir, rules_dir)
    manifest = verify(input_dir, target, as_of_date, str(rules_dir) if rules_dir else None,
                      history_path=output_root / HISTORY_FILE, kind="campaign", campaign=name,
                      as_of_source=as_of_source, engine=engine, spark_master=spark_master,
                      spark_conf=str(spark_conf) if spark_conf else None)
    freeze(target)
    from flows.summary import print_run_summary  # pandas: after the drop check, which must stay quick

    print_run_summary(manifest, target)


@app.command()
def serve(
    input_dir: Annotated[Path, typer.Option("--input", help="The drop folder the agencies refresh each night.")],
    output_root: Annotated[Path, typer.Option("--output-root", help="Root folder: nightly/<date>/ and the run history.")],
    cron: Annotated[str, typer.Option(help="Cron schedule of the nightly run.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="Time zone of the cron schedule.")] = "Asia/Shanghai",
    rules_dir: Annotated[Optional[Path], typer.Option("--rules", help="Rule set folder (default: reference set).")] = None,
    keep: Annotated[int, typer.Option("--keep", help="Nightly output folders kept (the newest; 0 keeps all). The history keeps every run.")] = 30,
) -> None:
    """Serve the nightly verification on a schedule (needs a Prefect server: see README)."""
    from prefect import serve as prefect_serve

    from flows.schedules import nightly_deployment

    deployment = nightly_deployment(input_dir, output_root, cron=cron, timezone=timezone,
                                    rules_dir=str(rules_dir) if rules_dir else None, keep=keep)
    prefect_serve(deployment)


@app.command()
def runs(
    output_root: Annotated[Path, typer.Option("--output-root", help="Root folder holding hecha-history.duckdb.")],
    limit: Annotated[int, typer.Option(help="How many of the latest runs to list.")] = 20,
) -> None:
    """List the latest runs recorded in the run history."""
    from flows.history import HISTORY_FILE, list_runs
    from flows.summary import print_run_history

    print_run_history(list_runs(output_root / HISTORY_FILE, limit))


def prepared_flow(input_dir: Path, rules_dir: Path | None = None) -> Callable[..., dict]:
    """The verification flow, once the drop and the rule set have been checked.

    What can be checked from the files alone (the folder, the required files,
    each file's header; the rule set's rules, SQL, parameters and matcher
    settings; DuckDB's memory cap) is checked in about a second, before Prefect or a stage is
    imported, so bad input is answered before the orchestrator starts.
    Prefect's temporary API server (when no API is configured) is launched just
    before that check, so it starts while the drop is checked and the stages
    import; it is waited for before the flow runs, and stopped unused when the
    drop is refused (``flows.engine``).
    """
    api_ready = start_prefect_api()
    try:
        from flows.drop import check_drop

        check_drop(input_dir)
        check_rule_set(rules_dir)
        from flows.warehouse import memory_limit

        memory_limit()
        if not _DEBUG:
            hide_tracebacks()
        from flows.verify import verify

        api_ready()
    except BaseException:
        api_ready.cancel()
        raise
    return verify


def check_rule_set(rules_dir: Path | None) -> None:
    """Load the rule set and its matcher settings once, so that a broken ``--rules`` folder is
    refused (exit 2, every problem listed) before the run starts; the flow loads them again."""
    import rules
    from flows.matcher_settings import load_match_config

    folder = rules_dir or rules.REFERENCE_RULES
    rules.load_rule_set(folder)
    load_match_config(folder)


def check_engine(engine: str, spark_conf: Path | None = None) -> None:
    """Refuse an unknown engine, and the Spark engine where pyspark or Java is missing or its
    settings file is unreadable (exit 2), before anything starts."""
    from flows.spark import ENGINES, require_spark

    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "spark":
        from flows.spark.session import settings_file

        require_spark()
        settings_file(spark_conf)


def parse_as_of(text: str | None, timezone: str | None) -> tuple[date, dict]:
    """``--as-of`` as a date, or today in the time zone; and where the date came from (for the manifest)."""
    from flows.dates import today, zone

    if text is None:
        tz = zone(timezone)
        return today(tz), {"from": "today", "timezone": tz.key}
    try:
        return date.fromisoformat(text), {"from": "--as-of"}
    except ValueError:
        raise UsageError(f"--as-of must be a date as YYYY-MM-DD, got {text!r}") from None


_DEBUG = False
_TERMINATED: list[int] = []


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the run as an interruption, so Prefect marks it Crashed and the partial
    output is removed (SIGKILL cannot be caught: the next run sweeps what it leaves)."""
    _TERMINATED.append(signum)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the command and translate every failure into an exit code."""
    global _DEBUG
    args = list(sys.argv[1:] if argv is None else argv)
    _DEBUG = "--debug" in args
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        app(args=args, prog_name="hecha", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        if _TERMINATED:
            print(f"Error: terminated by {signal.Signals(_TERMINATED[0]).name}; nothing was published",
                  file=sys.stderr)
            return 128 + _TERMINATED[0]
        print("Error: interrupted (a signal ended the command); nothing was published", file=sys.stderr)
        return EXIT_FAILED
    except typer.TyperException as usage:  # bad usage, as Typer's command-line parser reports it
        usage.show()
        return usage.exit_code
    except Exception as error:  # noqa: BLE001 - the one place every failure is reported
        if _DEBUG:
            traceback.print_exc()
        problem = classify(error)
        print(f"Error: {problem}", file=sys.stderr)
        return problem.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
