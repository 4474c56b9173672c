"""pytest fixtures for testing against stigg-emulator with Stigg's Python SDK (stigg-api-client-v2).

Copy this file into your own suite: the `emulator` fixture starts the emulator once per session (a
free port, no edge port), `stigg_env` gives every test its own environment (`server-<uuid>`, seeded
from the fixtures), with a clock it can move, and `stigg` is the SDK's client for it, run once with
the synchronous and once with the asynchronous client.

The emulator started is `STIGG_EMULATOR_CMD` when set (a shell-style command line, e.g.
"node_modules/.bin/stigg-emulator"), otherwise the built dist/stigg-emulator.mjs of this repository.
"""

from __future__ import annotations

import inspect
import json
import os
import shlex
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from stigg import Stigg

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30


# --- the emulator process -------------------------------------------------------------------------


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"


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
    # a fixed start instant makes every environment's dates predictable; tests move the clock themselves
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
    url = ready["url"]
    # the documented readiness probe: 200 once the seed is loaded and the ports listen
    with urllib.request.urlopen(f"{url}/_emulator/ready", timeout=5) as res:
        assert res.status == 200
    yield Emulator(url=url, process=proc)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- one environment per test ---------------------------------------------------------------------


@dataclass
class StiggEnv:
    """An isolated emulator environment: its key, its name and its control plane."""

    emulator: Emulator
    name: str
    now: str = ""

    @property
    def key(self) -> str:
        return f"server-{self.name}"

    @property
    def api_url(self) -> str:
        return self.emulator.graphql_url

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.emulator.url}/_emulator/environments/{self.name}{path}",
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as res:
            return json.loads(res.read() or b"null")

    def clock(self) -> dict:
        return self.control("GET", "/clock")

    def move_clock(self, **move: Any) -> dict:
        """e.g. move_clock(advance="P14D") or move_clock(to="2025-03-01T00:00:00Z", frozen=True)."""
        return self.control("POST", "/clock", move)

    def governance_headers(self) -> dict[str, str]:
        return {
            "Authorization": "Bearer local",
            "x-stigg-account-id": "acc-local",
            "x-stigg-environment-id": self.name,
        }


@pytest.fixture
def stigg_env(emulator) -> StiggEnv:
    env = StiggEnv(emulator=emulator, name=str(uuid.uuid4()))
    # freeze the clock (it starts at --start-time when the environment is created) so dates in
    # answers are exact: env.now is the instant every "now" of the test reads
    env.now = env.move_clock(frozen=True)["now"]
    return env


class Sdk:
    """The SDK's client; `await sdk.call("method", input)` works for the sync and the async client alike."""

    def __init__(self, kind: str, client: Any) -> None:
        self.kind = kind
        self.client = client

    async def call(self, method: str, *args: Any) -> Any:
        from stigg.generated import GraphQLClientGraphQLMultiError

        try:
            result = getattr(self.client, method)(*args)
            if inspect.isawaitable(result):
                result = await result
        except GraphQLClientGraphQLMultiError as error:
            for e in error.errors:
                if (e.extensions or {}).get("code") == "NotSupportedByEmulator":
                    raise NotSupportedByEmulator(str((e.extensions or {}).get("field")), method) from error
            raise
        return result


class NotSupportedByEmulator(Exception):
    """The SDK method reached a GraphQL root field the emulator does not serve yet."""

    def __init__(self, field: str, method: str) -> None:
        super().__init__(f"NotSupportedByEmulator: {field} ({method})")
        self.field = field
        self.method = method


async def _closing(sdk: Sdk):
    yield sdk
    if sdk.kind == "async":
        await sdk.client.http_client.aclose()
    else:
        sdk.client.http_client.close()


@pytest.fixture(params=["sync", "async"])
async def stigg(request, stigg_env):
    """The SDK's client for the test's environment (edge off, as the page's examples are replayed)."""
    create = Stigg.create_client if request.param == "sync" else Stigg.create_async_client
    async for sdk in _closing(Sdk(request.param, create(stigg_env.key, api_url=stigg_env.api_url, enable_edge=False))):
        yield sdk


@pytest.fixture(params=["sync", "async"])
async def stigg_edge(request, stigg_env):
    """The client with its default enable_edge=True: entitlement, subscription and paywall reads go to
    the edge routes, which the emulator serves on its main port too."""
    create = Stigg.create_client if request.param == "sync" else Stigg.create_async_client
    async for sdk in _closing(Sdk(request.param, create(stigg_env.key, api_url=stigg_env.api_url, edge_api_url=stigg_env.emulator.url))):
        yield sdk


# --- what the emulator does not serve yet: one list ------------------------------------------------

# SDK method -> the GraphQL root field it calls that answers NotSupportedByEmulator today.
NOT_SUPPORTED = {
}


def not_supported(method: str):
    """Mark a page example as an expected failure naming the operation the emulator lacks.

    strict: once the emulator serves it, the example passes and the mark must go. Only the
    NotSupportedByEmulator answer for exactly that field counts as the expected failure.
    """

    def mark(fn):
        fn = pytest.mark.xfail(strict=True, raises=NotSupportedByEmulator, reason=f"NotSupportedByEmulator: {NOT_SUPPORTED[method]} ({method})")(fn)
        return pytest.mark.not_supported(field=NOT_SUPPORTED[method])(fn)

    return mark


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    marker = item.get_closest_marker("not_supported")
    if marker is None or call.when != "call" or call.excinfo is None:
        return
    error = call.excinfo.value
    if isinstance(error, NotSupportedByEmulator) and error.field != marker.kwargs["field"]:
        report.outcome = "failed"
        report.longrepr = f"expected NotSupportedByEmulator for {marker.kwargs['field']}, got it for {error.field}"
        if hasattr(report, "wasxfail"):
            del report.wasxfail


def pytest_configure(config):
    config.addinivalue_line("markers", "not_supported(field): the example needs a root field the emulator does not serve yet")


# --- the summary: page examples passed, expected failures -----------------------------------------


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    stats = terminalreporter.stats
    passed = [r for r in stats.get("passed", []) if r.when == "call"]
    xfailed = stats.get("xfailed", [])
    failed = [r for r in stats.get("failed", []) if r.when == "call"]
    tr = terminalreporter
    from importlib.metadata import version

    tr.section(f"Python SDK (stigg-api-client-v2 {version('stigg-api-client-v2')}) page examples")
    # each example runs with the synchronous and with the asynchronous client
    tr.write_line(f"passed: {len(passed)}, expected failures: {len(xfailed)}, failed: {len(failed)}")
    reasons = sorted({getattr(r, "wasxfail", "") for r in xfailed})
    for reason in reasons:
        tr.write_line(f"  expected failure: {reason}")


if sys.version_info < (3, 9):  # pragma: no cover
    raise RuntimeError("Python 3.9 or newer is required")
