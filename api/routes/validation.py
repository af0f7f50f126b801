"""The validating API: judge posted RDF, or what the store holds."""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph

from cxgraph.formatters import json_format
from cxgraph.load import to_rdflib
from cxgraph.ontology import load_ontology
from cxgraph.store import GraphStore
from cxgraph.store.guarded import judge_store
from cxgraph.validate import load_shapes, validate_graph

router = APIRouter(tags=["validation"])

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@router.post("/validate", operation_id="validate-post")
async def validate_posted(request: Request) -> Response:
    """Validate the RDF in the body (Turtle, JSON-LD or N-Triples) and return the report."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    rdf_format = FORMATS.get(content_type)
    if rdf_format is None:
        return Response(f"send one of {', '.join(FORMATS)}\n", 415)
    graph = Graph()
    try:
        graph.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
            for q in ox.parse(await request.body(), rdf_format)
        )
    except SyntaxError as error:
        return Response(f"line {error.lineno}, column {error.offset}: {error.msg}\n", 400)
    report = validate_graph(graph, load_shapes(), ontology=load_ontology())
    return JSONResponse(json.loads(json_format.render(report)))


@router.get("/validate", operation_id="validate-store")
def validate_stored(request: Request) -> Response:
    """Validate everything the store holds and return the report."""
    store: GraphStore = request.app.state.store
    return JSONResponse(json.loads(json_format.render(judge_store(store))))
