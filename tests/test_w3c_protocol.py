"""The W3C SPARQL 1.1 Protocol test suite (../shared/w3c/sparql11-protocol) against /sparql.

Each manifest entry is a sequence of HTTP requests with expected status classes, formats and
ASK answers. Requests to `/sparql/` go to `/sparql`, or to `/update` when they carry an
update (with the bearer token). The suite is read from the shared folder, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, Namespace
from rdflib.term import Node

from api.main import create_app
from cxgraph.store import EmbeddedStore
from tests.conftest import ROOT

SUITE = ROOT.parent / "shared" / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "w3c-suite"

# Entries that do not apply to cxgraph, with the reason.
NOT_APPLICABLE: dict[str, str] = {}

# Entries cxgraph does not pass yet: they must fail (strict), so passing them is noticed.
PENDING_REASON = "not implemented yet"
PENDING: set[str] = set()

pytestmark = pytest.mark.skipif(
    not (SUITE / "manifest.ttl").exists(), reason="the W3C suite is not at ../shared/w3c/"
)


def _manifest() -> Graph:
    return Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")


def _entries() -> list[tuple[str, Node]]:
    if not (SUITE / "manifest.ttl").exists():
        return []
    manifest = _manifest()
    (root,) = list(manifest.subjects(RDF.type, MF.Manifest))
    entries = Collection(manifest, manifest.value(root, MF.entries))
    return [(str(entry).rsplit("#", 1)[-1], entry) for entry in entries]


@pytest.fixture(scope="module")
def manifest() -> Graph:
    return _manifest()


def _cases() -> list[object]:
    return [
        pytest.param(
            name,
            entry,
            id=name,
            marks=[pytest.mark.xfail(reason=PENDING_REASON, strict=True)]
            if name in PENDING
            else [],
        )
        for name, entry in _entries()
    ]


@pytest.mark.parametrize(("name", "entry"), _cases())
def test_protocol_entry(manifest: Graph, name: str, entry: Node) -> None:
    if name in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[name])
    store = EmbeddedStore()
    for data in manifest.objects(entry, UT.graphData):
        source = manifest.value(data, UT.graph)
        label = manifest.value(data, RDFS.label)
        assert source is not None and label is not None
        path = Path(urlsplit(str(source)).path)
        store.load([path], graph=str(label))
    client = TestClient(create_app(store, token=TOKEN, fail_on=None))
    action = manifest.value(entry, MF.action)
    for request in Collection(manifest, manifest.value(action, HT.requests)):
        _check(manifest, client, request)


def _check(manifest: Graph, client: TestClient, request: Node) -> None:
    method = str(manifest.value(request, HT.methodName))
    path = str(manifest.value(request, HT.absolutePath))
    headers = {
        str(manifest.value(h, HT.fieldName)).lower(): str(manifest.value(h, HT.fieldValue))
        for h in Collection(manifest, manifest.value(request, HT.headers) or RDF.nil)
    }
    body_node = manifest.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
    is_update = "sparql-update" in headers.get("content-type", "") or (
        body is not None and body.startswith(b"update=")
    )
    target = path.replace("/sparql/", "/update" if is_update else "/sparql", 1)
    if is_update:
        headers["authorization"] = f"Bearer {TOKEN}"
    response = client.request(method, target, headers=headers, content=body)
    expected = manifest.value(request, HT.resp)
    classes = {
        str(s).rsplit("StatusCode", 1)[-1] for s in manifest.objects(expected, MF.expectedStatus)
    }
    assert f"{response.status_code // 100}xx" in classes, (response.status_code, response.text)
    answer_format = manifest.value(expected, MF.expectedFormat)
    content_type = response.headers.get("content-type", "")
    if answer_format == Literal("boolean") or answer_format == Literal("tabular"):
        assert "sparql-results" in content_type or content_type.startswith(("text/csv", "text/tab"))
    elif answer_format == Literal("RDF"):
        assert content_type.split(";")[0] in {
            "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"
        }  # fmt: skip
    boolean = manifest.value(expected, MF.expectedBoolean)
    if boolean is not None:
        assert json.loads(response.content)["boolean"] is boolean.toPython()


def test_the_suite_is_found_and_read() -> None:
    names = [name for name, _ in _entries()]
    assert len(names) >= 30
    assert isinstance(URIRef(SUITE.as_uri()), URIRef)
