"""Resource routes for what architects work with, as JSON-LD with a published @context."""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import RDF, Graph

from api import work
from api.deps import write_refusal
from api.framing import framed
from api.protocol import problem, request_body
from api.routes.store import REFUSED, judged
from cxgraph.namespace import JSONLD_CONTEXT, JSONLD_CONTEXT_PATH, PREFIXES
from cxgraph.safety.limits import Limits
from cxgraph.store import GraphStore
from cxgraph.store.rdf import body_quads
from cxgraph.store.writes import PutGraph, ReplaceDescription
from cxgraph.terms import InvalidIriError, sparql_iri
from cxgraph.validation import Validator

router = APIRouter(tags=["resources"])

CONTEXT: dict[str, object] = {"@context": JSONLD_CONTEXT}

# Each resource: the classes whose members it lists, and the links followed one step out.
RESOURCES: dict[str, tuple[list[str], list[str]]] = {
    "services": (
        ["cx:Service"],
        [
            "cx:hasFacility",
            "cx:hasFacility/(cx:hasGood|cx:hasAction)",
            "cx:hasSupport",
            "cx:hasSupport/cx:hasSupportAction",
            "cx:hasQualityFacet",
            "^cx:isAddressedBy|cx:addressesOutcome",
        ],
    ),
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


@router.get(JSONLD_CONTEXT_PATH, operation_id="jsonld-context")
async def context() -> JSONResponse:
    """The JSON-LD @context the resource routes use."""
    return JSONResponse(CONTEXT, media_type="application/ld+json")


_PROLOGUE = "".join(f"PREFIX {p}: {sparql_iri(iri)}\n" for p, iri in PREFIXES.items())


def _members(store: GraphStore, kind: str, member: str | None = None) -> Graph:
    """The members of a kind (or the one given), with what they link to one step out."""
    classes, links = RESOURCES[kind]
    hops = " ".join(f"UNION {{ ?member {link} ?s . ?s ?p ?o }}" for link in links)
    only = f"VALUES ?member {{ {sparql_iri(member)} }} " if member else ""
    query = (
        f"{_PROLOGUE}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {only}"
        f"VALUES ?class {{ {' '.join(classes)} }} "
        f"?member a ?class . {{ ?member ?p ?o BIND(?member AS ?s) }} {hops} }}"
    )
    answer = store.query(query, "application/n-triples")
    return Graph().parse(data=answer.body, format="nt")


def _is_member(store: GraphStore, kind: str, member: str) -> bool:
    classes = " ".join(RESOURCES[kind][0])
    query = f"{_PROLOGUE}ASK {{ VALUES ?class {{ {classes} }} {sparql_iri(member)} a ?class }}"
    answer = store.query(query, "application/sparql-results+json")
    return bool(json.loads(answer.body)["boolean"])


def _jsonld(graph: Graph, kind: str, member: str | None = None) -> Response:
    classes = [PREFIXES["cx"] + name.removeprefix("cx:") for name in RESOURCES[kind][0]]
    reverse = ("outcomesAddressed",) if kind == "services" else ()
    document = framed(graph, classes, member, reverse=reverse)
    document["@context"] = JSONLD_CONTEXT_PATH
    return JSONResponse(document, media_type="application/ld+json")


def _list(kind: str):  # type: ignore[no-untyped-def]
    def listed(store: GraphStore, validator: Validator) -> Response:
        graph = _members(store, kind)
        if kind == "relationships":
            derived = validator.derive(store)
            subjects = set(graph.subjects())
            graph += ((s, p, o) for s, p, o in derived if s in subjects)
        return _jsonld(graph, kind)

    async def read(request: Request) -> Response:
        state = request.app.state
        return await work.read(request, listed, state.store, state.validator)

    read.__doc__ = f"List the {kind}, with what they link to, as JSON-LD."
    return read


def _create(kind: str):  # type: ignore[no-untyped-def]
    async def create(request: Request) -> Response:
        refusal = write_refusal(request)
        if refusal is not None:
            return refusal
        body = await request.body()
        refused = await judged(request, PutGraph(None, ((body, "application/ld+json"),), False))
        if refused is not None:
            return refused
        return Response(status_code=201)

    create.__doc__ = f"Add {kind} written as JSON-LD; refused with 422 if they break a rule."
    return create


def _read_one(kind: str):  # type: ignore[no-untyped-def]
    def one(store: GraphStore, iri: str) -> Response:
        if not _is_member(store, kind, iri):
            return problem(404, f"no {kind} member <{iri}>")
        return _jsonld(_members(store, kind, iri), kind, iri)

    async def read(iri: str, request: Request) -> Response:
        refusal = _not_an_iri(iri)
        if refusal is not None:
            return refusal
        return await work.read(request, one, request.app.state.store, iri)

    read.__doc__ = (
        f"One of the {kind} (its IRI percent-encoded in the path), as JSON-LD, "
        "with what it links to."
    )
    return read


def _replace_one(kind: str):  # type: ignore[no-untyped-def]
    async def replace(iri: str, request: Request) -> Response:
        refusal = write_refusal(request) or _not_an_iri(iri)
        if refusal is not None:
            return refusal
        body = await request.body()
        store: GraphStore = request.app.state.store
        wrong = await work.read(request, _describes, body, iri, RESOURCES[kind][0], store.limits)
        if wrong is not None:
            return problem(400, wrong)
        existed = await work.read(request, _is_member, store, kind, iri)
        refused = await judged(request, ReplaceDescription(iri, body, "application/ld+json"))
        return refused or Response(status_code=204 if existed else 201)

    replace.__doc__ = (
        f"Create or replace one of the {kind}: what the store says about it (and its blank "
        "nodes) becomes the JSON-LD body; refused with 422 if that breaks a rule."
    )
    return replace


def _delete_one(kind: str):  # type: ignore[no-untyped-def]
    async def delete(iri: str, request: Request) -> Response:
        refusal = write_refusal(request) or _not_an_iri(iri)
        if refusal is not None:
            return refusal
        store: GraphStore = request.app.state.store
        if not await work.read(request, _is_member, store, kind, iri):
            return problem(404, f"no {kind} member <{iri}>")
        refused = await judged(request, ReplaceDescription(iri, b"", "application/ld+json"))
        return refused or Response(status_code=204)

    delete.__doc__ = (
        f"Delete one of the {kind} with its blank nodes; refused with 422 if that breaks a rule."
    )
    return delete


def _not_an_iri(iri: str) -> Response | None:
    """IRIs go into SPARQL text, so anything but an absolute IRI is refused first."""
    try:
        sparql_iri(iri)
    except InvalidIriError as error:
        return problem(400, error.message)
    return None


def _describes(body: bytes, iri: str, classes: list[str], limits: Limits) -> str | None:
    """Why a JSON-LD body cannot stand as the description of `iri`, or None if it can.
    Parsed as every body is (`body_quads`): bounded, and no context is fetched."""
    quads = body_quads(body, "application/ld+json", None, limits)
    subject, rdf_type = ox.NamedNode(iri), ox.NamedNode(str(RDF.type))
    wanted = {ox.NamedNode(PREFIXES["cx"] + name.removeprefix("cx:")) for name in classes}
    if not any(q.subject == subject and q.predicate == rdf_type and q.object in wanted
               for q in quads):  # fmt: skip
        return f"the body must type <{iri}> as one of {', '.join(classes)}"
    return None


_JSONLD_BODY = request_body("application/ld+json")

for _kind in RESOURCES:
    router.add_api_route(
        f"/{_kind}", _list(_kind), methods=["GET"], operation_id=f"{_kind}-list",
        response_class=Response,
    )  # fmt: skip
    router.add_api_route(
        f"/{_kind}", _create(_kind), methods=["POST"], operation_id=f"{_kind}-create",
        response_class=Response, responses=REFUSED, openapi_extra=_JSONLD_BODY,
    )  # fmt: skip
    router.add_api_route(
        f"/{_kind}/{{iri:path}}", _read_one(_kind), methods=["GET"],
        operation_id=f"{_kind}-read", response_class=Response,
    )  # fmt: skip
    router.add_api_route(
        f"/{_kind}/{{iri:path}}", _replace_one(_kind), methods=["PUT"],
        operation_id=f"{_kind}-replace", response_class=Response, responses=REFUSED,
        openapi_extra=_JSONLD_BODY,
    )  # fmt: skip
    router.add_api_route(
        f"/{_kind}/{{iri:path}}", _delete_one(_kind), methods=["DELETE"],
        operation_id=f"{_kind}-delete", response_class=Response, responses=REFUSED,
    )  # fmt: skip
