"""``hecha check`` and ``hecha api``: the on-demand check from the command line and over HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from flows.errors import UsageError

API_HELP = """Serve the on-demand check over HTTP: POST /v1/check, GET /v1/health, docs at /docs.

Tokens come from the file named by HECHA_API_TOKENS, one name:token a line; it is re-read when it changes, so deleting a line revokes that token. Every check is audited in the history database.

The service binds to 127.0.0.1. To serve other machines, put a TLS reverse proxy on the same host in front of it (nginx: a `listen 443 ssl` server with `location /v1/ { proxy_pass http://127.0.0.1:8765; }`) and never expose the port itself: tokens travel in a header."""


def check(
    output_root: Annotated[Path, typer.Option("--output-root", help="Root folder holding the latest data run (hecha-data-run.duckdb) and the history.")],
    household: Annotated[Path, typer.Option("--household", help="The applicant household as JSON (contract §6).")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date whose rules apply (YYYY-MM-DD; default today in HECHA_TIMEZONE, else Asia/Shanghai).")] = None,
) -> None:
    """Check one applicant household against the latest data run and print the answer as JSON."""
    from flows.api_access import AuditLog
    from flows.check import DataRunCheck
    from flows.check_input import parse_json, validate_household
    from flows.cli import parse_as_of
    from flows.history import HISTORY_FILE

    as_of_date, _ = parse_as_of(as_of, None)
    try:
        text = household.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the household file {household}: {error.strerror}") from None
    data_run = DataRunCheck(output_root)
    applicant = validate_household(parse_json(text), as_of_date)
    answer = data_run.check(applicant, as_of_date)
    audit = AuditLog(output_root / HISTORY_FILE, interval=3600)
    audit.record("cli", applicant.household_id, 200, answer)
    audit.close()
    typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))


def api(
    output_root: Annotated[Path, typer.Option("--output-root", help="Root folder holding the latest data run and the history (where requests are audited).")],
    host: Annotated[str, typer.Option(help="Address to bind (keep 127.0.0.1 behind a TLS reverse proxy).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    workers: Annotated[int, typer.Option(help="Worker processes answering checks (default: one per CPU); each attaches the data run.")] = 0,
) -> None:
    import os

    import uvicorn

    from flows.api_access import Tokens

    Tokens.from_environment()  # refuse a missing or malformed token file before anything starts
    _check_port(host, port)
    os.environ["HECHA_API_OUTPUT_ROOT"] = str(output_root.resolve())
    uvicorn.run("flows.api:app_from_environment", factory=True, host=host, port=port, log_level="info",
                workers=workers or os.cpu_count() or 1)


api.__doc__ = API_HELP


def _check_port(host: str, port: int) -> None:
    """Refuse, as the operator's problem, an address that cannot be bound."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
