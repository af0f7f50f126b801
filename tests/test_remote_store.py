"""The remote store against real SPARQL 1.1 servers, each a separate process.

Two servers: `cxgraph serve` itself (a true default graph, bearer token), and the SPARQL
database `.ci/run` starts (Virtuoso: the default graph is the union of all graphs, so a named
graph stands in for it; updates need Digest credentials). Every test starts from an empty
dataset.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import XSD, Graph, URIRef
from rdflib.compare import isomorphic

from cxgraph.errors import InputError
from cxgraph.load import load_graph
from cxgraph.report import Severity
from cxgraph.store import EmbeddedStore, RemoteStore, RemoteStoreError
from cxgraph.store.writes import SparqlUpdate
from cxgraph.validation import Validator, WriteRefusedError
from tests.conftest import EXAMPLE
from tests.servers import Endpoint, require_remote_database, serve

pytestmark = pytest.mark.slow

TOKEN = "remote-test-token"
NOTES = "https://example.org/graphs/notes"
STAND_IN = "urn:cxgraph:test:default"  # the default graph on a server without a writable one
SAMPLE = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:heating ex:target "72.5"^^xsd:decimal ; ex:within "PT0S"^^xsd:duration ;
    ex:label "Wärmepumpe — maintenance"@de , "Heating\\nunit"@en ;
    ex:measured [ ex:at "2026-01-05T10:00:00Z"^^xsd:dateTime ; ex:value 71 ] .
"""
BAD_UPDATE = f"""PREFIX cx: <https://w3id.org/cxgraph#>
INSERT DATA {{ GRAPH <{NOTES}> {{
  <https://example.org/Fax> a cx:Service ; cx:hasFacility <https://example.org/FaxMachine> .
  <https://example.org/FaxMachine> a cx:Facility . }} }}"""


@pytest.fixture(scope="module")
def cxgraph_server() -> Iterator[Endpoint]:
    # The rules judge writes on this server too; they must not refuse what the tests load.
    environment = {"CXGRAPH_TOKEN": TOKEN}
    for base in serve(["--memory", "--refuse-on", "none"], environment):
        yield Endpoint(f"{base}/sparql", f"{base}/update", token=TOKEN)


@pytest.fixture(params=["cxgraph-serve", "virtuoso"])
def endpoint(request: pytest.FixtureRequest) -> Endpoint:
    if request.param == "virtuoso":
        return require_remote_database()
    server: Endpoint = request.getfixturevalue("cxgraph_server")
    return server


def _open(endpoint: Endpoint, **changes: str) -> RemoteStore:
    settings = {"user": endpoint.user, "password": endpoint.password, "token": endpoint.token}
    settings.update(changes)
    stand_in = STAND_IN if endpoint.user else None
    return RemoteStore(endpoint.query_url, endpoint.update_url, default_graph=stand_in, **settings)


