"""Every kind of write survives `kill -9` at any moment whole or not at all.

A real `cxgraph serve` (or `cxgraph load`) process works on a store folder; the test starts
a write, kills the process with SIGKILL after a delay spread over the write's own duration,
opens the folder again and checks that the graph holds exactly its content before the write
or exactly its content after it, and that every write the server acknowledged is there.

CI runs `CXGRAPH_KILL_ROUNDS` rounds per kind of write (default 4); by hand, raise it
(the closing figures in benchmarks/RESULTS.md used 25).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest

from tests.servers import launch

pytestmark = pytest.mark.slow

ROUNDS = int(os.environ.get("CXGRAPH_KILL_ROUNDS", "4"))
TOKEN = "durability-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://example.org/graphs/portfolio"
EX = "https://example.org/d#"
SIZE = 3000


def _triples(tag: str, count: int = SIZE) -> str:
    """N-Triples: `count` triples tagged `tag`, a third of them on blank nodes."""
    lines = []
    for index in range(count):
        subject = f"_:{tag}{index // 3}" if index % 3 == 0 else f"<{EX}{tag}{index}>"
        lines.append(f'{subject} <{EX}tag> "{tag} {index}" .')
    return "\n".join(lines) + "\n"


def _tags(store_dir: Path, graph: str | None = GRAPH) -> set[str]:
    """The tags of the graph's triples, read from the store folder directly."""
    store = ox.Store(str(store_dir))
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    tag = ox.NamedNode(f"{EX}tag")
    found = {q.object.value for q in store.quads_for_pattern(None, tag, None, target)}
    del store
    return found


def _expected(tag: str, count: int = SIZE) -> set[str]:
    return {f"{tag} {index}" for index in range(count)}


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def _serve(store_dir: Path) -> Server:
    process, base = launch(
        ["--store", str(store_dir), "--refuse-on", "none"], {"CXGRAPH_TOKEN": TOKEN}
    )
    return Server(process, base)


Write = Callable[[str], httpx.Response]
"""A write against a server's base URL."""


def _gsp_put(tag: str) -> Write:
    return lambda base: httpx.put(
        f"{base}/store", params={"graph": GRAPH}, content=_triples(tag),
        headers={**WRITE, "Content-Type": "application/n-triples"}, timeout=60,
    )  # fmt: skip


def _sparql_replace(tag: str) -> Write:
    update = (
        f"DROP SILENT GRAPH <{GRAPH}> ; INSERT DATA {{ GRAPH <{GRAPH}> {{ {_triples(tag)} }} }}"
    )
    return lambda base: httpx.post(
        f"{base}/update", content=update,
        headers={**WRITE, "Content-Type": "application/sparql-update"}, timeout=60,
    )  # fmt: skip


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "store"


def _kill_during(store_dir: Path, write: Write, delay: float) -> bool:
    """Start `write` on a fresh server, SIGKILL the server after `delay` seconds; True if
    the server acknowledged the write before it died."""
    server = _serve(store_dir)
    acknowledged = threading.Event()

    def send() -> None:
        try:
            if write(server.base).status_code in {200, 201, 204}:
                acknowledged.set()
        except httpx.TransportError:
            pass

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(delay)
    server.kill()
    sender.join(timeout=60)
    return acknowledged.is_set()


def _duration(store_dir: Path, write: Write) -> float:
    """How long the write takes on this machine (the range kill delays are spread over)."""
    server = _serve(store_dir)
    try:
        started = time.perf_counter()
        assert write(server.base).status_code in {200, 201, 204}
        return time.perf_counter() - started
    finally:
        server.kill()


def _delays(duration: float) -> list[float]:
    """Kill moments spread over the write, from its start to just past its end."""
    spread = random.Random(20261201)
    return [spread.uniform(0.0, duration * 1.3) for _ in range(ROUNDS)]


