"""SPARQL 1.1 Update at /update and the Graph Store HTTP Protocol at /store, both guarded by
the bearer token and by the rules.

/store names a graph indirectly, `/store?graph=IRI` or `/store?default`, or directly: a
request to `/store/<path>` acts on the graph whose IRI is that request's own URL, as sent
(percent-encoding kept). A POST to `/store` itself creates a graph with such a URL and
answers 201 with it in `Location`, so the new graph can be reached either way.
"""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from api import work
from api.deps import apply_write, write_refusal
from api.models import ReportModel
from api.protocol import body_media_type, negotiate, problem, request_body, strict_params
from api.update_dataset import UpdateDatasetError, with_dataset
from cxgraph.store import GraphStore
from cxgraph.store.rdf import GRAPH_FORMATS
from cxgraph.store.writes import DropGraph, PutGraph, SparqlUpdate, Write
from cxgraph.terms import InvalidIriError, sparql_iri

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_UPDATE = "application/sparql-update"
_MULTIPART = "multipart/form-data"
_STORE = "/store"
_GRAPH_URL = "/store/{path:path}"

REFUSED: dict[int | str, dict[str, object]] = {
    422: {"model": ReportModel, "description": "Refused: the findings the write would add."}
}
"""The answer of a write the rules refuse, for the OpenAPI description."""
RDF_BODY = request_body(*GRAPH_FORMATS)
"""A body of RDF, in any syntax the store reads."""

# A graph's identification, or the response that refuses the request instead.
Target = tuple[str | None, Response | None]
# RDF payloads of a write, each with its media type.
Payloads = list[tuple[bytes, str]]


@router.post(
    "/update", operation_id="sparql-update", response_class=Response, responses=REFUSED,
    openapi_extra=request_body(_UPDATE, form_field="update"),
)  # fmt: skip
async def update(request: Request) -> Response:
    """Run a SPARQL 1.1 Update (form `update=` or direct), over the dataset that
    `using-graph-uri` / `using-named-graph-uri` give; refused with 422 if it breaks rules."""
    refusal = write_refusal(request)
    if refusal is not None:
        return refusal
    parsed = await _update_request(request)
    if isinstance(parsed, Response):
        return parsed
    text, params = parsed
    try:
        text = with_dataset(
            text, params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
        )
    except UpdateDatasetError as error:
        return problem(400, f"{error}")
    base = str(request.url).split("?", 1)[0]
    return await judged(request, SparqlUpdate(text, base)) or Response(status_code=204)


async def _update_request(request: Request) -> tuple[str, dict[str, list[str]]] | Response:
    """The update text and the protocol parameters (URL, and form fields for a form POST),
    or the 400 or 415 to send."""
    content_type, refusal = body_media_type(request)
    if refusal is not None:
        return refusal
    try:
        params = strict_params(request.url.query.encode("latin-1"))
        if content_type == _FORM:
            form = strict_params(await request.body())
            updates = form.pop("update", [])
            if len(updates) != 1:
                return problem(400, "give exactly one 'update' form field")
            for name, values in form.items():
                params[name] = params.get(name, []) + values
            return updates[0], params
        if content_type == _UPDATE:
            return (await request.body()).decode("utf-8"), params
    except (ValueError, UnicodeDecodeError) as error:
        return problem(400, f"the request is not valid UTF-8: {error}")
    return problem(415, f"send {_FORM} or {_UPDATE}")


async def judged(request: Request, write: Write) -> Response | None:
    """Apply `write` through the validator's guard, off the event loop; else the 422 (with
    the report of the findings it would add) to send."""
    return await work.write(request, apply_write, request.app.state.guard, write)


def _indirect(request: Request) -> Target:
    """The graph `?graph=IRI` or `?default` names (percent-decoded once, as the URL query)."""
    params = request.query_params
    named = params.getlist("graph")
    if "default" in params and not named:
        return None, None
    if len(named) == 1 and "default" not in params:
        try:
            sparql_iri(named[0])
        except InvalidIriError:
            return None, problem(400, f"?graph must be an absolute IRI, not {named[0]!r}")
        return named[0], None
    return None, problem(400, "name exactly one of ?graph=IRI or ?default")


def _direct(request: Request) -> Target:
    """The graph a `/store/<path>` URL names: the URL itself."""
    params = request.query_params
    if not request.path_params.get("path"):
        return None, problem(400, "name a graph: /store/<path>, ?graph=IRI or ?default")
    if "graph" in params or "default" in params:
        return None, problem(400, "a graph's own URL takes neither ?graph nor ?default")
    query = request.url.query
    return _own_url(request) + (f"?{query}" if query else ""), None


def _own_url(request: Request) -> str:
    """The request URL without its query, with the path as the client sent it (Starlette's
    `request.url` has it percent-decoded, which would make IRIs with spaces)."""
    raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
    return f"{request.url.scheme}://{request.url.netloc}{raw_path.decode('latin-1')}"


def _exists(store: GraphStore, graph: str | None) -> bool:
    return graph is None or store.has_graph(graph)


async def _read(request: Request, target: Target) -> Response:
    """A graph in the serialisation the Accept header asks for, or 404 if it is absent."""
    graph, refusal = target
    if refusal is not None:
        return refusal
    accept = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, "text/turtle")
    store: GraphStore = request.app.state.store
    answer = await work.read(request, store.read_graph, graph, accept)
    if answer is None:
        return problem(404, "no such graph")
    # For HEAD the server sends these headers and drops the body.
    return Response(answer.body, media_type=answer.media_type)


