"""How errors become answers: a 4xx naming what was wrong with the request, a 502 or 503
saying what failed on the server's side, and for anything unexpected a 500 that carries
only the request id; the stack trace goes to the log under that id, never to the client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response

from api.middleware import REQUEST_ID
from api.protocol import problem
from cxgraph.errors import BusyError, InputError, TimeLimitError, TooLargeError
from cxgraph.store import RemoteStoreError
from cxgraph.validation.nearby import ConcurrentChange

log = logging.getLogger("cxgraph.api")

RETRY_SECONDS = 5
"""What a 503 for a busy server suggests the client wait."""


def install(application: FastAPI) -> None:
    """Register the handlers on `application`."""
    application.add_exception_handler(TooLargeError, _too_large)
    application.add_exception_handler(InputError, _bad_input)
    application.add_exception_handler(TimeLimitError, _time_limit)
    application.add_exception_handler(BusyError, _busy)
    application.add_exception_handler(RemoteStoreError, _database_unavailable)
    application.add_exception_handler(ConcurrentChange, _conflict)
    application.add_exception_handler(Exception, _internal)


def _bad_input(request: Request, error: Exception) -> Response:
    return problem(400, str(error))


def _too_large(request: Request, error: Exception) -> Response:
    return problem(413, str(error))


def _time_limit(request: Request, error: Exception) -> Response:
    return problem(503, str(error))


def _busy(request: Request, error: Exception) -> Response:
    response = problem(503, str(error))
    response.headers["retry-after"] = str(RETRY_SECONDS)
    return response


def _conflict(request: Request, error: Exception) -> Response:
    """Other clients kept changing what a write touches while it was judged: send it again."""
    return problem(409, str(error))


def _database_unavailable(request: Request, error: Exception) -> Response:
    """The remote SPARQL database failed: a gateway error, with what it said."""
    return problem(502, f"the SPARQL database failed: {error}")


def _internal(request: Request, error: Exception) -> Response:
    request_id = str(request.scope.get(REQUEST_ID, "-"))
    log.error("request %s failed: %s %s", request_id, request.method, request.url.path,
              exc_info=error)  # fmt: skip
    response = problem(500, f"internal error; the server log has it under request id {request_id}")
    response.headers["x-request-id"] = request_id
    return response