@pytest.mark.parametrize(
    "make_write", [_gsp_put, _sparql_replace], ids=["gsp-put", "sparql-update"]
)
def test_graph_replacement_is_whole_or_absent(
    store_dir: Path, make_write: Callable[[str], Write]
) -> None:
    duration = _duration(store_dir, make_write("old"))
    assert _tags(store_dir) == _expected("old")
    current = "old"
    for round_number, delay in enumerate(_delays(duration)):
        tag = f"new{round_number}"
        acknowledged = _kill_during(store_dir, make_write(tag), delay)
        found = _tags(store_dir)
        assert found in (_expected(current), _expected(tag)), (
            f"round {round_number}: killed after {delay:.3f} s, the graph holds "
            f"{len(found & _expected(current))} old and {len(found & _expected(tag))} new triples"
        )
        assert not acknowledged or found == _expected(tag), "an acknowledged write was lost"
        current = tag if found == _expected(tag) else current


def test_graph_post_is_whole_or_absent(store_dir: Path) -> None:
    def post(tag: str) -> Write:
        return lambda base: httpx.post(
            f"{base}/store", params={"graph": GRAPH}, content=_triples(tag),
            headers={**WRITE, "Content-Type": "application/n-triples"}, timeout=60,
        )  # fmt: skip

    duration = _duration(store_dir, post("first"))
    for round_number, delay in enumerate(_delays(duration)):
        tag = f"more{round_number}"
        before = _tags(store_dir)
        acknowledged = _kill_during(store_dir, post(tag), delay)
        added = _tags(store_dir) - before
        assert added in (set(), _expected(tag)), (
            f"round {round_number}: {len(added)} of {SIZE} added"
        )
        assert not acknowledged or added == _expected(tag)


def test_graph_delete_is_whole_or_absent(store_dir: Path) -> None:
    def delete(base: str) -> httpx.Response:
        return httpx.delete(f"{base}/store", params={"graph": GRAPH}, headers=WRITE, timeout=60)

    duration = _duration(store_dir, _gsp_put("seed"))  # a PUT takes longer than a DELETE
    for round_number, delay in enumerate(_delays(duration)):
        tag = f"seed{round_number}"
        server = _serve(store_dir)
        assert _gsp_put(tag)(server.base).status_code in {201, 204}
        server.kill()
        acknowledged = _kill_during(store_dir, delete, delay / 2)
        found = _tags(store_dir)
        assert found in (set(), _expected(tag)), f"round {round_number}: {len(found)} left"
        assert not acknowledged or found == set()


def test_resource_replacement_is_whole_or_absent(store_dir: Path) -> None:
    service = f"{EX}Desk"

    def put(tag: str) -> Write:
        touchpoints = [{"@id": f"_:t{i}", f"{EX}tag": f"{tag} {i}"} for i in range(SIZE)]
        body = {
            "@id": service, "@type": "https://w3id.org/cxgraph#Service",
            f"{EX}via": touchpoints,
        }  # fmt: skip
        return lambda base: httpx.put(
            f"{base}/services/{quote(service, safe='')}", content=json.dumps(body),
            headers={**WRITE, "Content-Type": "application/ld+json"}, timeout=60,
        )  # fmt: skip

    duration = _duration(store_dir, put("old"))
    current = "old"
    for round_number, delay in enumerate(_delays(duration)):
        tag = f"new{round_number}"
        acknowledged = _kill_during(store_dir, put(tag), delay)
        found = _tags(store_dir, None)
        assert found in (_expected(current), _expected(tag)), f"round {round_number}: torn"
        assert not acknowledged or found == _expected(tag)
        current = tag if found == _expected(tag) else current


def test_bulk_load_is_whole_or_absent(store_dir: Path, tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "cxgraph"
    data = tmp_path / "bulk.nt"

    def load(tag: str) -> subprocess.Popen[bytes]:
        data.write_text(_triples(tag, 30_000))
        arguments = [str(command), "load", "--store", str(store_dir), "--graph", GRAPH, str(data)]
        return subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.perf_counter()
    assert load("first").wait(timeout=120) == 0
    duration = time.perf_counter() - started
    for round_number, delay in enumerate(_delays(duration)):
        tag = f"bulk{round_number}"
        before = _tags(store_dir)
        process = load(tag)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        finished = process.wait(timeout=60) == 0
        added = _tags(store_dir) - before
        assert added in (set(), _expected(tag, 30_000)), f"round {round_number}: {len(added)} added"
        assert not finished or added == _expected(tag, 30_000)
