"""Probe a `cxgraph serve` with the attacks a server on the network meets, and say what each
got: the status code, and whether the server survived, reached out, or kept computing.

    python benchmarks/attacks.py                       # this checkout's cxgraph
    python benchmarks/attacks.py "reads under"         # only the attacks whose name has this
    PYTHONPATH=/path/to/other/checkout python benchmarks/attacks.py   # another version

Each attack gets a fresh server on loopback over a fresh store folder, so that one attack
(a crash, a stuck worker) cannot spoil the next. The output is a Markdown table (benchmarks/RESULTS.md
keeps the table from before and after the protections).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

TOKEN = "probe-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EX = "https://example.org/probe#"


class Listener:
    """A TCP listener that counts connections: the address a hostile request names."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._running = False
        self.socket.close()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    folder: Path

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def cpu_seconds(self) -> float:
        pids = [self.process.pid, *_children(self.process.pid)]
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                pass
        return total

    def resident_mb(self) -> float:
        total = 0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> None:
        if self.alive:
            self.process.kill()
        self.process.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def start(folder: Path, extra: list[str] | None = None) -> Server:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data.nt"
    if not data.exists():
        data.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i % 50}> .\n" for i in range(3000)))
    command = Path(sys.executable).parent / "cxgraph"
    process = subprocess.Popen(
        [str(command), "serve", "--store", str(folder / "store"), "--port", str(port),
         "--refuse-on", "none", *(extra or []), str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "CXGRAPH_TOKEN": TOKEN},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return Server(process, base, folder)
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _status(call: Callable[[], httpx.Response]) -> str:
    try:
        return str(call().status_code)
    except httpx.TimeoutException:
        return "no answer (timeout)"
    except httpx.TransportError as error:
        return f"connection lost ({type(error).__name__})"


def _query(server: Server, text: str, timeout: float = 30, **params: str) -> httpx.Response:
    return httpx.post(f"{server.base}/sparql", data={"query": text, **params}, timeout=timeout)


def _update(server: Server, text: str, timeout: float = 60) -> httpx.Response:
    return httpx.post(
        f"{server.base}/update", data={"update": text}, headers=WRITE, timeout=timeout
    )


Attack = Callable[[Server], str]


def deep_braces(server: Server) -> str:
    status = _status(lambda: _query(server, "SELECT * WHERE " + "{" * 7500 + "}" * 7500))
    return f"{status}; server {'alive' if server.alive else 'DIED'}"


def deep_parentheses(server: Server) -> str:
    text = "SELECT * WHERE { FILTER(" + "(" * 7500 + "1" + ")" * 7500 + ") }"
    status = _status(lambda: _query(server, text))
    return f"{status}; server {'alive' if server.alive else 'DIED'}"


def deep_jsonld(server: Server) -> str:
    depth = 4000
    body = '{"@id": "urn:a", "urn:p": ' * depth + '"x"' + "}" * depth
    status = _status(lambda: httpx.put(
        f"{server.base}/store", params={"default": ""}, content=body,
        headers={**WRITE, "Content-Type": "application/ld+json"}, timeout=30,
    ))  # fmt: skip
    return f"{status}; server {'alive' if server.alive else 'DIED'}"


def _outbound(server: Server, send: Callable[[Listener], httpx.Response]) -> str:
    listener = Listener()
    try:
        status = _status(lambda: send(listener))
        time.sleep(0.3)
        return f"{status}; {listener.connections} connection(s) to the named host"
    finally:
        listener.close()


def service(server: Server) -> str:
    return _outbound(server, lambda to: _query(
        server, f"SELECT * {{ SERVICE <http://127.0.0.1:{to.port}/sparql> {{ ?s ?p ?o }} }}"))  # fmt: skip


def service_silent(server: Server) -> str:
    return _outbound(server, lambda to: _query(
        server, f"SELECT * {{ SERVICE SILENT <http://127.0.0.1:{to.port}/sparql> {{ ?s ?p ?o }} }}"))  # fmt: skip


def load(server: Server) -> str:
    return _outbound(server, lambda to: _update(server, f"LOAD <http://127.0.0.1:{to.port}/x.ttl>"))


def remote_context(server: Server) -> str:
    def send(listener: Listener) -> httpx.Response:
        body = json.dumps({"@context": f"http://127.0.0.1:{listener.port}/c.jsonld",
                           "@id": f"{EX}Desk", "@type": "https://w3id.org/cxgraph#Service"})  # fmt: skip
        return httpx.put(f"{server.base}/services/{EX.replace('#', '%23')}Desk", content=body,
                         headers={**WRITE, "Content-Type": "application/ld+json"}, timeout=30)  # fmt: skip

    return _outbound(server, send)


def file_context(server: Server) -> str:
    answers = []
    for path in ("/etc/hostname", "/etc/no-such-file"):
        body = json.dumps({"@context": f"file://{path}", "@id": f"{EX}Desk",
                           "@type": "https://w3id.org/cxgraph#Service"})  # fmt: skip
        response = httpx.put(f"{server.base}/services/{EX.replace('#', '%23')}Desk", content=body,
                             headers={**WRITE, "Content-Type": "application/ld+json"}, timeout=30)  # fmt: skip
        answers.append(response)
    same = answers[0].text.replace("hostname", "X") == answers[1].text.replace("no-such-file", "X")
    leak = (
        "same answer for a file that exists and one that does not"
        if same
        else "answers tell whether the file exists"
    )
    return f"{answers[0].status_code}/{answers[1].status_code}; {leak}"


def cross_join(server: Server) -> str:
    status = _status(lambda: _query(server, CROSS_JOIN, timeout=40))
    time.sleep(1)
    before = server.cpu_seconds()
    time.sleep(3)
    busy = server.cpu_seconds() - before
    return f"{status}; afterwards the server used {busy:.1f} CPU-s in 3 s"


_HEALTH = """
import sys, time, httpx
found = []
with httpx.Client(timeout=30) as client:
    for _ in range(int(sys.argv[2])):
        started = time.perf_counter()
        try:
            client.get(sys.argv[1] + "/health")
            found.append(time.perf_counter() - started)
        except httpx.HTTPError:
            found.append(30.0)
        time.sleep(0.2)
print(" ".join(str(f) for f in found))
"""


def health_latencies(server: Server, count: int = 5) -> list[float]:
    """/health latencies measured from another process, so this one's threads do not count."""
    done = subprocess.run([sys.executable, "-c", _HEALTH, server.base, str(count)],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    return [float(v) for v in done.stdout.split()] or [float("nan")]


def flood(server: Server) -> str:
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(_status(lambda: _query(server, CROSS_JOIN, timeout=60))))
               for _ in range(40)]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(2)
    latencies = health_latencies(server)
    for thread in threads:
        thread.join(timeout=120)
    answered = {code: results.count(code) for code in sorted(set(results))}
    return f"queries: {answered}; /health median {statistics.median(latencies) * 1000:.0f} ms"


