"""The cxgraph web service: a SPARQL 1.1 endpoint over a graph store, the Graph Store
Protocol, the validating API and resource routes, each route family in `api/routes/`.

`create_app` takes the store, the validator and the access settings, so `cxgraph serve` and
tests choose the store (embedded, in-memory or remote), the rules (a `cxgraph.toml`'s
settings) and who may read and write; the module-level `app` serves an empty store in a
temporary folder with the project's rules, for `uvicorn api.main:app`.

Every request gets an id, is held to the store's limits (`cxgraph.safety`), and never sees
a stack trace (`api.errors`); heavy work runs off the event loop through bounded gates
(`api.work`), so /health answers while the heaviest allowed requests run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import cxgraph
from api import errors
from api.middleware import BodyLimitMiddleware, ReadAccessMiddleware, RequestIdMiddleware
from api.routes import ingest, pages, resources, service, sparql, store, validation
from api.work import Gate
from cxgraph.report import Severity
from cxgraph.store import EmbeddedStore, GraphStore
from cxgraph.validation import Validator


def create_app(
    graph_store: GraphStore,
    *,
    validator: Validator | None = None,
    token: str | None = None,
    read_token: str | None = None,
    fail_on: Severity | None = Severity.VIOLATION,
    cors_origins: Sequence[str] = (),
    keep_derived: bool = False,
) -> FastAPI:
    """The application serving `graph_store`, judging with `validator` (the project's rules
    by default). Writes need `token` and must not add findings at or above `fail_on` (None
    accepts every write); with `read_token`, reads need it (or `token`) too. Browsers on
    `cors_origins` may call the API from their pages; no other origin may. With
    `keep_derived`, what the rules derive is kept queryable in graph urn:cxgraph:derived,
    kept current after every accepted write."""
    application = FastAPI(
        title="cxgraph",
        version=cxgraph.__version__,
        description="Knowledge graph and rule engine for customer experience and USM.",
    )
    judge = validator or Validator()
    limits = graph_store.limits
    if isinstance(graph_store, EmbeddedStore) and graph_store.directory is not None:
        # Queries then stop at their time limit (an in-memory store cannot share its data
        # with a worker process, so there they run in threads, unbounded in time).
        graph_store.isolate_queries()
    application.state.store = graph_store
    application.state.validator = judge
    application.state.token = token
    application.state.guard = judge.guard(graph_store, fail_on, keep_derived=keep_derived)
    application.state.reads = Gate("reads", limits)
    application.state.writes = Gate("writes", limits)
    errors.install(application)
    for routes in (sparql, store, validation, ingest, resources, service, pages):
        application.include_router(routes.router)
    # The last added runs first: the request id is there for every answer, even a refusal.
    if read_token:
        application.add_middleware(ReadAccessMiddleware, tokens=[read_token, token or ""])
    application.add_middleware(BodyLimitMiddleware, limit=limits.body_bytes)
    if cors_origins:
        application.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD"],
            allow_headers=["authorization", "content-type", "accept", "x-request-id"],
            expose_headers=["x-request-id", "location"],
        )
    application.add_middleware(RequestIdMiddleware)
    return application


def __getattr__(name: str) -> FastAPI:
    """`api.main:app`, made at first use (importing this module starts nothing)."""
    if name != "app":
        raise AttributeError(name)
    application = create_app(EmbeddedStore(Path(tempfile.mkdtemp(prefix="cxgraph-store-"))))
    globals()["app"] = application
    return application
