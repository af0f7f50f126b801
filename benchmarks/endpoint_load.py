"""The clients of the endpoint benchmark: SPARQL protocol requests sent at a fixed level of
concurrency, each request timed (see benchmarks/endpoint.py)."""

from __future__ import annotations

import math
import socket
import threading
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx

ACCEPT = "application/sparql-results+json"
REQUEST_TIMEOUT = 120.0
"""Seconds before a request counts as failed; rdflib on 1M triples needs seconds per query."""


@dataclass(frozen=True)
class Query:
    name: str
    text: str


@dataclass(frozen=True)
class Sample:
    name: str
    seconds: float
    error: str | None = None  # why the request failed

    @property
    def ok(self) -> bool:
        return self.error is None


def send(client: httpx.Client, url: str, method: str, query: str) -> httpx.Response:
    """One SPARQL protocol query: form POST or GET, asking for SPARQL JSON results."""
    headers = {"Accept": ACCEPT}
    if method == "get":
        return client.get(url, params={"query": query}, headers=headers)
    return client.post(url, data={"query": query}, headers=headers)


class LoadClient:
    """One keep-alive HTTP/1.1 connection sending prepared SPARQL protocol requests.

    The timed requests go through this rather than httpx: on a 2-core machine the client
    shares the cores with the server, and httpx spends about half a millisecond of CPU per
    request, as much as the server; this spends a few tens of microseconds, so throughput
    measures the server. Answers are still read whole (status line, headers, body).
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._path = parts.path or "/"
        self._host = parts.netloc
        self._socket = socket.create_connection(self._address, timeout=REQUEST_TIMEOUT)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""

    def request(self, method: str, query: str) -> int:
        """Send one query (form POST or GET, JSON results asked for); the status code."""
        self._socket.sendall(self.encode(method, query))
        return self._read_response()

    def encode(self, method: str, query: str) -> bytes:
        form = urlencode({"query": query})
        head = f"Host: {self._host}\r\nAccept: {ACCEPT}\r\nConnection: keep-alive\r\n"
        if method == "get":
            return f"GET {self._path}?{form} HTTP/1.1\r\n{head}\r\n".encode()
        body = form.encode()
        return (
            f"POST {self._path} HTTP/1.1\r\n{head}"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    def close(self) -> None:
        self._socket.close()

    def _read_response(self) -> int:
        head = self._read_until(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(b":") for line in lines[1:])
        )
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            while size := int(self._read_until(b"\r\n").split(b";")[0], 16):
                self._read_exactly(size + 2)
            self._read_until(b"\r\n")
        else:
            self._read_exactly(int(headers.get(b"content-length", b"0")))
        return status

    def _fill(self) -> None:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self._buffer += chunk

    def _read_until(self, marker: bytes) -> bytes:
        while (end := self._buffer.find(marker)) < 0:
            self._fill()
        found, self._buffer = self._buffer[:end], self._buffer[end + len(marker) :]
        return found

    def _read_exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        found, self._buffer = self._buffer[:size], self._buffer[size:]
        return found


def timed(client: LoadClient, method: str, query: Query) -> Sample:
    started = time.perf_counter()
    try:
        status = client.request(method, query.text)
        error = None if status == 200 else f"HTTP {status}"
    except (OSError, ValueError, IndexError) as failure:
        error = type(failure).__name__
    return Sample(query.name, time.perf_counter() - started, error)


@dataclass
class Level:
    """One concurrency level: every request's latency, and the wall time of the whole."""

    clients: int
    samples: list[Sample]
    wall: float
    client_cpu: float  # seconds of CPU the benchmark process itself used meanwhile

    @property
    def failed(self) -> int:
        return sum(not s.ok for s in self.samples)

    def failures(self) -> str:
        """How requests failed, by query and reason."""
        counts = Counter(f"{s.name}: {s.error}" for s in self.samples if s.error)
        return ", ".join(f"{reason} ({times})" for reason, times in counts.most_common())

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.wall if self.wall else 0.0

    def percentile(self, fraction: float, name: str | None = None) -> float:
        """Nearest-rank percentile in milliseconds, of one query or of all."""
        times = sorted(s.seconds for s in self.samples if name is None or s.name == name)
        if not times:
            return math.nan
        return times[max(0, math.ceil(fraction * len(times)) - 1)] * 1000


def run_level(url: str, method: str, queries: list[Query], clients: int, limit: float) -> Level:
    """Share `queries` out among `clients` threads until all are sent or `limit` s pass."""
    lock = threading.Lock()
    pending = iter(queries)
    gate = threading.Barrier(clients + 1, timeout=REQUEST_TIMEOUT)
    results: list[list[Sample]] = [[] for _ in range(clients)]

    def client_loop(out: list[Sample]) -> None:
        try:
            client = LoadClient(url)
            client.request("get", "ASK {}")  # open the keep-alive connection, not timed
        except (OSError, ValueError, IndexError):
            gate.abort()  # a server that is gone: the level cannot run
            return
        try:
            with suppress(threading.BrokenBarrierError):
                gate.wait()
            if gate.broken:
                return
            deadline = time.perf_counter() + limit
            while time.perf_counter() < deadline:
                with lock:
                    query = next(pending, None)
                if query is None:
                    return
                out.append(timed(client, method, query))
        finally:
            client.close()

    threads = [threading.Thread(target=client_loop, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    try:
        gate.wait()
    except threading.BrokenBarrierError:
        raise RuntimeError(f"{clients} clients could not connect") from None
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return Level(clients, [s for out in results for s in out], wall, time.process_time() - cpu)
