"""Soak: many clients mixing queries, validations and writes against `cxgraph serve`.

A real server on loopback, over a store that starts with the example portfolio. Readers
query and read graphs and resources; validators post bodies to /validate, validate the
store and ask for its mismatches; writers add a blank node with a sequence number per request
to a graph of their own. Read latency is that of queries and graph and
resource reads (validations are timed apart). Afterwards every writer's graph is counted:
each acknowledged write must be there exactly once (a duplicated write would show as two
blank nodes with one number), and nothing unacknowledged may be. Memory is the resident
size of the server and its query workers, after a warm-up and at the end.

    python benchmarks/soak.py --seconds 600 --clients 16      # by hand
    tests/test_soak.py runs it for CXGRAPH_SOAK_SECONDS (CI: 60) with 8 clients
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "portfolio"
TOKEN = "soak-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
SEQUENCE = "urn:cxgraph:soak:sequence"
READS = [
    ("POST", "/sparql", {"data": {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}}),
    ("POST", "/sparql", {"data": {"query": "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> }"}}),
    ("GET", "/services", {}),
    ("GET", "/store", {"params": {"default": ""}}),
]  # fmt: skip
POSTED = (EXAMPLE / "services.ttl").read_bytes()
VALIDATIONS = [
    ("POST", "/validate", {"content": POSTED, "headers": {"Content-Type": "text/turtle"}}),
    ("GET", "/validate", {}),
    ("GET", "/mismatches", {}),
]


@dataclass
class SoakResult:
    seconds: float
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    acknowledged: Counter[str] = field(default_factory=Counter)
    counted: dict[str, int] = field(default_factory=dict)
    duplicated: int = 0
    read_latencies: list[float] = field(default_factory=list)
    memory_start: int = 0
    memory_end: int = 0
    memory_samples: list[int] = field(default_factory=list)
    """Resident memory at each tenth of the run: flat, or still growing at the end?"""

    @property
    def read_p99(self) -> float:
        return (
            statistics.quantiles(self.read_latencies, n=100)[-1]
            if len(self.read_latencies) > 1
            else 0.0
        )

    def summary(self) -> str:
        written = sum(self.acknowledged.values())
        return (
            f"{self.seconds:.0f} s, {self.requests} requests, {len(self.errors)} errors; "
            f"writes acknowledged {written}, counted {sum(self.counted.values())}, "
            f"duplicated {self.duplicated}; memory {self.memory_start / 2**20:.0f} MB at start, "
            f"{self.memory_end / 2**20:.0f} MB at end; reads {len(self.read_latencies)}, "
            f"median {statistics.median(self.read_latencies) * 1000:.1f} ms, "
            f"p99 {self.read_p99 * 1000:.1f} ms; memory by tenths (MB): "
            + " ".join(f"{m / 2**20:.0f}" for m in self.memory_samples)
        )


def resident_bytes(pid: int) -> int:
    """Resident memory of a process and its children (the query workers)."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


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


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = Path(sys.executable).parent / "cxgraph"
    # The server logs every request to stderr: a file, not a pipe that would fill up.
    log = folder / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(command), "serve", "--store", str(folder / "store"), "--port", str(port),
             str(EXAMPLE)],
            stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "CXGRAPH_TOKEN": TOKEN},
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(log.read_text(encoding="utf-8", errors="replace"))
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def run_soak(seconds: float, clients: int, folder: Path) -> SoakResult:
    """Soak a fresh server in `folder` for `seconds` with `clients` clients of each kind
    mixed (a third write, a sixth validate bodies, the rest read)."""
    process, base = start_server(folder)
    result = SoakResult(seconds)
    lock = threading.Lock()
    try:
        # Warm up: the write guard builds its working copy, the workers open a snapshot.
        httpx.get(f"{base}/validate", timeout=120)
        httpx.post(f"{base}/sparql", data={"query": "ASK {}"}, timeout=60)
        time.sleep(2)
        result.memory_start = resident_bytes(process.pid)
        deadline = time.monotonic() + seconds
        kinds = [
            "write" if i % 3 == 0 else "validate" if i % 6 == 1 else "read" for i in range(clients)
        ]
        threads = [
            threading.Thread(target=_client, args=(kind, index, base, deadline, result, lock))
            for index, kind in enumerate(kinds)
        ]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            time.sleep(seconds / 10)
            result.memory_samples.append(resident_bytes(process.pid))
        for thread in threads:
            thread.join()
        result.memory_end = resident_bytes(process.pid)
        _count(base, result)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return result


def _client(
    kind: str, index: int, base: str, deadline: float, result: SoakResult, lock: threading.Lock
) -> None:
    rng = random.Random(index)
    sequence = 0
    with httpx.Client(base_url=base, timeout=120) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                if kind == "write":
                    graph = f"urn:cxgraph:soak:writer{index}"
                    # The blank node hangs off a named node, as portfolio data does.
                    body = (
                        f'<{graph}/{sequence}> <{SEQUENCE}> _:w . _:w <{SEQUENCE}> "{sequence}" .\n'
                    )
                    response = client.post("/store", params={"graph": graph}, content=body,
                                           headers={**WRITE, "Content-Type": "text/turtle"})  # fmt: skip
                    if response.status_code in {201, 204}:
                        with lock:
                            result.acknowledged[graph] += 1
                    sequence += 1
                else:
                    method, path, arguments = rng.choice(READS if kind == "read" else VALIDATIONS)
                    response = client.request(method, path, **arguments)  # type: ignore[arg-type]
            except httpx.HTTPError as error:
                with lock:
                    result.requests += 1
                    result.errors.append(f"{kind}: {type(error).__name__}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                result.requests += 1
                if response.status_code >= 400:
                    result.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
                elif kind == "read":
                    result.read_latencies.append(elapsed)


def _count(base: str, result: SoakResult) -> None:
    query = (
        f"SELECT ?g ?n (COUNT(?w) AS ?copies) WHERE {{ GRAPH ?g {{ ?w <{SEQUENCE}> ?n "
        "FILTER(isLITERAL(?n)) } } "
        "GROUP BY ?g ?n"
    )
    rows = httpx.post(f"{base}/sparql", data={"query": query}, timeout=120).json()["results"][
        "bindings"
    ]
    counted: Counter[str] = Counter()
    for row in rows:
        counted[row["g"]["value"]] += 1
        result.duplicated += int(row["copies"]["value"]) - 1
    result.counted = dict(counted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxgraph-soak-") as folder:
        result = run_soak(args.seconds, args.clients, Path(folder))
    print(result.summary())
    for error in result.errors[:20]:
        print("error:", error)
    return (
        0
        if not result.errors
        and dict(result.acknowledged) == result.counted
        and not result.duplicated
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