def big_validate(server: Server) -> str:
    body = "".join(f'<{EX}s{i}> <{EX}p> "value {i}" .\n' for i in range(400_000)).encode()  # ~20 MB
    done: list[str] = []
    thread = threading.Thread(target=lambda: done.append(_status(lambda: httpx.post(
        f"{server.base}/validate", content=body, headers={"Content-Type": "application/n-triples"},
        timeout=300))))  # fmt: skip
    thread.start()
    time.sleep(1.0)
    latencies = health_latencies(server)
    thread.join()
    return f"{done[0]}; /health during it: max {max(latencies) * 1000:.0f} ms ({len(body) / 2**20:.0f} MB body)"


def huge_body(server: Server) -> str:
    def chunks() -> Iterator[bytes]:
        for _ in range(200):
            yield b"# padding " * 100_000  # 1 MB

    status = _status(lambda: httpx.post(f"{server.base}/validate", content=chunks(),
                                        headers={"Content-Type": "text/turtle"}, timeout=120))  # fmt: skip
    return f"{status} (200 MB sent in chunks)"


def long_literal(server: Server) -> str:
    before = server.resident_mb()
    body = f'<{EX}o> a <https://w3id.org/cxgraph#SuccessfulCustomerOutcome> ; <https://w3id.org/cxgraph#statement> "{"word " * 2_000_000}" .'
    status = _status(lambda: httpx.post(f"{server.base}/validate", content=body.encode(),
                                        headers={"Content-Type": "text/turtle"}, timeout=300))  # fmt: skip
    return f"{status}; resident memory {before:.0f} MB before, {server.resident_mb():.0f} MB after"


def billion_laughs(server: Server) -> str:
    entities = "".join(
        f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 16}">\n' for i in range(5)
    )
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "' + "a" * 48 + '">\n' + entities
        + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="urn:x"><rdf:value>&f;</rdf:value></rdf:Description></rdf:RDF>'
    )  # fmt: skip
    started = time.perf_counter()
    status = _status(lambda: httpx.put(f"{server.base}/store", params={"graph": "urn:laughs"}, content=body,
                                       headers={**WRITE, "Content-Type": "application/rdf+xml"}, timeout=300))  # fmt: skip
    return f"{status} in {time.perf_counter() - started:.1f} s ({len(body)} bytes sent)"


