"""Servers as processes for the tests: `cxgraph serve`, and the remote SPARQL database that
`.ci/run` starts (named by environment variables)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 Protocol server listens, and how to write to it."""

    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = None
    token: str | None = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def launch(
    arguments: list[str], environment: dict[str, str]
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `cxgraph serve ARGUMENTS` on a free port; return it once /health answers.

    Only `environment` sets CXGRAPH_TOKEN: one inherited from the shell never leaks in. The
    server's stderr (start-up messages, one line per request) goes to a temporary file, not
    a pipe nobody reads, which would fill and stop the server; it is shown if it fails."""
    port = free_port()
    command = Path(sys.executable).parent / "cxgraph"
    inherited = {k: v for k, v in os.environ.items() if k != "CXGRAPH_TOKEN"}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
    process = subprocess.Popen(
        [str(command), "serve", "--port", str(port), *arguments],
        stdout=subprocess.DEVNULL, stderr=log, env={**inherited, **environment},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(f"server exited: {_read(log)}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                _LOGS[process.pid] = log
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    process.wait()
    pytest.fail(f"server did not start: {_read(log)}")


_LOGS: dict[int, IO[bytes]] = {}
"""Each running server's stderr file, kept open while it runs."""


def server_log(process: subprocess.Popen[bytes]) -> str:
    """What a server launched here has written to stderr so far."""
    return _read(_LOGS[process.pid])


def _read(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def serve(arguments: list[str], environment: dict[str, str]) -> Iterator[str]:
    """Run `cxgraph serve ARGUMENTS` on a free port until the test module is done."""
    process, base = launch(arguments, environment)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        _LOGS.pop(process.pid).close()


def remote_database() -> Endpoint | None:
    """The SPARQL database `.ci/run` started (Virtuoso), or None when none is configured."""
    query_url = os.environ.get("CXGRAPH_TEST_ENDPOINT")
    if not query_url:
        return None
    return Endpoint(
        query_url,
        os.environ.get("CXGRAPH_TEST_UPDATE_ENDPOINT", query_url),
        user=os.environ.get("CXGRAPH_TEST_ENDPOINT_USER"),
        password=os.environ.get("CXGRAPH_TEST_ENDPOINT_PASSWORD"),
    )


def require_remote_database() -> Endpoint:
    """The remote database, skipping with the reason when absent (failing in CI)."""
    endpoint = remote_database()
    if endpoint is None:
        reason = "no remote SPARQL database: CXGRAPH_TEST_ENDPOINT is not set (.ci/run sets it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return endpoint


def oxigraph_server(folder: Path) -> Iterator[Endpoint]:
    """The Oxigraph SPARQL server from PyPI on a free port, its default graph the union of
    all graphs (as Virtuoso's is), until the generator is closed."""
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    try:
        yield Endpoint(f"{base}/query", f"{base}/update")
    finally:
        process.terminate()
        process.wait(timeout=20)
