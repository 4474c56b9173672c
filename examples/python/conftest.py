"""pytest fixtures for testing against stigg-emulator with Stigg's Python SDK (stigg-api-client-v2).

How the emulator gets here: `npm install` in this directory installs the package (package.json names
the packed tarball, npm-packages/stigg-emulator.tgz; a registry version or a path works the same way), so
its bin is node_modules/.bin/stigg-emulator. It is started directly, never through npx.

Two ways to run the suite:

    pytest                                                   # the `emulator_url` fixture starts one
    node_modules/.bin/stigg-emulator exec -- python -m pytest   # exec starts one around pytest

Under `exec` the fixture finds STIGG_EMULATOR_URL and starts nothing. Either way nothing is left
running afterwards: the fixture stops the emulator at the end of the session, and the emulator also
exits by itself when the process that started it goes away (pytest killed, a CI step cancelled).
"""
from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from stigg import Stigg

HERE = Path(__file__).parent
BIN = HERE / "node_modules" / ".bin" / "stigg-emulator"


@pytest.fixture(scope="session")
def emulator_url():
    """The emulator's URL: STIGG_EMULATOR_URL (under `stigg-emulator exec`), else one started for the session."""
    if os.environ.get("STIGG_EMULATOR_URL"):
        yield os.environ["STIGG_EMULATOR_URL"]
        return
    if not BIN.exists():
        raise RuntimeError(f"{BIN} is missing: run `npm install` in {HERE} first")
    # a free port (--port 0), no edge port (the main port serves the edge routes too); JSON log lines
    proc = subprocess.Popen(
        [str(BIN), "--port", "0", "--edge-port", "-1", "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = _read_ready_url(proc, timeout=30)
        # keep draining the log so that the pipe never fills
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        yield url
    finally:
        proc.terminate()  # SIGTERM: the emulator closes cleanly and exits 0
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _read_ready_url(proc: subprocess.Popen, timeout: float) -> str:
    """The URL of the one log line that says "ready" (printed once the seed is loaded and the port listens)."""
    deadline = time.monotonic() + timeout
    seen = []
    for line in proc.stdout:
        seen.append(line)
        entry = json.loads(line) if line.startswith("{") else {}
        if entry.get("msg") == "ready":
            return entry["url"]
        if time.monotonic() > deadline:
            break
    raise RuntimeError("stigg-emulator did not get ready:\n" + "".join(seen))


class Environment:
    """An isolated emulator environment for one test: its own key (server-<name>), clock and data."""

    def __init__(self, url: str):
        self.url = url
        self.name = f"py-{uuid.uuid4()}"
        self.client = Stigg.create_client(f"server-{self.name}", api_url=f"{url}/graphql", enable_edge=False)

    def control(self, path: str, body: dict | None = None) -> dict:
        """A control-plane call for this environment, e.g. control("/clock", {"advance": "P14D"})."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_emulator/environments/{self.name}{path}", data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request, timeout=10) as res:
            return json.load(res)

    def move_clock(self, **move) -> dict:
        """move_clock(advance="P14D"), move_clock(to="2030-01-01T00:00:00Z", frozen=True): what is due is applied before this returns."""
        return self.control("/clock", move)


@pytest.fixture
def env(emulator_url) -> Environment:
    return Environment(emulator_url)
