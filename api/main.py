"""The cxgraph web service: a SPARQL 1.1 endpoint over a graph store, the Graph Store
Protocol, the validating API and resource routes, each route family in `api/routes/`.

`create_app` takes the store and the validator, so `cxgraph serve` and tests choose the store
(embedded, in-memory or remote) and the rules (a `cxgraph.toml`'s settings); the module-level
`app` serves an in-memory store with the project's rules, for `uvicorn api.main:app`.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

import cxgraph
from api.protocol import problem
from api.routes import resources, service, sparql, store, validation
from cxgraph.report import Severity
from cxgraph.store import EmbeddedStore, GraphStore, RemoteStoreError
from cxgraph.validation import Validator


def create_app(
    graph_store: GraphStore,
    *,
    validator: Validator | None = None,
    token: str | None = None,
    fail_on: Severity | None = Severity.VIOLATION,
) -> FastAPI:
    """The application serving `graph_store`, judging with `validator` (the project's rules
    by default); writes need `token` and must not add findings at or above `fail_on` (None
    accepts every write)."""
    application = FastAPI(
        title="cxgraph",
        version=cxgraph.__version__,
        description="Knowledge graph and rule engine for customer experience and USM.",
    )
    judge = validator or Validator()
    application.state.store = graph_store
    application.state.validator = judge
    application.state.token = token
    application.state.guard = judge.guard(graph_store, fail_on)
    application.add_exception_handler(RemoteStoreError, _database_unavailable)
    for routes in (sparql, store, validation, resources, service):
        application.include_router(routes.router)
    return application


def _database_unavailable(request: Request, error: Exception) -> Response:
    """The remote SPARQL database failed: a gateway error, with what it said."""
    return problem(502, f"the SPARQL database failed: {error}")


app = create_app(EmbeddedStore())
