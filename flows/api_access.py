"""Who may call the API, and what is kept of each call.

Tokens come from the file named by ``HECHA_API_TOKENS``, one ``name:token`` a
line (``#`` starts a comment). The file is read again whenever it changes, so
removing a line revokes its token without a restart. Only the name ever
reaches the audit or a log.

Every check is audited in the history database (table ``api_audit``, schema in ``flows.history``): time,
token name, household_id, the answer's counts and the data run it was
checked against — never an ID number or a name. The API must not hold the
history open (a nightly run writes to it), so entries are queued and written
in batches about once a second, waiting for the history's lock like any
writer; what cannot be written yet stays queued.
"""

from __future__ import annotations

import hmac
import logging
import os
import queue
import threading
from datetime import datetime, timezone
from pathlib import Path

from flows.errors import HechaError, UsageError

TOKENS_VARIABLE = "HECHA_API_TOKENS"
_log = logging.getLogger("hecha.api")


class Tokens:
    """The ``name:token`` file, re-read when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int] | None = None
        self._by_token: dict[str, str] = {}
        self._lock = threading.Lock()
        self._refresh()

    @classmethod
    def from_environment(cls) -> Tokens:
        """The token file named by ``HECHA_API_TOKENS`` (exit 2 when unset or unreadable)."""
        name = os.environ.get(TOKENS_VARIABLE)
        if not name:
            raise UsageError(f"{TOKENS_VARIABLE} is not set: name a file of name:token lines")
        return cls(Path(name))

    def _refresh(self) -> None:
        try:
            status = self.path.stat()
            seen = (status.st_mtime_ns, status.st_size)
            if seen == self._seen:
                return
            text = self.path.read_text(encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot read the API token file {self.path}: {error.strerror}") from None
        self._by_token, self._seen = _parse(text, self.path), seen

    def name_of(self, token: str) -> str | None:
        """The name a presented token stands for, or None (compared in constant time)."""
        with self._lock:
            self._refresh()
            found = None
            for known, name in self._by_token.items():
                if hmac.compare_digest(known.encode(), token.encode()):
                    found = name
            return found


def _parse(text: str, path: Path) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, token = line.partition(":")
        if not separator or not name.strip() or len(token.strip()) < 16:
            raise UsageError(f"{path} line {number}: expected name:token with a token of 16 characters or more")
        tokens[token.strip()] = name.strip()
    return tokens


class AuditLog:
    """Audit entries queued by the request threads and written in batches by one thread."""

    def __init__(self, history: Path, interval: float = 1.0) -> None:
        self.history = history
        self._queue: queue.Queue[tuple] = queue.Queue()
        self._pending: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), name="hecha-audit", daemon=True)
        self._thread.start()

    def record(self, token_name: str, household_id: str | None, status: int, answer: dict | None) -> None:
        """Queue one entry: counts of the answer only."""
        flags = (answer or {}).get("flags", [])
        counts = (len(flags), sum(f["status"] == "breach" for f in flags), sum(f["status"] == "review" for f in flags),
                  len((answer or {}).get("data_problems", [])), len((answer or {}).get("already_registered", [])))
        self._queue.put((datetime.now(timezone.utc), token_name, household_id, status,
                         (answer or {}).get("data_run_id"), *(counts if answer else (None,) * 5)))

    def flush(self) -> None:
        """Write what is queued (kept queued if the history cannot be written now)."""
        while not self._queue.empty():
            self._pending.append(self._queue.get_nowait())
        if not self._pending:
            return
        from flows.history import connect_history

        try:
            with connect_history(self.history) as con:
                con.executemany("INSERT INTO api_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending)
            self._pending.clear()
        except HechaError as problem:
            _log.warning("audit entries kept queued (%d): %s", len(self._pending), problem)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.flush()

    def close(self) -> None:
        """Stop the writer and write what is left."""
        self._stop.set()
        self._thread.join()
        self.flush()
