"""Prefect's temporary API server, started by hecha itself and as early as possible.

With no Prefect API configured, Prefect starts a local server in a
subprocess when the first flow runs (its ``SubprocessASGIServer``) and waits
for it: ≈3.5 s of CPU before it answers, nearly all of it the subprocess
importing Prefect's server (the migrations it runs at every start take
≈0.2 s). Worse, the class lives in ``prefect.server.api.server``, so merely
asking for it makes the CLI process import the whole server too (2–3 s of
the CLI's own time, competing with its imports). ``start_prefect_api``
therefore launches the same server (Prefect's own ``uvicorn`` command and
environment: API only, no UI, only the services of an ephemeral server, the
database under ``PREFECT_HOME``) before anything of Prefect is imported, so
it starts while the drop is checked and the stages load; the object it
returns then waits for it and points this process's Prefect settings at it
(``PREFECT_API_URL``, refreshed the way Prefect does after its plugins set
variables), and the server is stopped when the process exits, as Prefect
stops its own (on Linux it also dies with a killed hecha). The run stays a
real Prefect flow run against a real API: flow and task runs, states,
retries, logs, artifacts, events; only flow-run heartbeats, which nothing
reads on a server that ends with the run, are not sent
(``_without_heartbeats``).

Nothing is started when an API is configured (``PREFECT_API_URL`` in the
environment, a profile or a settings file) or the temporary server is turned
off (``PREFECT_SERVER_EPHEMERAL_ENABLED=false``): Prefect's settings decide,
and a server started before they could be read is stopped unused.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import logging
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PORTS = range(8000, 9000)
"""Where Prefect looks for a free port for its temporary server; hecha does the same."""
_PORT_IN_USE = 3
"""uvicorn's exit code when its port was taken after all."""
_SERVER_ENVIRONMENT = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
"""What Prefect sets for its temporary server: no UI, no background services (ephemeral), one app per process."""
_EPHEMERAL_SWITCHES = ("PREFECT_SERVER_EPHEMERAL_ENABLED", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE")
_FALSE = frozenset({"false", "0", "no", "off", "f", "n"})


def _free_port() -> int:
    """A random port in Prefect's range that nothing listens on now."""
    for _ in range(50):
        port = random.choice(_PORTS)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the temporary Prefect server")


def _dies_with_this_process() -> object:
    """Linux: what the server's process runs before it starts, so that it gets SIGTERM when hecha
    dies without stopping it (SIGKILL, a crash); None elsewhere."""
    if sys.platform != "linux":
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
        prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
        if os.getppid() != parent:  # hecha died before that took effect
            os._exit(1)

    return die_with_parent


class TemporaryServer:
    """One temporary Prefect API server in a subprocess, for the life of this process."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self._spawn()
        atexit.register(self.stop)

    @property
    def api_url(self) -> str:
        """The server's API address."""
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self) -> None:
        prefect_package = importlib.util.find_spec("prefect").submodule_search_locations[0]  # not imported
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect_package).parent),
                   "--factory", "prefect.server.api.server:create_app",
                   "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        self.process = subprocess.Popen(command, env={**os.environ, **_settings_environment(), **_SERVER_ENVIRONMENT},
                                        preexec_fn=_dies_with_this_process())

    def _healthy(self) -> bool:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/api/health")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def wait(self, timeout: float) -> None:
        """Wait until the server answers (a port taken meanwhile means another port); raise after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None:
                raise RuntimeError("the temporary Prefect server was stopped")
            code = self.process.poll()
            if code == _PORT_IN_USE:
                self.port = _free_port()
                self._spawn()
                continue
            if code is not None:
                raise RuntimeError(f"the temporary Prefect server exited with code {code} before it answered")
            if self._healthy():
                return
            time.sleep(0.05)
        raise RuntimeError(f"Timed out while attempting to connect to ephemeral Prefect API server "
                           f"(waited {timeout:g} s; PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")

    def stop(self) -> None:
        """Terminate the server (it gets 5 s to finish, then it is killed); idempotent."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _settings_environment() -> dict[str, str]:
    """Prefect settings made in this process rather than in its environment, for the server (as Prefect passes them).

    Only known once Prefect is imported; before that the server reads the same
    environment, profile and settings files as this process.
    """
    if "prefect.settings" not in sys.modules:
        return {}
    from prefect.settings import get_current_settings

    return get_current_settings().to_environment_variables(exclude_unset=True)


def _api_needed() -> bool | None:
    """Whether a temporary server will serve this process: False when an API is configured or the
    temporary server is turned off, True when not, None when that needs Prefect's settings, not yet imported."""
    if os.environ.get("PREFECT_API_URL"):
        return False
    if any(os.environ.get(name, "").strip().lower() in _FALSE for name in _EPHEMERAL_SWITCHES):
        return False
    if "prefect.settings" not in sys.modules:
        return None
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    return not PREFECT_API_URL.value() and bool(PREFECT_SERVER_EPHEMERAL_ENABLED.value())


