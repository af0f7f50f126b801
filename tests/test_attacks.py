"""Hostile requests, each answered with a 4xx naming what was wrong, in process.

Each test here is one attack a server on the open network meets; before the protections in
`cxgraph.safety` and `api/` every one of them crashed the process, reached out to another
host, stored what breaks the store, or answered 500. Process-level attacks (a native stack
overflow, SIGTERM during a long query, /health under load) are in tests/test_server_limits.py.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from cxgraph.safety.limits import Limits
from cxgraph.store import EmbeddedStore
from cxgraph.store.base import QueryAnswer

TOKEN = "attack-token"
READ_TOKEN = "reader-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
EX = "https://example.org/a#"
SERVICE = f"<{EX}Desk> a <https://w3id.org/cxgraph#Service> ."
LIMITS = Limits(body_bytes=1_000_000, literal_chars=10_000)


class Listener:
    """A real TCP listener on loopback that counts the connections it is offered: the
    address a hostile query names, to show that no request ever reaches it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    opened = Listener()
    yield opened
    opened.close()


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    store = EmbeddedStore(tmp_path / "store", LIMITS)
    return TestClient(create_app(store, token=TOKEN, fail_on=None), raise_server_exceptions=False)


def _query(client: TestClient, text: str, **params: str) -> tuple[int, str]:
    response = client.post("/sparql", data={"query": text, **params})
    return response.status_code, response.text


def _update(client: TestClient, text: str) -> tuple[int, str]:
    response = client.post("/update", data={"update": text}, headers=WRITE)
    return response.status_code, response.text


# Nesting that overflows the native parser's stack (the process died with SIGSEGV).


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 8000 + "}" * 8000,
        "SELECT * WHERE { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * 8000 + "1" + " ]" * 8000 + " }",
    ],
    ids=["braces", "parentheses", "brackets"],
)
def test_deeply_nested_query_is_a_400_with_its_place(client: TestClient, query: str) -> None:
    status, text = _query(client, query)
    assert status == 400
    assert "nested deeper than 64 levels" in text and "<query>:1:" in text


def test_deeply_nested_jsonld_body_is_a_400(client: TestClient) -> None:
    depth = 20_000
    body = '{"@id": "urn:a", "urn:p": ' * depth + '"x"' + "}" * depth
    response = client.put(
        "/store?default", content=body, headers={**WRITE, "Content-Type": "application/ld+json"}
    )
    assert response.status_code == 400
    assert f"JSON nested {depth} levels deep" in response.text


# Outbound requests (server-side request forgery): refused before any connection.


@pytest.mark.parametrize("silent", ["", "SILENT "])
def test_service_to_any_host_is_refused_without_a_connection(
    client: TestClient, listener: Listener, silent: str
) -> None:
    status, text = _query(
        client, f"SELECT * WHERE {{ SERVICE {silent}<{listener.url}> {{ ?s ?p ?o }} }}"
    )
    assert status == 400 and "SERVICE" in text and "allowed-hosts" in text
    assert listener.connections == 0


def test_service_through_a_prefix_or_variable_is_refused(
    client: TestClient, listener: Listener
) -> None:
    prefixed = f"PREFIX e: <http://127.0.0.1:{listener.port}/> SELECT * {{ SERVICE e:sparql {{ ?s ?p ?o }} }}"
    variable = f"SELECT * {{ BIND(<{listener.url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
    assert _query(client, prefixed)[0] == 400
    assert _query(client, variable)[0] == 400
    assert listener.connections == 0


def test_load_is_refused_without_a_connection(client: TestClient, listener: Listener) -> None:
    status, text = _update(client, f"LOAD <{listener.url}> INTO GRAPH <urn:g>")
    assert status == 400 and "LOAD" in text
    assert _update(client, "LOAD <file:///etc/passwd>")[0] == 400
    assert listener.connections == 0


