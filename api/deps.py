"""What the routes share: the store, the validator and its write guard, and write access."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from api.protocol import problem
from cxgraph.formatters import json_format
from cxgraph.store import GraphStore
from cxgraph.store.writes import Write
from cxgraph.validation import Validator, WriteGuard, WriteRefusedError


def _store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def _validator(request: Request) -> Validator:
    validator: Validator = request.app.state.validator
    return validator


def _guard(request: Request) -> WriteGuard:
    guard: WriteGuard = request.app.state.guard
    return guard


StoreDep = Annotated[GraphStore, Depends(_store)]
"""The store the service serves."""
ValidatorDep = Annotated[Validator, Depends(_validator)]
"""The validator every route judges with: the server's rules, settings and suppressions."""
GuardDep = Annotated[WriteGuard, Depends(_guard)]
"""The validator's guard on writes to the store."""


def write_refusal(request: Request) -> Response | None:
    """None when the request may write; otherwise the 401 or 403 to send."""
    token: str | None = request.app.state.token
    if not token:
        return problem(403, "this server is read-only: start it with CXGRAPH_TOKEN set")
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = problem(401, "a write needs 'Authorization: Bearer <token>'")
        response.headers["WWW-Authenticate"] = 'Bearer realm="cxgraph"'
        return response
    return None


def report_response(document: str, status: int = 200) -> Response:
    """A report already rendered as the JSON report format."""
    return Response(document, status_code=status, media_type="application/json")


def apply_write(guard: WriteGuard, write: Write) -> Response | None:
    """Apply `write` if the rules allow it; else the 422 (with the report) to send. Bad
    input raises, for the error handlers to answer (400, 413)."""
    try:
        guard.write(write)
    except WriteRefusedError as refused:
        return report_response(json_format.render(refused.report), 422)
    return None