class PrefectApi:
    """The API a flow in this process will use; calling it waits until that API is ready."""

    def __init__(self, server: TemporaryServer | None) -> None:
        self.server = server

    def __call__(self) -> None:
        """Settle which API the flows use: a configured one, or the temporary server once it answers."""
        if self.server is None:
            return
        import prefect.context
        from prefect.logging import get_logger
        from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

        if not _api_needed():
            self.cancel()
            return

        get_logger().info("Starting temporary server on http://127.0.0.1:%d\nSee "
                          "https://www.prefect.io/docs/v3/concepts/server#how-to-guides for more information "
                          "on running a dedicated Prefect server.", self.server.port)
        try:
            _warm_up()
            self.server.wait(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        except BaseException:
            self.cancel()
            raise
        os.environ["PREFECT_API_URL"] = self.server.api_url
        os.environ.setdefault("PREFECT_UI_URL", "")  # no UI is served, and the server ends with the run
        _refresh_settings(prefect.context)
        _without_heartbeats(prefect.context)
        atexit.register(_stopping, self.server.port)

    def cancel(self) -> None:
        """Stop the temporary server unused (bad input, or another API is configured)."""
        if self.server is not None:
            self.server.stop()
            self.server = None


def _warm_up() -> None:
    """While the server starts: import what Prefect imports when the first flow starts.

    Its flow and task engines, and FastAPI's JSON encoder, with which it
    serializes a flow's parameters (≈0.25 s, most of it FastAPI). The process
    would otherwise wait for the server idle and import them after it answers.
    """
    import fastapi.encoders  # noqa: F401
    import prefect.flow_engine  # noqa: F401
    import prefect.task_engine  # noqa: F401


def _refresh_settings(context: object) -> None:
    """Make every thread's Prefect settings pick up the environment (as Prefect does after its plugins run)."""
    refresh = getattr(context, "refresh_global_settings_context", None)
    if refresh is not None:
        refresh()
    else:  # Prefect before it had the function: the same assignment
        context.GLOBAL_SETTINGS_CONTEXT = context.root_settings_context()


def _without_heartbeats(context: object) -> None:
    """No flow-run heartbeats to a temporary server: nothing would ever read them.

    Heartbeats let a lasting server notice that a run's process died; this
    server dies with the process. And Prefect joins its heartbeat thread when
    a flow ends, a thread that sleeps in whole seconds: 0-1 s (0.5 s on
    average) added to every run. Only the process-wide settings this module
    just refreshed change; should Prefect's settings objects differ, the
    heartbeats simply stay.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    try:
        current = context.GLOBAL_SETTINGS_CONTEXT
        settings = current.settings.copy_with_update(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
        context.GLOBAL_SETTINGS_CONTEXT = current.model_copy(update={"settings": settings})
    except (AttributeError, TypeError, ValueError):
        return


def _stopping(port: int) -> None:
    """The progress line Prefect prints when it stops its temporary server."""
    logging.getLogger("prefect").info("Stopping temporary server on http://127.0.0.1:%d", port)


def start_prefect_api() -> PrefectApi:
    """Start the temporary server now if one may be needed; the returned object waits for it.

    Call it before anything imports Prefect, so that the server starts while the
    drop is checked and the stages load; call the returned object before the
    first flow runs (it decides, from Prefect's settings, whether the server is
    used at all), or ``cancel()`` it when no flow will run.
    """
    if _api_needed() is False:
        return PrefectApi(None)
    return PrefectApi(TemporaryServer())


def hide_tracebacks() -> None:
    """Keep Prefect's progress lines but not its tracebacks (those are for ``--debug``).

    Prefect configures its log handlers when a flow starts, so the traceback is
    dropped where records are made: a record factory that clears ``exc_info``
    for Prefect's loggers (the message, which names the exception, stays).
    """
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "hides_tracebacks", False):
        return

    def without_traceback(name: str, *args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(name, *args, **kwargs)
        if name.startswith("prefect"):
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return record

    without_traceback.hides_tracebacks = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(without_traceback)


@contextmanager
def signals_crash_the_run() -> Iterator[None]:
    """Let a signal that lands inside a DuckDB query end the flow as a crash.

    Prefect turns SIGTERM into a BaseException so that the flow run is marked
    Crashed; DuckDB, interrupted by it mid-query, raises its own "Query
    interrupted" error instead, which would mark the run Failed as if hecha had
    a bug. hecha never interrupts its own queries, so such an error is re-raised
    as the interruption it is.
    """
    try:
        yield
    except Exception as error:
        import duckdb

        interrupted = isinstance(error, getattr(duckdb, "InterruptException", ())) or \
            (isinstance(error, RuntimeError) and "Query interrupted" in str(error))
        if interrupted:
            raise KeyboardInterrupt("terminated while a query ran") from error
        raise
