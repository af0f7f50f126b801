"""`cxgraph serve` as a process, queried over HTTP by real SPARQL clients."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow

SERVICES = "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> } ORDER BY ?s"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    store = tmp_path_factory.mktemp("store")
    command = Path(sys.executable).parent / "cxgraph"
    process = subprocess.Popen(
        [str(command), "serve", "--store", str(store), "--port", str(port), str(EXAMPLE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            process.kill()
            pytest.fail(f"server did not start: {process.communicate()[1].decode()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_get_form_and_direct_post_agree(server: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(f"{server}/sparql", params={"query": SERVICES}, headers=accept)
    by_form = httpx.post(f"{server}/sparql", data={"query": SERVICES}, headers=accept)
    direct = httpx.post(
        f"{server}/sparql",
        content=SERVICES,
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    answers = [r.json()["results"]["bindings"] for r in (by_get, by_form, direct)]
    assert len(answers[0]) == 6 and answers[0] == answers[1] == answers[2]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_results_follow_the_accept_header(server: str, accept: str, expected: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": SERVICES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)


@pytest.mark.parametrize(
    ("accept", "syntax"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"),
     ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)  # fmt: skip
def test_construct_follows_the_accept_header(server: str, accept: str, syntax: str) -> None:
    query = "CONSTRUCT WHERE { ?s a <https://w3id.org/cxgraph#Service> }"
    response = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.text, format=syntax)) == 6


def test_malformed_query_is_a_400_with_the_parser_message(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": "SELEC nothing"})
    assert response.status_code == 400
    assert "1:10" in response.text


def test_a_browser_gets_a_query_page(server: str) -> None:
    response = httpx.get(f"{server}/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "<form" in response.text


def test_sparqlwrapper_client(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(SERVICES)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert bindings[0]["s"]["value"] == "https://example.org/portfolio#AccessOnboardingService"


def test_rdflib_sparqlstore_client(server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    services = {row[0] for row in graph.query(SERVICES)}  # type: ignore[index]
    assert URIRef("https://example.org/portfolio#ErpPlatformService") in services
