"""``hecha api``: the on-demand check over HTTP (FastAPI), for an application system.

``POST /v1/check`` takes the household JSON of contract §6 and answers as
``hecha check`` does; ``GET /v1/health`` says which data run is loaded (no
token needed). Every check needs ``Authorization: Bearer <token>``
(``flows.api_access``) and is audited. Answers: 401 without a valid token,
413 for a body over 1 MB, 422 naming every bad field, 503 while no data run
is loaded, 500 (with nothing of the household in it) for our own faults.
When a new run replaces the data run, a watcher (once a second) attaches the
new one and swaps it in, off the requests' path; requests already running
finish on the one they started with, so none is dropped. ``hecha api`` runs
one worker process per CPU (a check is mostly DuckDB planning, which holds
Python's GIL, so threads alone do not add throughput); each attaches the data
run and audits its own requests.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from flows.api_access import AuditLog, Tokens
from flows.api_schema import ANSWER_SCHEMA, HOUSEHOLD_SCHEMA
from flows.check import DataRunCheck, NoDataRun
from flows.check_input import MAX_BODY, WARM_UP, HouseholdRefused, parse_json, validate_household
from flows.errors import classify

_log = logging.getLogger("hecha.api")


class LatestDataRun:
    """The data run currently answered from; replaced when a newer run lands."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._current: DataRunCheck | None = None
        self._lock = threading.Lock()
        self.refresh()

    @property
    def current(self) -> DataRunCheck | None:
        """The data run requests are answered from (None before the first run)."""
        return self._current

    def refresh(self) -> DataRunCheck | None:
        """Attach the latest data run if it changed (or none was loaded); return the current one."""
        with self._lock:
            if self._current is None or not self._current.is_current():
                try:
                    fresh = DataRunCheck(self.root)
                except NoDataRun:
                    return self._current
                if self._current is not None:
                    _log.info("data run %s replaces %s", fresh.run.run_id, self._current.run.run_id)
                self._current = fresh
            return self._current


def create_app(root: Path, tokens: Tokens, audit: AuditLog, today: Any) -> FastAPI:
    """The API over the data runs of ``root``; ``today()`` gives the default as-of date."""
    latest = LatestDataRun(root)
    validate_household(WARM_UP, today())  # loads the contracts' engine before the first request
    app = FastAPI(title="hecha on-demand check", version="1", lifespan=_lifespan(latest, audit),
                  description="Checks one applicant household against the latest data run (contract §6).")

    @app.get("/v1/health")
    def health() -> JSONResponse:
        current = latest.current
        if current is None:
            return JSONResponse({"status": "no data run", "data_run_id": None}, status_code=503)
        return JSONResponse({"status": "ok", "data_run_id": current.run.run_id,
                             "data_run_as_of": current.run.as_of.isoformat()})

    @app.post("/v1/check", openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": HOUSEHOLD_SCHEMA}}},
        "parameters": [{"name": "as_of", "in": "query", "required": False, "schema": {"type": "string",
                        "format": "date"}, "description": "Date whose rules apply (default today)."}],
        "responses": {"200": {"description": "the check", "content": {"application/json": {"schema": ANSWER_SCHEMA}}},
                      "401": {"description": "no valid token"}, "413": {"description": "body over 1 MB"},
                      "422": {"description": "invalid household, every bad field named"},
                      "503": {"description": "no data run loaded yet"}}})
    async def check(request: Request) -> JSONResponse:
        name = _caller(request, tokens)
        if name is None:
            audit.record("(no valid token)", None, 401, None)
            return JSONResponse({"error": "a valid bearer token is required"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        status, answer, household_id = await _answer(request, latest, today)
        audit.record(name, household_id, status, answer if status == 200 else None)
        return JSONResponse(answer, status_code=status)

    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``hecha api`` (the CLI puts the root in the environment)."""
    from flows.dates import today, zone
    from flows.history import HISTORY_FILE

    root = Path(os.environ["HECHA_API_OUTPUT_ROOT"])
    tz = zone(None)
    return create_app(root, Tokens.from_environment(), AuditLog(root / HISTORY_FILE), lambda: today(tz))


def _caller(request: Request, tokens: Tokens) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return tokens.name_of(token.strip()) if scheme.lower() == "bearer" and token.strip() else None


async def _body(request: Request) -> bytes:
    """The body, refused once it passes the size limit (whatever Content-Length claims)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HouseholdRefused([("body", f"larger than the {MAX_BODY:,} byte limit")])
        chunks.append(chunk)
    return b"".join(chunks)


async def _answer(request: Request, latest: LatestDataRun, today: Any) -> tuple[int, dict, str | None]:
    """(status, JSON answer, household_id when known) of one check request."""
    household_id = None
    try:
        as_of = _as_of(request.query_params.get("as_of"), today)
        household = parse_json(await _body(request))
        household_id = _household_id(household)
        current = latest.current
        if current is None:
            return 503, {"error": "no data run is loaded yet: run hecha run first"}, household_id
        applicant = await run_in_threadpool(validate_household, household, as_of)
        return 200, await run_in_threadpool(current.check, applicant, as_of), household_id
    except HouseholdRefused as refused:
        status = 413 if refused.problems[0][1].startswith("larger than") else 422
        return status, {"error": "household refused", "problems": [
            {"field": field, "problem": problem} for field, problem in refused.problems]}, household_id
    except Exception as error:  # noqa: BLE001 - one answer for our own faults, nothing of the household in it
        _log.error("check failed: %s", classify(error))
        return 500, {"error": "internal error: see the API log"}, household_id


def _as_of(text: str | None, today: Any) -> date:
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HouseholdRefused([("as_of", "must be a date as YYYY-MM-DD")]) from None


def _household_id(household: Any) -> str | None:
    value = household.get("household_id") if isinstance(household, dict) else None
    return value[:64] if isinstance(value, str) else None


def _lifespan(latest: LatestDataRun, audit: AuditLog) -> Any:
    """While serving, look for a new data run once a second (requests never wait for one to
    attach); on shutdown, write the audit entries still queued."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(1.0):
                try:
                    latest.refresh()
                except Exception as error:  # noqa: BLE001 - keep answering from the loaded run
                    _log.warning("new data run not loaded: %s", classify(error))

        watcher = threading.Thread(target=watch, name="hecha-data-run-watch", daemon=True)
        watcher.start()
        try:
            yield
        finally:
            stop.set()
            watcher.join()
            audit.close()

    return lifespan
