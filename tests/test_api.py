"""The web service's first routes: health and the ontology as Turtle."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import OWL, RDF

import cxgraph
from api.main import app, create_app
from cxgraph.namespace import CX
from cxgraph.store import EmbeddedStore

client = TestClient(app)


def test_health_reports_the_running_version() -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": cxgraph.__version__}


def test_ontology_is_served_as_parseable_turtle() -> None:
    response = client.get("/ontology")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (CX.Service, RDF.type, OWL.Class) in graph


def test_openapi_documents_every_route_family() -> None:
    client = TestClient(create_app(EmbeddedStore()))
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/sparql", "/update", "/store", "/validate", "/services", "/services/{iri}",
                  "/outcomes", "/stakeholders", "/relationships", "/mismatches", "/health"):  # fmt: skip
        assert route in paths, route
    assert {"get", "put", "delete"} <= set(paths["/services/{iri}"])
