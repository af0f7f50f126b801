"""The cxgraph web service: a SPARQL 1.1 endpoint over a graph store, the ontology, health.

`create_app` takes the store, so tests and `cxgraph serve` choose embedded, in-memory or
remote stores; the module-level `app` serves an in-memory store for `uvicorn api.main:app`.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

import cxgraph
from api import resources, sparql, validation, writes
from cxgraph.ontology import load_ontology
from cxgraph.report import Severity
from cxgraph.store import EmbeddedStore, GraphStore, RemoteStoreError
from cxgraph.store.guarded import WriteGuard


def create_app(
    store: GraphStore, *, token: str | None = None, fail_on: Severity | None = Severity.VIOLATION
) -> FastAPI:
    """The application, serving `store`; writes need `token` and must not add findings at or
    above `fail_on` (None accepts every write)."""
    application = FastAPI(
        title="cxgraph",
        version=cxgraph.__version__,
        description="Knowledge graph and rule engine for customer experience and USM.",
    )
    application.state.store = store
    application.state.token = token
    application.state.fail_on = fail_on
    application.state.guard = WriteGuard(store, fail_on)
    application.add_exception_handler(RemoteStoreError, _database_unavailable)
    application.include_router(sparql.router)
    application.include_router(writes.router)
    application.include_router(validation.router)
    application.include_router(resources.router)
    application.add_api_route(
        "/health", health, methods=["GET"], operation_id="service-health", tags=["service"]
    )
    application.add_api_route(
        "/ontology",
        ontology,
        methods=["GET"],
        operation_id="ontology-get",
        tags=["ontology"],
        response_class=Response,
        responses={200: {"content": {"text/turtle": {}}}},
    )
    return application


def _database_unavailable(request: Request, error: Exception) -> Response:
    """The remote SPARQL database failed: a gateway error, with what it said."""
    return PlainTextResponse(f"the SPARQL database failed: {error}", status_code=502)


def health() -> dict[str, str]:
    """Say that the service is up, and which version runs."""
    return {"status": "ok", "version": cxgraph.__version__}


def ontology() -> Response:
    """Return the whole cxgraph ontology as Turtle."""
    turtle = load_ontology().serialize(format="turtle")
    return Response(content=turtle, media_type="text/turtle; charset=utf-8")


app = create_app(EmbeddedStore())