async def _payloads(request: Request) -> tuple[Payloads, Response | None]:
    """The RDF a PUT or POST carries: its body, or each part of a multipart/form-data body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != _MULTIPART:
        if media_type not in GRAPH_FORMATS:
            return [], _unsupported(media_type)
        return [(await request.body(), media_type)], None
    payloads: Payloads = []
    async with request.form() as form:
        for name, part in form.multi_items():
            # Starlette keeps a part's Content-Type only for parts sent as files.
            if isinstance(part, str):
                message = f"part {name!r} must be sent as a file, with its Content-Type\n"
                return [], Response(message, 400)
            kind = (part.content_type or "").split(";")[0].strip().lower()
            if kind not in GRAPH_FORMATS:
                return [], _unsupported(kind)
            payloads.append((await part.read(), kind))
    if not payloads:
        return [], problem(400, "the multipart body has no part")
    return payloads, None


def _unsupported(media_type: str) -> Response:
    offered = ", ".join(GRAPH_FORMATS)
    return problem(415, f"unsupported media type {media_type!r}; send one of {offered}")


async def _write(request: Request, target: Target, *, replace: bool) -> Response:
    """Replace (PUT) or add to (POST) a graph: 201 if it was created, else 204."""
    refusal = write_refusal(request)
    if refusal is not None:
        return refusal
    graph, refusal = target
    if refusal is not None:
        return refusal
    payloads, refusal = await _payloads(request)
    if refusal is not None:
        return refusal
    store: GraphStore = request.app.state.store
    existed = await work.read(request, _exists, store, graph)
    write = PutGraph(graph, tuple(payloads), replace)
    return await judged(request, write) or Response(status_code=204 if existed else 201)


async def _create(request: Request) -> Response:
    """A POST to the graph store itself: a new graph at a fresh URL under /store."""
    iri = f"{_own_url(request).rstrip('/')}/{uuid.uuid4().hex}"
    response = await _write(request, (iri, None), replace=False)
    if response.status_code == 201:
        response.headers["location"] = iri
    return response


async def _delete(request: Request, target: Target) -> Response:
    """Remove a graph (or empty the default graph); 404 if a named graph is absent."""
    refusal = write_refusal(request)
    if refusal is not None:
        return refusal
    graph, refusal = target
    if refusal is not None:
        return refusal
    store: GraphStore = request.app.state.store
    if not await work.read(request, _exists, store, graph):
        return problem(404, "no such graph")
    return await judged(request, DropGraph(graph)) or Response(status_code=204)


_TAGS: list[str | Enum] = ["graph store"]
GraphPath = Annotated[
    str,
    PathParam(description="The rest of the graph's URL: the graph is named by the request URL."),
]


@router.get(_STORE, operation_id="graph-store-get", tags=_TAGS, response_class=Response)
async def store_get(request: Request) -> Response:
    """Read the graph `?graph=IRI` or `?default` names."""
    return await _read(request, _indirect(request))


@router.head(_STORE, operation_id="graph-store-head", tags=_TAGS, response_class=Response)
async def store_head(request: Request) -> Response:
    """Whether the graph `?graph=IRI` or `?default` names exists, and its media type."""
    return await _read(request, _indirect(request))


@router.put(
    _STORE,
    operation_id="graph-store-put",
    tags=_TAGS,
    response_class=Response,
    responses=REFUSED,
    openapi_extra=RDF_BODY,
)
async def store_put(request: Request) -> Response:
    """Replace a graph's content (creating it if absent); refused with 422 if it breaks rules."""
    return await _write(request, _indirect(request), replace=True)


@router.post(
    _STORE,
    operation_id="graph-store-post",
    tags=_TAGS,
    response_class=Response,
    responses=REFUSED,
    openapi_extra=RDF_BODY,
)
async def store_post(request: Request) -> Response:
    """Add to a graph; without ?graph or ?default, create a new graph (201 and `Location`).
    Refused with 422 if it breaks rules."""
    if "graph" not in request.query_params and "default" not in request.query_params:
        return await _create(request)
    return await _write(request, _indirect(request), replace=False)


@router.delete(
    _STORE,
    operation_id="graph-store-delete",
    tags=_TAGS,
    response_class=Response,
    responses=REFUSED,
)
async def store_delete(request: Request) -> Response:
    """Remove a graph (or empty the default graph); refused with 422 if it breaks rules."""
    return await _delete(request, _indirect(request))


@router.get(_GRAPH_URL, operation_id="graph-get", tags=_TAGS, response_class=Response)
async def graph_get(request: Request, path: GraphPath) -> Response:
    """Read the graph named by this URL."""
    return await _read(request, _direct(request))


@router.head(_GRAPH_URL, operation_id="graph-head", tags=_TAGS, response_class=Response)
async def graph_head(request: Request, path: GraphPath) -> Response:
    """Whether the graph named by this URL exists, and its media type."""
    return await _read(request, _direct(request))


@router.put(
    _GRAPH_URL,
    operation_id="graph-put",
    tags=_TAGS,
    response_class=Response,
    responses=REFUSED,
    openapi_extra=RDF_BODY,
)
async def graph_put(request: Request, path: GraphPath) -> Response:
    """Replace the content of the graph named by this URL (creating it if absent)."""
    return await _write(request, _direct(request), replace=True)


@router.post(
    _GRAPH_URL,
    operation_id="graph-post",
    tags=_TAGS,
    response_class=Response,
    responses=REFUSED,
    openapi_extra=RDF_BODY,
)
async def graph_post(request: Request, path: GraphPath) -> Response:
    """Add to the graph named by this URL (creating it if absent)."""
    return await _write(request, _direct(request), replace=False)


@router.delete(
    _GRAPH_URL, operation_id="graph-delete", tags=_TAGS, response_class=Response, responses=REFUSED
)
async def graph_delete(request: Request, path: GraphPath) -> Response:
    """Remove the graph named by this URL."""
    return await _delete(request, _direct(request))
