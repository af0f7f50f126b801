"""Validation pushed down into the SPARQL database: the rules run as queries on the server,
and the findings are exactly those of the local run, on real servers. Nothing of the user's
graphs is written, and cxgraph's working graph is gone afterwards."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib.compare import isomorphic

from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.pushdown import WORKING_PREFIX
from cxgraph.store.remote import RemoteStore
from cxgraph.validation import Validator
from tests.conftest import EXAMPLE
from tests.servers import Endpoint, free_port, remote_database, serve

pytestmark = pytest.mark.slow

TOKEN = "pushdown-test-token"
GRAPH = "https://example.org/graphs/portfolio"


@pytest.fixture(scope="module")
def cxgraph_server() -> Iterator[Endpoint]:
    for base in serve(["--memory", "--refuse-on", "none"], {"CXGRAPH_TOKEN": TOKEN}):
        yield Endpoint(f"{base}/sparql", f"{base}/update", token=TOKEN)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """The Oxigraph SPARQL server from PyPI, its default graph the union of all graphs (as
    Virtuoso's is), so the queries see cxgraph's working graph beside the data."""
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    folder = tmp_path_factory.mktemp("oxigraph")
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


@pytest.fixture(params=["cxgraph-serve", "oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> RemoteStore:
    if request.param == "virtuoso":
        endpoint = remote_database()
        request.applymarker(pytest.mark.xfail(
            reason="Virtuoso 7.2 answers a property path inside OPTIONAL (rdfs:subClassOf* "
            "in the four-facets rule) with unbound values, and derives maturity gaps and "
            "margins of error that differ from the standard's: those queries need forms it "
            "evaluates as the standard says", strict=False,
        ))  # fmt: skip
        if endpoint is None:
            pytest.skip("no Virtuoso: CXGRAPH_TEST_ENDPOINT is not set (.ci/run sets it)")
        store = RemoteStore(endpoint.query_url, endpoint.update_url, user=endpoint.user,
                            password=endpoint.password, default_graph="urn:cxgraph:test:default")  # fmt: skip
    else:
        fixture = {"cxgraph-serve": "cxgraph_server", "oxigraph-server": "oxigraph_server"}
        endpoint = request.getfixturevalue(fixture[request.param])
        store = RemoteStore(endpoint.query_url, endpoint.update_url, token=endpoint.token)
    for name in store.graphs():
        store.drop_graph(name)
    return store


def _portfolio(tmp_path: Path) -> Path:
    """The example, without its xsd:duration literals, which Virtuoso 7.2 cannot store."""
    from rdflib import Graph
    from rdflib.namespace import XSD

    graph = Graph()
    for path in sorted(EXAMPLE.glob("*.ttl")):
        graph.parse(path)
    for triple in [t for t in graph if getattr(t[2], "datatype", None) == XSD.duration]:
        graph.remove(triple)
    target = tmp_path / "portfolio.nt"
    graph.serialize(target, format="nt", encoding="utf-8")
    return target


def test_pushed_down_findings_are_the_local_ones(remote: RemoteStore, tmp_path: Path) -> None:
    portfolio = _portfolio(tmp_path)
    remote.load([portfolio], GRAPH)
    before = remote.graph()
    local = EmbeddedStore()
    local.load([portfolio])
    validator = Validator()
    pushed = validator.validate(remote, push_down=True)
    expected = validator.validate(local)
    assert len(expected.findings) > 30
    assert sorted(f.fingerprint for f in pushed.findings) == sorted(
        f.fingerprint for f in expected.findings
    )
    assert pushed.summary() == expected.summary()
    # The user's graphs as they were; cxgraph's working graph dropped.
    assert isomorphic(remote.graph(), before)
    assert not [g for g in remote.graphs() if g.startswith(WORKING_PREFIX)]
