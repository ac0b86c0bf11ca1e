"""Start ``hecha api`` as a real process on a free 127.0.0.1 port, and stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

HECHA = Path(sys.executable).parent / "hecha"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def api_server(root: Path, tokens: Path, log: Path) -> Iterator[str]:
    """The base URL of a running ``hecha api`` over ``root``; SIGTERM when the block ends."""
    port = free_port()
    env = {**os.environ, "HECHA_API_TOKENS": str(tokens)}
    with log.open("w") as out:
        process = subprocess.Popen([str(HECHA), "api", "--output-root", str(root), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hecha api exited with {process.returncode}")
        try:
            httpx.get(f"{url}/v1/health", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("hecha api did not start within 120 s")
