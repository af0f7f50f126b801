"""`cxgraph serve` as a process, queried over HTTP by real SPARQL clients."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import EXAMPLE
from tests.servers import serve

pytestmark = pytest.mark.slow

SERVICES = "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> } ORDER BY ?s"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(["--store", str(tmp_path_factory.mktemp("store")), str(EXAMPLE)], {})


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


TOKEN = "s3cret-test-token"
GOOD_UPDATE = """PREFIX cx: <https://w3id.org/cxgraph#>
PREFIX ex: <https://example.org/portfolio#>
INSERT DATA { ex:ErpPlatformService cx:hasSupport ex:LaptopSupport . }"""
BAD_UPDATE = """PREFIX cx: <https://w3id.org/cxgraph#>
PREFIX ex: <https://example.org/portfolio#>
INSERT DATA { ex:Fax a cx:Service ; cx:hasFacility ex:FaxMachine . ex:FaxMachine a cx:Facility . }"""


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(
        ["--store", str(tmp_path_factory.mktemp("writable")), str(EXAMPLE)],
        {"CXGRAPH_TOKEN": TOKEN},
    )


def _count(base: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = httpx.get(f"{base}/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    return int(response.text.splitlines()[1])


def _dump(base: str) -> Graph:
    response = httpx.get(
        f"{base}/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    return Graph().parse(data=response.text, format="nt")


def test_a_read_only_server_refuses_updates(server: str) -> None:
    response = httpx.post(f"{server}/update", data={"update": GOOD_UPDATE})
    assert response.status_code == 403


def test_an_update_without_the_token_is_401(writable: str) -> None:
    response = httpx.post(f"{writable}/update", data={"update": GOOD_UPDATE})
    assert response.status_code == 401
    wrong = {"Authorization": "Bearer not-it"}
    assert (
        httpx.post(f"{writable}/update", data={"update": GOOD_UPDATE}, headers=wrong).status_code
        == 401
    )


def test_a_write_that_breaks_a_rule_is_refused_and_changes_nothing(writable: str) -> None:
    from rdflib.compare import isomorphic

    before = _dump(writable)
    response = httpx.post(
        f"{writable}/update",
        content=BAD_UPDATE,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 422
    findings = response.json()["findings"]
    assert [(f["rule"], f["focus"]) for f in findings] == [
        ("service-supported-facility", "https://example.org/portfolio#Fax")
    ]
    assert isomorphic(_dump(writable), before)


def test_an_accepted_write_lands(writable: str) -> None:
    before = _count(writable)
    response = httpx.post(
        f"{writable}/update",
        data={"update": GOOD_UPDATE},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204
    assert _count(writable) == before + 1
    report = httpx.get(f"{writable}/validate").json()
    rules = {(f["rule"], f["focus"]) for f in report["findings"]}
    assert (
        "service-supported-facility",
        "https://example.org/portfolio#ErpPlatformService",
    ) not in rules


def test_post_validate_judges_the_body(server: str) -> None:
    body = (
        "@prefix cx: <https://w3id.org/cxgraph#> .\n"
        "<https://example.org/x> a cx:Service ; cx:hasFacility <https://example.org/f> .\n"
        "<https://example.org/f> a cx:Facility .\n"
    )
    response = httpx.post(
        f"{server}/validate", content=body, headers={"Content-Type": "text/turtle"}
    )
    assert response.status_code == 200
    # The service has no support (a violation), no facility facets and no touchpoint.
    assert [(f["rule"], f["severity"]) for f in response.json()["findings"]] == [
        ("service-four-facets", "warning"),
        ("service-supported-facility", "violation"),
        ("touchpoint-channel", "warning"),
    ]
    broken = httpx.post(
        f"{server}/validate", content="<a> <b>", headers={"Content-Type": "text/turtle"}
    )
    assert broken.status_code == 400 and "line 1" in broken.text


def test_graph_store_protocol_round_trip(writable: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    graph = {"graph": "https://example.org/graphs/notes"}
    turtle = '<https://example.org/n1> <http://www.w3.org/2000/01/rdf-schema#label> "Note"@en .\n'
    assert httpx.get(f"{writable}/store", params=graph).status_code == 404
    created = httpx.put(
        f"{writable}/store", params=graph, content=turtle,
        headers={**auth, "Content-Type": "text/turtle"},
    )  # fmt: skip
    assert created.status_code == 201
    read = httpx.get(f"{writable}/store", params=graph, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=read.text, format="nt")) == 1
    unauthorised = httpx.delete(f"{writable}/store", params=graph)
    assert unauthorised.status_code == 401
    assert httpx.delete(f"{writable}/store", params=graph, headers=auth).status_code == 204
    assert httpx.get(f"{writable}/store", params=graph).status_code == 404


def test_a_graph_store_write_that_breaks_a_rule_is_refused(writable: str) -> None:
    from rdflib.compare import isomorphic

    before = _dump(writable)
    turtle = (
        "@prefix cx: <https://w3id.org/cxgraph#> .\n"
        "<https://example.org/Telex> a cx:Service ; cx:hasSupport <https://example.org/desk> .\n"
        "<https://example.org/desk> a cx:Support .\n"
    )
    response = httpx.post(
        f"{writable}/store", params={"default": ""}, content=turtle,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["findings"][0]["rule"] == "service-supported-facility"
    assert isomorphic(_dump(writable), before)


def test_resources_are_json_ld_with_a_published_context(server: str) -> None:
    context = httpx.get(f"{server}/context.jsonld").json()["@context"]
    response = httpx.get(f"{server}/services")
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"] == "/context.jsonld"
    graph = Graph().parse(data=json.dumps({**document, "@context": context}), format="json-ld")
    services = set(graph.subjects(RDF.type, URIRef("https://w3id.org/cxgraph#Service")))
    assert len(services) == 6
    outcome = URIRef("https://example.org/portfolio#OfficeAt72Outcome")
    assert (
        outcome,
        RDF.type,
        URIRef("https://w3id.org/cxgraph#SuccessfulCustomerOutcome"),
    ) in graph


def test_relationships_carry_their_derived_gap_and_mismatches_are_listed(server: str) -> None:
    relationships = httpx.get(f"{server}/relationships").json()["@graph"]
    office = next(r for r in relationships if r["@id"].endswith("#OfficeClimateRelationship"))
    assert office["cx:maturityGap"] == 2  # xsd:integer, a JSON number in JSON-LD
    mismatches = httpx.get(f"{server}/mismatches").json()
    assert sorted(m["focus"].split("#")[1] for m in mismatches if m["rule"] == "maturity-mismatch") == [
        "FranchiseLaptopRelationship", "NorthwindFinance", "OfficeClimateRelationship",
    ]  # fmt: skip


def test_posting_a_resource_is_judged(writable: str) -> None:
    from rdflib.compare import isomorphic

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/ld+json"}
    context = {"cx": "https://w3id.org/cxgraph#", "ex": "https://example.org/new#"}
    unsupported = {"@context": context, "@id": "ex:Pager", "@type": "cx:Service",
                   "cx:hasFacility": {"@id": "ex:PagerUnit", "@type": "cx:Facility"}}  # fmt: skip
    before = _dump(writable)
    refused = httpx.post(f"{writable}/services", content=json.dumps(unsupported), headers=auth)
    assert refused.status_code == 422
    assert isomorphic(_dump(writable), before)
    supported = {**unsupported, "cx:hasSupport": {"@id": "ex:PagerDesk", "@type": "cx:Support"}}
    created = httpx.post(f"{writable}/services", content=json.dumps(supported), headers=auth)
    assert created.status_code == 201
    listed = {n["@id"] for n in httpx.get(f"{writable}/services").json()["@graph"]}
    assert "https://example.org/new#Pager" in listed


def test_one_service_is_read_replaced_and_deleted(writable: str) -> None:
    from urllib.parse import quote

    from rdflib.compare import isomorphic

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/ld+json"}
    context = {"cx": "https://w3id.org/cxgraph#", "ex": "https://example.org/new#",
               "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}  # fmt: skip
    iri = "https://example.org/new#Kiosk"
    url = f"{writable}/services/{quote(iri, safe='')}"
    kiosk = {"@context": context, "@id": "ex:Kiosk", "@type": "cx:Service",
             "cx:hasFacility": {"@id": "ex:KioskUnit", "@type": "cx:Facility"},
             "cx:hasSupport": {"@type": "cx:Support", "rdfs:label": "kiosk desk"}}  # fmt: skip
    assert httpx.get(url).status_code == 404
    assert httpx.put(url, content=json.dumps(kiosk), headers=auth).status_code == 201
    read = httpx.get(url).json()
    assert iri in {read.get("@id"), *(n["@id"] for n in read.get("@graph", []))}
    first = _count_about(writable, iri)
    again = httpx.put(url, content=json.dumps(kiosk), headers=auth)
    assert again.status_code == 204
    assert _count_about(writable, iri) == first == 5  # the old blank support node is gone

    before = _dump(writable)
    unsupported = {k: v for k, v in kiosk.items() if k != "cx:hasSupport"}
    refused = httpx.put(url, content=json.dumps(unsupported), headers=auth)
    assert refused.status_code == 422
    assert refused.json()["findings"][0]["rule"] == "service-supported-facility"
    assert isomorphic(_dump(writable), before)

    assert httpx.delete(url).status_code == 401
    assert httpx.delete(url, headers=auth).status_code == 204
    assert httpx.get(url).status_code == 404
    assert _count_about(writable, iri) == 0


def test_a_resource_body_must_describe_its_iri(writable: str) -> None:
    from urllib.parse import quote

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/ld+json"}
    url = f"{writable}/services/{quote('https://example.org/new#Other', safe='')}"
    elsewhere = {"@id": "https://example.org/new#Else", "@type": "https://w3id.org/cxgraph#Service"}
    wrong = httpx.put(url, content=json.dumps(elsewhere), headers=auth)
    assert wrong.status_code == 400 and "must type" in wrong.text
    broken = httpx.put(url, content=b"{not json", headers=auth)
    assert broken.status_code == 400 and "<body>:1:2:" in broken.text  # JSON error, placed
    assert httpx.get(f"{writable}/services/not%20an%20iri").status_code == 400


def _count_about(base: str, iri: str) -> int:
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ <{iri}> ?p ?o }} UNION "
        f"{{ <{iri}> ?q ?b . FILTER(isBLANK(?b)) ?b ?p ?o }} }}"
    )
    response = httpx.get(f"{base}/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    return int(response.text.splitlines()[1])


def test_graph_store_media_types_are_negotiated(writable: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    plain = httpx.put(
        f"{writable}/store", params={"graph": "https://example.org/graphs/plain"},
        content=b"hello", headers={**auth, "Content-Type": "text/plain"},
    )  # fmt: skip
    assert plain.status_code == 415 and "text/turtle" in plain.text
    accept = {"Accept": "text/turtle;q=0.2, application/n-triples"}
    read = httpx.get(f"{writable}/store", params={"default": ""}, headers=accept)
    assert read.headers["content-type"].startswith("application/n-triples")


def test_serve_says_where_it_listens_and_logs_each_request(tmp_path: Path) -> None:
    import re

    from tests.servers import launch, server_log

    process, base = launch(["--store", str(tmp_path / "store"), str(EXAMPLE)], {})
    try:
        httpx.get(f"{base}/sparql", params={"query": SERVICES}, headers={"X-Request-ID": "abc-1"})
        httpx.get(f"{base}/store/no/such/graph")
        time.sleep(0.3)
        log = server_log(process)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert f"cxgraph serving on {base}" in log
    when = r"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\]"

    def line(path: str, status: int, route: str, request_id: str) -> str:
        return (rf'127\.0\.0\.1 - - {when} "GET {path} HTTP/1\.1" {status} \S+ {route} '
                rf"[\d.]+ms {request_id}")  # fmt: skip

    assert re.search(line("/sparql", 200, "/sparql", "abc-1"), log)
    assert re.search(line("/store/no/such/graph", 404, r"/store/\{path:path\}", r"\w+"), log)
    assert "SELECT" not in log, "queries are not logged"