def triple_term(server: Server) -> str:
    first = _status(
        lambda: _update(server, "INSERT DATA { <urn:a> <urn:b> <<( <urn:c> <urn:d> <urn:e> )>> }")
    )
    after = _status(lambda: _update(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"))
    validate = _status(lambda: httpx.get(f"{server.base}/validate", timeout=60))
    return f"{first}; then an ordinary update: {after}, /validate: {validate}"


def bad_default_graph(server: Server) -> str:
    return _status(lambda: _query(server, "ASK {}", **{"default-graph-uri": "not an iri"}))


def huge_iri(server: Server) -> str:
    iri = "http://example.org/" + "a" * 1_000_000
    return _status(lambda: _update(server, f"INSERT DATA {{ <{iri}> <urn:p> 1 }}"))


def from_unknown(server: Server) -> str:
    response = _query(server, "SELECT * FROM <urn:unknown> WHERE { ?s ?p ?o }")
    rows = len(response.json()["results"]["bindings"]) if response.status_code == 200 else "-"
    return f"{response.status_code}; {rows} rows (an unknown graph is an empty dataset)"


def read_latency_under_writes(server: Server) -> str:
    def reads() -> list[float]:
        found = []
        with httpx.Client(base_url=server.base, timeout=60) as client:  # one connection
            for _ in range(40):
                started = time.perf_counter()
                client.post("/sparql", data={"query": "SELECT ?s WHERE { ?s <urn:p> <urn:o1> }"})
                found.append(time.perf_counter() - started)
        return found

    quiet = statistics.median(reads())
    stop = threading.Event()

    def write(index: int) -> None:
        sequence = 0
        while not stop.is_set():
            body = f"<urn:w{index}/{sequence}> <urn:seq> {sequence} ."
            httpx.post(f"{server.base}/store", params={"graph": f"urn:w{index}"}, content=body,
                       headers={**WRITE, "Content-Type": "text/turtle"}, timeout=60)  # fmt: skip
            sequence += 1

    writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in writers:
        thread.start()
    busy = statistics.median(reads())
    stop.set()
    for thread in writers:
        thread.join()
    return f"median read {quiet * 1000:.1f} ms alone, {busy * 1000:.1f} ms with 4 writers"


def cli_fifo(_: Server) -> str:
    with tempfile.TemporaryDirectory() as folder:
        fifo = Path(folder) / "portfolio.ttl"
        os.mkfifo(fifo)
        try:
            done = subprocess.run([str(Path(sys.executable).parent / "cxgraph"), "validate", str(fifo)],
                                  capture_output=True, timeout=20, check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            return "no answer after 20 s (blocked reading)"
        return f"exit {done.returncode}: {done.stderr.decode().strip().splitlines()[-1][:80]}"


def cli_deep_query(server: Server) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cxgraph"), "query", "--store", str(server.folder / "cli-store"),
         "SELECT * WHERE " + "{" * 7500 + "}" * 7500],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    return f"exit {done.returncode}"


ATTACKS: list[tuple[str, Attack]] = [
    ("deeply nested query, braces (15 KB)", deep_braces),
    ("deeply nested query, parentheses (15 KB)", deep_parentheses),
    ("deeply nested JSON-LD body (100 KB)", deep_jsonld),
    ("SERVICE <any host>", service),
    ("SERVICE SILENT <any host>", service_silent),
    ("LOAD <any url> (with the token)", load),
    ("resource PUT with a remote @context", remote_context),
    ("resource PUT with a file: @context", file_context),
    ("cross join, then is the CPU free?", cross_join),
    ("40 cross joins at once, /health", flood),
    ("20 MB POST /validate, /health meanwhile", big_validate),
    ("200 MB body", huge_body),
    ("10 MB statement literal to /validate", long_literal),
    ("RDF/XML billion laughs (with the token)", billion_laughs),
    ("RDF 1.2 triple term, then the store", triple_term),
    ("bad default-graph-uri", bad_default_graph),
    ("1 MB IRI in an update", huge_iri),
    ("FROM <unknown>", from_unknown),
    ("reads under concurrent writes", read_latency_under_writes),
    ("CLI: cxgraph validate on a FIFO", cli_fifo),
    ("CLI: cxgraph query, nested 7,500 deep", cli_deep_query),
]


def main() -> int:
    chosen = [a for a in ATTACKS if not sys.argv[1:] or any(w in a[0] for w in sys.argv[1:])]
    print("| attack | answer |\n|---|---|")
    for name, attack in chosen:
        with tempfile.TemporaryDirectory(prefix="cxgraph-attacks-") as folder:
            server = start(Path(folder))  # a fresh server: one attack cannot spoil the next
            try:
                outcome = attack(server)
            except Exception as error:  # the probe reports, whatever happened
                outcome = f"probe failed: {type(error).__name__}: {error}"[:200]
            finally:
                server.stop()
            print(f"| {name} | {outcome} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
