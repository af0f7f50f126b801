"""The servers of the endpoint benchmark, each a process started as a user would, on a free
loopback port, and stopped however the run ends (see benchmarks/endpoint.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import engines
import httpx
import run
from endpoint_load import ACCEPT

SERVERS = ("cxgraph", "rdflib-endpoint", "oxigraph")
PATHS = {"cxgraph": "/sparql", "rdflib-endpoint": "/", "oxigraph": "/query"}
"""Where each serves SPARQL: rdflib-endpoint's command line mounts it at the root.

`oxigraph` is the Oxigraph SPARQL server (the `oxigraph` package on PyPI, Rust throughout):
the same store as cxgraph's without a Python layer, so the ceiling for a server built on it.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def command(server: str, data: Path, port: int) -> list[str]:
    """What a user types: each server loads the file into memory at start."""
    address = ["--host", "127.0.0.1", "--port", str(port)]
    if server == "cxgraph":
        return [engines.cxgraph_script(), "serve", str(data), "--memory", *address]
    if server == "oxigraph":  # in memory; the data is posted once it listens (see serving)
        return [
            str(Path(sys.executable).with_name("oxigraph")),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
        ]
    # `python -m rdflib_endpoint` is the `rdflib-endpoint` console script of the same venv.
    return [sys.executable, "-m", "rdflib_endpoint", "serve", str(data), *address]


@dataclass
class Started:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    ready_s: float


@contextmanager
def serving(server: str, data: Path, folder: Path, ready_timeout: float) -> Iterator[Started]:
    """The server running on a free port until the block ends, however it ends."""
    port = free_port()
    log = folder / f"{server}.log"
    environment = {k: v for k, v in os.environ.items() if k != "CXGRAPH_TOKEN"}  # read-only
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command(server, data, port),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,  # its own process group, so stop() reaches any child
        )
        try:
            url = f"http://127.0.0.1:{port}{PATHS[server]}"
            wait_ready(url, process, log, ready_timeout)
            if server == "oxigraph":
                load_oxigraph(f"http://127.0.0.1:{port}/store?default", data, ready_timeout)
            yield Started(url, process, log, time.perf_counter() - started)
        finally:
            stop(process)


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Poll with a trivial query until the server answers it; loading takes most of this."""
    deadline = time.perf_counter() + timeout
    with httpx.Client(timeout=5.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}: {tail(log)}")
            try:
                answer = client.get(url, params={"query": "ASK {}"}, headers={"Accept": ACCEPT})
            except httpx.TransportError:  # not listening yet
                time.sleep(0.2)
                continue
            if answer.is_success:
                return
            raise RuntimeError(f"{url} answered HTTP {answer.status_code}: {answer.text[:200]}")
    raise RuntimeError(f"server not ready after {timeout:.0f} s: {tail(log)}")


def load_oxigraph(store: str, data: Path, timeout: float) -> None:
    """Post the N-Triples file to the server's graph store; it answers once all is stored."""
    with data.open("rb") as body:
        answer = httpx.post(
            store,
            content=body,
            headers={"Content-Type": "application/n-triples"},
            timeout=timeout,
        )
    if not answer.is_success:
        raise RuntimeError(f"loading into Oxigraph: HTTP {answer.status_code}: {answer.text[:200]}")


def tail(log: Path, lines: int = 5) -> str:
    return " / ".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group, SIGKILL if it is still there after 10 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def peak_rss_mb(pid: int) -> float | None:
    """The server's peak resident memory so far (VmHWM), read before it is stopped."""
    status = run._first(Path(f"/proc/{pid}/status"), r"VmHWM:\s*(\d+)")
    return int(status) / 1024 if status else None
