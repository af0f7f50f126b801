"""The `[limits]` settings: read with their place on error, and outbound requests made only
to the hosts they allow, once per LOAD."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from cxgraph.errors import InputError
from cxgraph.safety.limits import Limits, load_limits
from cxgraph.store import EmbeddedStore

TOKEN = "limits-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
DOCUMENT = b'<urn:loaded:a> <urn:loaded:p> "fetched" .\n'
RESULTS = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]}}'


class _Origin(BaseHTTPRequestHandler):
    """A real HTTP server standing for another host: a Turtle document on GET, SPARQL
    results on POST; it counts the requests it gets."""

    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self._answer(DOCUMENT, "text/turtle")

    def do_POST(self) -> None:
        type(self).requests += 1
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self._answer(RESULTS, "application/sparql-results+json")

    def _answer(self, body: bytes, media_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[str]:
    _Origin.requests = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Origin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _client(tmp_path: Path, limits: Limits) -> TestClient:
    return TestClient(create_app(EmbeddedStore(tmp_path / "store", limits), token=TOKEN))


def test_an_allowed_load_is_fetched_once_and_stores_what_was_judged(
    tmp_path: Path, origin: str
) -> None:
    client = _client(tmp_path, Limits(allowed_hosts=frozenset({origin})))
    update = f"LOAD <http://{origin}/doc.ttl> INTO GRAPH <urn:g>"
    response = client.post("/update", data={"update": update}, headers=WRITE)
    assert response.status_code == 204
    assert _Origin.requests == 1  # judged and stored from one fetch
    ask = 'ASK { GRAPH <urn:g> { <urn:loaded:a> <urn:loaded:p> "fetched" } }'
    assert client.post("/sparql", data={"query": ask}).json()["boolean"] is True


def test_an_allowed_service_is_called(tmp_path: Path, origin: str) -> None:
    client = _client(tmp_path, Limits(allowed_hosts=frozenset({origin})))
    query = f"SELECT ?x WHERE {{ SERVICE <http://{origin}/sparql> {{ ?s ?p ?x }} }}"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == [{"x": {"type": "literal", "value": "remote"}}]


def test_a_host_not_allowed_is_refused_though_another_is(tmp_path: Path, origin: str) -> None:
    client = _client(tmp_path, Limits(allowed_hosts=frozenset({"sparql.example.org"})))
    update = f"LOAD <http://{origin}/doc.ttl>"
    response = client.post("/update", data={"update": update}, headers=WRITE)
    assert response.status_code == 400 and "allowed hosts: sparql.example.org" in response.text
    assert _Origin.requests == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[limits]\nquery-secs = 3\n", "cxgraph.toml:2: [limits]: unknown setting 'query-secs'"),
        (
            '[limits]\nbody-bytes = "big"\n',
            "cxgraph.toml:2: [limits]: body-bytes must be a positive number",
        ),
        ("[limits]\nallowed-hosts = 3\n", "cxgraph.toml:2: [limits]: allowed-hosts must be a list"),
        ("[limit]\n", "cxgraph.toml:1: unknown section [limit]"),
    ],
)
def test_a_mistake_in_the_limits_names_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "cxgraph.toml"
    config.write_text(text)
    with pytest.raises(InputError) as raised:
        load_limits(config)
    assert message in str(raised.value)
