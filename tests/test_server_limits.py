"""Time limits, responsiveness and shutdown of a real `cxgraph serve` process.

Before these protections a cross join ran at full CPU after its client had gone, forty of
them took every worker thread so that /health stopped answering, and SIGTERM waited for
them forever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port, launch

pytestmark = pytest.mark.slow

TOKEN = "limits-token"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_INSERT = (
    "INSERT { <urn:x> <urn:count> ?n } WHERE { SELECT (COUNT(*) AS ?n) "
    "WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } }"
)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and every process it started."""
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *_children(self.process.pid)])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("limits")
    config = folder / "cxgraph.toml"
    config.write_text(
        "[limits]\nquery-seconds = 2\nupdate-seconds = 2\nconcurrency = 2\nwait-seconds = 1\n"
    )
    data = folder / "data.nt"
    data.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i % 50}> .\n" for i in range(3000)))
    process, base = launch(
        ["--store", str(folder / "store"), "--config", str(config), "--refuse-on", "none",
         str(data)],
        {"CXGRAPH_TOKEN": TOKEN},
    )  # fmt: skip
    yield Server(process, base)
    process.kill()
    process.wait()


def _query(server: Server, text: str, timeout: float = 30) -> httpx.Response:
    return httpx.post(f"{server.base}/sparql", data={"query": text}, timeout=timeout)


def test_a_query_past_its_time_is_stopped(server: Server) -> None:
    started = time.perf_counter()
    response = _query(server, CROSS_JOIN)
    elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert "ran longer than 2 s and was stopped" in response.text
    assert elapsed < 6
    # Stopped, not abandoned: nothing of the server keeps computing once it has answered.
    time.sleep(0.5)
    before = server.cpu_seconds()
    time.sleep(2.0)
    assert server.cpu_seconds() - before < 0.5
    assert _query(server, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_an_update_past_its_time_is_stopped_before_it_touches_the_store(server: Server) -> None:
    response = httpx.post(
        f"{server.base}/update", data={"update": CROSS_INSERT},
        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30,
    )  # fmt: skip
    assert response.status_code == 503 and "update ran longer" in response.text
    assert _query(server, "ASK { <urn:x> <urn:count> ?n }").json()["boolean"] is False


_FLOOD = """
import sys, threading, httpx
codes = []
def one():
    codes.append(httpx.post(sys.argv[1] + "/sparql", data={"query": sys.argv[2]}, timeout=60).status_code)
threads = [threading.Thread(target=one) for _ in range(40)]
for t in threads: t.start()
for t in threads: t.join()
print(" ".join(map(str, codes)))
"""


def test_health_answers_quickly_while_the_heaviest_requests_run(server: Server) -> None:
    # The flood comes from another process, so the latencies measured here are the server's.
    flood = subprocess.Popen(
        [sys.executable, "-c", _FLOOD, server.base, CROSS_JOIN], stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.0)
    latencies = []
    with httpx.Client(base_url=server.base, timeout=5) as client:
        for _ in range(20):
            started = time.perf_counter()
            assert client.get("/health").status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.05)
    answers = flood.communicate(timeout=120)[0].split()
    assert statistics.quantiles(latencies, n=10)[-1] < 0.1, latencies
    # Two ran until stopped; the rest waited their second for a slot and were told to retry.
    assert answers == ["503"] * 40


def test_sigterm_ends_the_server_within_seconds_whatever_runs(tmp_path: Path) -> None:
    port = free_port()
    command = Path(sys.executable).parent / "cxgraph"
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(3000)))
    process = subprocess.Popen(
        [str(command), "serve", "--memory", "--port", str(port), str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)

    def heavy(request: httpx.Request) -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.Client(timeout=60).send(request)

    requests = [httpx.Request("POST", f"{base}/sparql", data={"query": CROSS_JOIN})] * 3
    requests.append(httpx.Request("GET", f"{base}/validate"))
    running = [threading.Thread(target=heavy, args=(r,)) for r in requests]
    for thread in running:
        thread.start()
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    started = time.perf_counter()
    process.wait(timeout=30)
    assert time.perf_counter() - started < 8
    for thread in running:
        thread.join()