@pytest.fixture
def portfolio(endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portfolio; for Virtuoso without its xsd:duration literals, which Virtuoso
    7.2 cannot store (an INSERT fails with "SQ200: No column P1DD"; a Turtle load turns
    "P1D" into "86400.0"), see test_a_value_the_server_cannot_store_is_refused_whole."""
    if not endpoint.user:
        return EXAMPLE
    graph = Graph()
    for path in sorted(EXAMPLE.glob("*.ttl")):
        graph.parse(path)
    durations = [t for t in graph if getattr(t[2], "datatype", None) == XSD.duration]
    for triple in durations:
        graph.remove(triple)
    copy = tmp_path_factory.mktemp("portfolio") / "portfolio.nt"
    graph.serialize(copy, format="nt", encoding="utf-8")
    return copy


@pytest.fixture
def remote(endpoint: Endpoint) -> RemoteStore:
    store = _open(endpoint)
    _empty(store)
    return store


def _empty(store: RemoteStore) -> None:
    for name in store.graphs():
        store.drop_graph(name)
    store.drop_graph(None)


def _dump(store: RemoteStore) -> Graph:
    return store.graph()


def test_loaded_files_answer_queries(remote: RemoteStore, portfolio: Path) -> None:
    added = remote.load([portfolio], NOTES)
    assert added == len(remote) > 500
    query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/cxgraph#Service> }"
    answer = remote.query(query, "text/csv", default_graphs=[NOTES])
    assert answer.media_type == "text/csv"
    assert answer.body.decode().splitlines()[1].strip() == "6"


def test_terms_round_trip(remote: RemoteStore, tmp_path: Path) -> None:
    sample = tmp_path / "sample.ttl"
    sample.write_text(SAMPLE, encoding="utf-8")
    remote.load([sample], NOTES)
    # Literals as written ("PT0S", which rdflib's own parser would rewrite as "P0D").
    assert isomorphic(_dump(remote), load_graph([sample]))


def test_the_default_graph_is_written_and_read(remote: RemoteStore) -> None:
    remote.write_graph(None, SAMPLE.encode(), "text/turtle", replace=True)
    read = remote.read_graph(None, "application/n-triples")
    assert read is not None
    assert isomorphic(Graph().parse(data=read.body, format="nt"), Graph().parse(data=SAMPLE))


def test_graph_writes_replace_read_and_drop(remote: RemoteStore) -> None:
    one = b'<https://example.org/a> <https://example.org/p> "1" .'
    two = b'<https://example.org/a> <https://example.org/p> "2" .'
    assert remote.read_graph(NOTES, "text/turtle") is None
    remote.write_graph(NOTES, one, "application/n-triples", replace=False)
    remote.write_graph(NOTES, two, "application/n-triples", replace=True)
    read = remote.read_graph(NOTES, "application/n-triples")
    assert read is not None and b'"2"' in read.body and b'"1"' not in read.body
    assert remote.drop_graph(NOTES) is True
    assert remote.drop_graph(NOTES) is False


def test_a_malformed_query_names_the_problem(remote: RemoteStore) -> None:
    with pytest.raises(InputError) as raised:
        remote.query("SELEC ?x WHERE { ?x ?y ?z }", "text/csv")
    assert raised.value.source == "<query>" and raised.value.message


def test_a_broken_file_is_named_and_nothing_is_written(remote: RemoteStore, tmp_path: Path) -> None:
    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    good.write_text(SAMPLE, encoding="utf-8")
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        remote.load([good, bad], NOTES)
    assert str(raised.value).startswith(f"{bad}:2:")
    assert len(remote) == 0


def test_wrong_credentials_are_refused_clearly(endpoint: Endpoint) -> None:
    wrong = {"password": "not-it"} if endpoint.user else {"token": "not-it"}
    with pytest.raises(RemoteStoreError, match="401"):
        _open(endpoint, **wrong).update(f"CLEAR SILENT GRAPH <{NOTES}>")


def test_validation_agrees_with_the_embedded_store(remote: RemoteStore, portfolio: Path) -> None:
    remote.load([portfolio], NOTES)
    embedded = EmbeddedStore()
    embedded.load([portfolio])
    validator = Validator()
    found = {f.fingerprint for f in validator.validate(remote).findings}
    assert found == {f.fingerprint for f in validator.validate(embedded).findings}
    assert len(found) > 10


def test_a_refused_write_leaves_the_remote_store_unchanged(
    remote: RemoteStore, portfolio: Path
) -> None:
    remote.load([portfolio], NOTES)
    before = _dump(remote)
    with pytest.raises(WriteRefusedError) as refused:
        Validator().guard(remote, Severity.VIOLATION).write(SparqlUpdate(BAD_UPDATE))
    assert [f.rule for f in refused.value.report.findings] == ["service-supported-facility"]
    assert isomorphic(_dump(remote), before)


def test_the_command_line_loads_and_queries(
    endpoint: Endpoint, remote: RemoteStore, portfolio: Path
) -> None:
    environment = _credentials(endpoint)
    arguments = ["--endpoint", endpoint.query_url, "--update-endpoint", endpoint.update_url]
    if endpoint.user:
        arguments += ["--default-graph", STAND_IN]
    loaded = _cxgraph(["load", *arguments, "--graph", NOTES, str(portfolio)], environment)
    assert loaded.returncode == 0, loaded.stderr
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> } ORDER BY ?s"
    answered = _cxgraph(["query", "--endpoint", endpoint.query_url, query], environment)
    assert answered.returncode == 0, answered.stderr
    first = answered.stdout.splitlines()[1].strip('"')  # Virtuoso quotes every CSV value
    assert first == "https://example.org/portfolio#AccessOnboardingService"


def test_an_unreachable_endpoint_exits_5() -> None:
    url = "http://127.0.0.1:9/sparql"  # the discard port: nothing listens there
    answered = _cxgraph(["query", "--endpoint", url, "ASK {}"], {})
    assert answered.returncode == 5 and url in answered.stderr


def test_serve_over_the_remote_store(
    endpoint: Endpoint, remote: RemoteStore, portfolio: Path
) -> None:
    remote.load([portfolio], NOTES)
    arguments = ["--endpoint", endpoint.query_url, "--update-endpoint", endpoint.update_url]
    if endpoint.user:
        arguments += ["--default-graph", STAND_IN]
    environment = {**_credentials(endpoint), "CXGRAPH_TOKEN": "front-door"}
    for base in serve(arguments, environment):
        services = httpx.get(
            f"{base}/sparql",
            params={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert len(services.json()["results"]["bindings"]) == 6
        before = _dump(remote)
        refused = httpx.post(
            f"{base}/update",
            data={"update": BAD_UPDATE},
            headers={"Authorization": "Bearer front-door"},
            timeout=120,
        )
        assert refused.status_code == 422, refused.text
        assert isomorphic(_dump(remote), before)
        report = httpx.get(f"{base}/validate", timeout=120).json()
        assert not report["conforms"]


def _credentials(endpoint: Endpoint) -> dict[str, str]:
    pairs = {
        "CXGRAPH_ENDPOINT_USER": endpoint.user,
        "CXGRAPH_ENDPOINT_PASSWORD": endpoint.password,
        "CXGRAPH_ENDPOINT_TOKEN": endpoint.token,
    }
    return {name: value for name, value in pairs.items() if value}


def _cxgraph(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os

    command = Path(sys.executable).parent / "cxgraph"
    return subprocess.run(
        [str(command), *arguments], capture_output=True, text=True, timeout=300,
        env={**os.environ, **environment},
    )  # fmt: skip


def test_a_description_is_replaced_with_its_blank_nodes(
    remote: RemoteStore, portfolio: Path
) -> None:
    subject = "https://example.org/heating"
    remote.load([portfolio], NOTES)
    turtle = SAMPLE.encode()
    remote.replace_description(subject, turtle, "text/turtle")
    remote.replace_description(subject, turtle, "text/turtle")
    described = _dump(remote)
    measured = set(described.objects(URIRef(subject), URIRef("https://example.org/measured")))
    assert len(measured) == 1  # the first write's blank node went with it
    assert len(set(described.subjects(URIRef("https://example.org/at"), None))) == 1
    remote.replace_description(subject, b"", "text/turtle")
    assert (URIRef(subject), None, None) not in _dump(remote)


def test_a_value_the_server_cannot_store_is_refused_whole(
    remote: RemoteStore, tmp_path: Path
) -> None:
    """Whatever a server refuses, the load fails as a whole with the server's own words."""
    day = tmp_path / "day.ttl"
    day.write_text(
        SAMPLE + "<https://example.org/o> <https://example.org/within> "
        '"P1D"^^<http://www.w3.org/2001/XMLSchema#duration> .\n',
        encoding="utf-8",
    )
    if remote.default_graph is None:  # servers that store durations take the whole file
        assert remote.load([day], NOTES) == len(Graph().parse(day))
        return
    with pytest.raises(RemoteStoreError, match=r"answered 500: Virtuoso .*SQ200") as raised:
        remote.load([day], NOTES)
    assert "SPARQL query" not in str(raised.value)
    assert len(remote) == 0


def test_a_large_graph_is_copied_in_parts_that_share_blank_nodes(
    remote: RemoteStore, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `SNAPSHOT_PART` triples a graph is copied in parts (by the subject's MD5), as
    Virtuoso refuses one answer of millions of triples; a blank node met in two parts is one
    node in the copy."""
    sample = tmp_path / "sample.ttl"
    sample.write_text(SAMPLE, encoding="utf-8")
    remote.load([portfolio, sample], NOTES)
    whole = _dump(remote)
    monkeypatch.setattr("cxgraph.store.remote.SNAPSHOT_PART", 10)
    in_parts = _dump(remote)
    assert len(in_parts) == len(whole) > 500
    assert isomorphic(in_parts, whole)
