"""pytest fixtures for testing against stigg-emulator with Stigg's Python REST SDK (`stigg`).

The `emulator` fixture starts the emulator once per session (a free port, no edge port);
`rest_env` gives every test its own environment (`server-<name>`, seeded from the demo fixtures)
with `rest_env.stigg`, the SDK's client for it (`Stigg(api_key=..., base_url=...)`, no retries),
`rest_env.fetch(method, path, body)` for a raw call, `rest_env.graphql(query, variables)` and
`rest_env.move_clock(...)`.

The emulator started is `STIGG_EMULATOR_CMD` when set (a shell-style command line), otherwise the
built dist/stigg-emulator.mjs of this repository.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from stigg import Stigg

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen


def _command() -> list[str]:
    custom = os.environ.get("STIGG_EMULATOR_CMD")
    if custom:
        return shlex.split(custom)
    bundle = REPO / "dist" / "stigg-emulator.mjs"
    if not bundle.exists():
        raise RuntimeError(f"{bundle} is missing: run `npm run build` first")
    return ["node", str(bundle)]


@pytest.fixture(scope="session")
def emulator():
    """Start the emulator on a free port (--port 0), read its URL from the "ready" log line, stop it at the end."""
    cmd = _command() + ["--port", "0", "--edge-port", "-1", "--host", "127.0.0.1", "--log-level", "info"]
    cmd += ["--start-time", os.environ.get("STIGG_EMULATOR_START_TIME", "2025-01-01T00:00:00Z")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready: dict[str, str] = {}
    seen: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:  # keep draining so the pipe never fills
            if not ready:
                seen.append(line)
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == "ready":
                    ready["url"] = entry["url"]

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while "url" not in ready:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("stigg-emulator did not get ready:\n" + "".join(seen))
        time.sleep(0.05)
    yield Emulator(url=ready["url"], process=proc)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@dataclass
class RestEnv:
    """An isolated emulator environment, its REST client and its control plane."""

    emulator: Emulator
    name: str
    stigg: Stigg = field(init=False)

    def __post_init__(self) -> None:
        self.stigg = Stigg(api_key=self.key, base_url=self.emulator.url, max_retries=0)

    @property
    def key(self) -> str:
        return f"server-{self.name}"

    def _request(self, method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def fetch(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A REST call without the SDK: (status, JSON body)."""
        return self._request(method, f"{self.emulator.url}{path}", body, {"x-api-key": self.key})

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        status, body = self._request("POST", f"{self.emulator.url}/graphql", {"query": query, "variables": variables or {}}, {"x-api-key": self.key})
        assert status == 200, body
        return body

    def move_clock(self, **move: Any) -> dict:
        """e.g. move_clock(advance="P14D") or move_clock(to="2025-03-01T00:00:00Z")."""
        status, body = self._request("POST", f"{self.emulator.url}/_emulator/environments/{self.name}/clock", move)
        assert status == 200, body
        return body


@pytest.fixture
def rest_env(emulator) -> RestEnv:
    return RestEnv(emulator=emulator, name=f"rest-{uuid.uuid4().hex[:12]}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    stats = terminalreporter.stats
    passed = [r for r in stats.get("passed", []) if r.when == "call"]
    failed = [r for r in stats.get("failed", []) if r.when == "call"]
    from importlib.metadata import version

    terminalreporter.section(f"Python REST SDK (stigg {version('stigg')})")
    terminalreporter.write_line(f"passed: {len(passed)}, expected failures: 0, failed: {len(failed)}")
