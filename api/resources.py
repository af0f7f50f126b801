"""Resource routes for what architects work with, as JSON-LD with a published @context."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph

from api.writes import authorised, judged
from cxgraph.formatters import json_format
from cxgraph.namespace import PREFIXES
from cxgraph.ontology import load_ontology
from cxgraph.store import GraphStore
from cxgraph.store.guarded import judge_store
from cxgraph.validate import derive, load_shapes

router = APIRouter(tags=["resources"])

CONTEXT: dict[str, object] = {
    "@context": {
        **{prefix: PREFIXES[prefix] for prefix in ("cx", "rdfs", "xsd", "unit", "skos")},
        "label": {"@id": "rdfs:label", "@language": "en"},
    }
}

# Each resource: the classes whose members it lists, and the links followed one step out.
RESOURCES: dict[str, tuple[list[str], list[str]]] = {
    "services": (["cx:Service"], ["cx:hasFacility", "cx:hasSupport", "^cx:isAddressedBy"]),
    "outcomes": (["cx:SuccessfulCustomerOutcome"], ["cx:isMeasuredBy"]),
    "stakeholders": (
        [
            f"cx:{name}"
            for name in (
                "Stakeholder",
                "Customer",
                "Provider",
                "User",
                "Funder",
                "Watcher",
                "Enabler",
            )
        ],
        [],
    ),
    "relationships": (["cx:ServiceRelationship"], []),
}


@router.get("/context.jsonld", operation_id="jsonld-context")
def context() -> JSONResponse:
    """The JSON-LD @context the resource routes use."""
    return JSONResponse(CONTEXT, media_type="application/ld+json")


def _members(store: GraphStore, kind: str) -> Graph:
    classes, links = RESOURCES[kind]
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    hops = " ".join(f"UNION {{ ?member {link} ?s . ?s ?p ?o }}" for link in links)
    query = (
        f"{prologue}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?class {{ {' '.join(classes)} }} "
        f"?member a ?class . {{ ?member ?p ?o BIND(?member AS ?s) }} {hops} }}"
    )
    answer = store.query(query, "application/n-triples")
    return Graph().parse(data=answer.body, format="nt")


def _jsonld(graph: Graph) -> Response:
    document = json.loads(graph.serialize(format="json-ld", context=CONTEXT["@context"]))
    document["@context"] = "/context.jsonld"
    return JSONResponse(document, media_type="application/ld+json")


def _list(kind: str):  # type: ignore[no-untyped-def]
    def read(request: Request) -> Response:
        store: GraphStore = request.app.state.store
        graph = _members(store, kind)
        if kind == "relationships":
            derived = derive(store.graph(), load_shapes(), ontology=load_ontology())
            subjects = set(graph.subjects())
            graph += ((s, p, o) for s, p, o in derived if s in subjects)
        return _jsonld(graph)

    read.__doc__ = f"List the {kind}, with what they link to, as JSON-LD."
    return read


def _create(kind: str):  # type: ignore[no-untyped-def]
    async def create(request: Request) -> Response:
        refusal = authorised(request)
        if refusal is not None:
            return refusal
        body = await request.body()
        refused = judged(
            request,
            lambda target: target.write_graph(None, body, "application/ld+json", replace=False),
        )
        if refused is not None:
            return refused
        return Response(status_code=201)

    create.__doc__ = f"Add {kind} written as JSON-LD; refused with 422 if they break a rule."
    return create


for _kind in RESOURCES:
    router.add_api_route(
        f"/{_kind}", _list(_kind), methods=["GET"], operation_id=f"{_kind}-list",
        response_class=Response,
    )  # fmt: skip
    router.add_api_route(
        f"/{_kind}", _create(_kind), methods=["POST"], operation_id=f"{_kind}-create",
        response_class=Response,
    )  # fmt: skip


@router.get("/mismatches", operation_id="maturity-mismatches")
def mismatches(request: Request) -> JSONResponse:
    """The current customer/provider maturity mismatches and boundary warnings."""
    store: GraphStore = request.app.state.store
    report = json.loads(json_format.render(judge_store(store)))
    wanted = {"maturity-mismatch", "maturity-boundary"}
    return JSONResponse([f for f in report["findings"] if f["rule"] in wanted])