@pytest.mark.parametrize("context", ["remote", "file", "import"])
def test_jsonld_contexts_are_never_fetched(
    client: TestClient, listener: Listener, tmp_path: Path, context: str
) -> None:
    (tmp_path / "c.jsonld").write_text('{"@context": {}}')
    value = {
        "remote": f'"http://127.0.0.1:{listener.port}/c.jsonld"',
        "file": f'"{(tmp_path / "c.jsonld").as_uri()}"',
        "import": f'{{"@import": "http://127.0.0.1:{listener.port}/c.jsonld"}}',
    }[context]
    body = (
        f'{{"@context": {value}, "@id": "{EX}Desk", "@type": "https://w3id.org/cxgraph#Service"}}'
    )
    response = client.put(
        f"/services/{EX}Desk", content=body,
        headers={**WRITE, "Content-Type": "application/ld+json"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "not fetched" in response.text
    assert listener.connections == 0


def test_the_servers_own_context_is_inlined_not_fetched(client: TestClient) -> None:
    body = '{"@context": "/context.jsonld", "@id": "ex:Desk", "@type": "cx:Service"}'
    body = body.replace("ex:Desk", f"{EX}Desk")
    response = client.post(
        "/services", content=body, headers={**WRITE, "Content-Type": "application/ld+json"}
    )
    assert response.status_code == 201
    assert "Desk" in client.get("/services").text


# Sizes: bodies, literals, entity expansion.


def test_a_body_over_the_limit_is_a_413(client: TestClient) -> None:
    body = b"# padding\n" * 200_000  # 2 MB, over the 1 MB limit
    response = client.put(
        "/store?default", content=body, headers={**WRITE, "Content-Type": "text/turtle"}
    )
    assert response.status_code == 413 and "body-bytes" in response.text


def test_a_streamed_body_over_the_limit_is_a_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"# padding " * 10_000  # no Content-Length: counted as it arrives

    response = client.post("/validate", content=chunks(), headers={"Content-Type": "text/turtle"})
    assert response.status_code == 413


def test_a_literal_over_the_limit_is_a_413(client: TestClient) -> None:
    statement = "x" * 20_000
    body = f'<{EX}o> <https://w3id.org/cxgraph#statement> "{statement}" .'
    response = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 413 and "literal-chars" in response.text
    assert _update(client, f'INSERT DATA {{ <{EX}o> <urn:p> "{statement}" }}')[0] == 413


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="urn:x"><rdf:value>&f;</rdf:value></rdf:Description>
</rdf:RDF>
"""


def test_xml_entity_expansion_is_refused(client: TestClient) -> None:
    response = client.put(
        "/store?default", content=BILLION_LAUGHS,
        headers={**WRITE, "Content-Type": "application/rdf+xml"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "entity declarations" in response.text and ":3:" in response.text
    assert client.get("/store?default", headers={"Accept": "application/n-triples"}).text == ""


# A poisoned store: a triple term, once stored, broke every later update.


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <<( <urn:c> <urn:d> <urn:e> )>> }",
        "INSERT { <urn:a> <urn:b> ?t } WHERE { BIND(TRIPLE(<urn:c>, <urn:d>, <urn:e>) AS ?t) }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> {| <urn:p> 1 |} }",
        "INSERT DATA { << <urn:a> <urn:b> <urn:c> >> <urn:p> 1 }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> ~ <urn:r> }",
    ],
    ids=["triple-term", "TRIPLE()", "annotation", "reified", "reifier"],
)
def test_triple_terms_are_refused_and_the_store_stays_usable(
    client: TestClient, update: str
) -> None:
    status, text = _update(client, update)
    assert status == 400 and "triple terms" in text
    assert _update(client, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")[0] == 204
    assert client.get("/validate").status_code == 200


def test_triple_terms_in_a_turtle_body_are_refused(client: TestClient) -> None:
    body = "<urn:a> <urn:b> <<( <urn:c> <urn:d> <urn:e> )>> ."
    response = client.put(
        "/store?default", content=body, headers={**WRITE, "Content-Type": "text/turtle"}
    )
    assert response.status_code == 400 and "triple terms" in response.text


# Bad parameters answered 500.


def test_a_bad_default_graph_uri_is_a_400(client: TestClient) -> None:
    status, text = _query(client, "SELECT * { ?s ?p ?o }", **{"default-graph-uri": "not an iri"})
    assert status == 400 and "not an absolute IRI" in text


def test_a_huge_iri_is_a_4xx(client: TestClient) -> None:
    iri = "http://example.org/" + "a" * 2_000_000
    response = client.post("/sparql", data={"query": f"ASK {{ <{iri}> ?p ?o }}"})
    assert response.status_code == 413


def test_from_an_unknown_graph_is_an_empty_dataset(client: TestClient) -> None:
    assert _update(client, f"INSERT DATA {{ {SERVICE} }}")[0] == 204
    everything = "SELECT * WHERE { ?s ?p ?o }"
    response = client.post("/sparql", data={"query": everything}, headers={"Accept": "text/csv"})
    assert len(response.text.splitlines()) == 2
    unknown = "SELECT * FROM <urn:unknown> WHERE { ?s ?p ?o }"
    response = client.post("/sparql", data={"query": unknown}, headers={"Accept": "text/csv"})
    assert len(response.text.splitlines()) == 1  # the header row alone


# Access.


def test_reads_can_require_a_token(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    app = create_app(store, token=TOKEN, read_token=READ_TOKEN)
    reader = TestClient(app)
    ask = {"query": "ASK {}"}
    assert reader.get("/sparql", params=ask).status_code == 401
    assert (
        reader.get("/sparql", params=ask, headers={"Authorization": "Bearer wrong"}).status_code
        == 401
    )
    assert reader.get("/sparql", params={**ask, "access_token": READ_TOKEN}).status_code == 401
    for token in (READ_TOKEN, TOKEN):
        assert (
            reader.get(
                "/sparql", params=ask, headers={"Authorization": f"Bearer {token}"}
            ).status_code
            == 200
        )
    assert reader.get("/health").status_code == 200
    # The read token does not write.
    headers = {"Authorization": f"Bearer {READ_TOKEN}", "Content-Type": "application/sparql-update"}
    assert (
        reader.post(
            "/update", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }", headers=headers
        ).status_code
        == 401
    )


def test_cors_is_closed_unless_origins_are_given(tmp_path: Path) -> None:
    origin = {"Origin": "https://editor.example.org"}
    closed = TestClient(create_app(EmbeddedStore(tmp_path / "a")))
    assert "access-control-allow-origin" not in closed.get("/health", headers=origin).headers
    opened = TestClient(
        create_app(EmbeddedStore(tmp_path / "b"), cors_origins=["https://editor.example.org"])
    )
    assert (
        opened.get("/health", headers=origin).headers["access-control-allow-origin"]
        == origin["Origin"]
    )
    elsewhere = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in opened.get("/health", headers=elsewhere).headers


# A real internal error: logged with a request id; the client gets the id, not the trace.


class _FailingStore(EmbeddedStore):
    """A store whose queries fail as a bug would (not as bad input does)."""

    def query(self, *args: object, **kwargs: object) -> QueryAnswer:
        raise RuntimeError("secret detail of the failure")


def test_an_internal_error_carries_a_request_id_and_no_trace(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(create_app(_FailingStore(tmp_path / "s")), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="cxgraph.api"):
        response = client.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert request_id in response.text
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert any(request_id in record.getMessage() and record.exc_info for record in caplog.records)


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    assert len(client.get("/health").headers["x-request-id"]) == 32
    given = client.get("/health", headers={"X-Request-ID": "ci-run-42"})
    assert given.headers["x-request-id"] == "ci-run-42"
    forged = client.get("/health", headers={"X-Request-ID": b"bad id\r\nSet-Cookie: x"})
    assert len(forged.headers["x-request-id"]) == 32 and "Set-Cookie" not in forged.headers


# The command line, as a CI job runs it on files from a pull request: as processes, since a
# native stack overflow ends the process that hits it.


def _cxgraph(*arguments: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "cxgraph"
    return subprocess.run(
        [str(command), *arguments], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_cli_query_refuses_deep_nesting_instead_of_crashing(tmp_path: Path) -> None:
    done = _cxgraph(
        "query", "--store", str(tmp_path / "s"), "SELECT * WHERE " + "{" * 8000 + "}" * 8000
    )
    assert done.returncode == 3, done.stderr  # an input error, not 139 (SIGSEGV)
    assert "nested deeper than 64 levels" in done.stderr


def test_cli_refuses_a_fifo_instead_of_waiting_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "portfolio.ttl"
    os.mkfifo(fifo)
    done = _cxgraph("validate", str(fifo), timeout=120)
    assert done.returncode == 3 and "not a regular file but a FIFO" in done.stderr


def test_cli_refuses_a_link_to_a_device(tmp_path: Path) -> None:
    link = tmp_path / "portfolio.ttl"
    link.symlink_to("/dev/zero")
    done = _cxgraph("validate", str(link), timeout=120)
    assert done.returncode == 3 and "not a regular file but a character device" in done.stderr


def test_cli_refuses_xml_entities_in_a_file(tmp_path: Path) -> None:
    (tmp_path / "laughs.rdf").write_bytes(BILLION_LAUGHS)
    done = _cxgraph("validate", str(tmp_path / "laughs.rdf"), timeout=120)
    assert done.returncode == 3 and "laughs.rdf:3:" in done.stderr
