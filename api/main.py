"""The cxgraph web service: the ontology and service health for now.

The SPARQL endpoint and the validating API build on this app.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import Response

import cxgraph
from cxgraph.ontology import load_ontology

app = FastAPI(
    title="cxgraph",
    version=cxgraph.__version__,
    description="Knowledge graph and rule engine for customer experience and USM.",
)


@app.get("/health", operation_id="service-health", tags=["service"])
def health() -> dict[str, str]:
    """Say that the service is up, and which version runs."""
    return {"status": "ok", "version": cxgraph.__version__}


@app.get(
    "/ontology",
    operation_id="ontology-get",
    tags=["ontology"],
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}}},
)
def ontology() -> Response:
    """Return the whole cxgraph ontology as Turtle."""
    turtle = load_ontology().serialize(format="turtle")
    return Response(content=turtle, media_type="text/turtle; charset=utf-8")
