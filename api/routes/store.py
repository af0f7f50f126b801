"""SPARQL 1.1 Update at /update and the Graph Store HTTP Protocol at /store, both guarded by
the bearer token and by the rules.

/store names a graph indirectly, `/store?graph=IRI` or `/store?default`, or directly: a
request to `/store/<path>` acts on the graph whose IRI is that request's own URL, as sent
(percent-encoding kept). A POST to `/store` itself creates a graph with such a URL and
answers 201 with it in `Location`, so the new graph can be reached either way.
"""

from __future__ import annotations

import hmac
import json
import uuid
from enum import Enum

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.sparql import body_media_type, negotiate, strict_params
from api.update_dataset import UpdateDatasetError, is_absolute_iri, with_dataset
from cxgraph.errors import InputError
from cxgraph.formatters import json_format
from cxgraph.store import GraphStore
from cxgraph.store.guarded import WriteGuard, WriteRefusedError
from cxgraph.store.rdf import GRAPH_FORMATS
from cxgraph.store.writes import DropGraph, PutGraph, SparqlUpdate, Write

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_UPDATE = "application/sparql-update"
_MULTIPART = "multipart/form-data"
_STORE = "/store"
_GRAPH_URL = "/store/{path:path}"

# A graph's identification, or the response that refuses the request instead.
Target = tuple[str | None, Response | None]
# RDF payloads of a write, each with its media type.
Payloads = list[tuple[bytes, str]]


def authorised(request: Request) -> Response | None:
    """None when the request may write; otherwise the 401 or 403 to send."""
    token: str | None = request.app.state.token
    if not token:
        return Response("this server is read-only: start it with CXGRAPH_TOKEN set\n", 403)
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response(
            "a write needs 'Authorization: Bearer <token>'\n",
            401,
            headers={"WWW-Authenticate": 'Bearer realm="cxgraph"'},
        )
    return None


@router.post("/update", operation_id="sparql-update", response_class=Response)
async def update(request: Request) -> Response:
    """Run a SPARQL 1.1 Update (form `update=` or direct), over the dataset that
    `using-graph-uri` / `using-named-graph-uri` give; refused with 422 if it breaks rules."""
    refusal = authorised(request)
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
        return Response(f"{error}\n", 400)
    base = str(request.url).split("?", 1)[0]
    return judged(request, SparqlUpdate(text, base)) or Response(status_code=204)


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
                return Response("give exactly one 'update' form field\n", 400)
            for name, values in form.items():
                params[name] = params.get(name, []) + values
            return updates[0], params
        if content_type == _UPDATE:
            return (await request.body()).decode("utf-8"), params
    except (ValueError, UnicodeDecodeError) as error:
        return Response(f"the request is not valid UTF-8: {error}\n", 400)
    return Response(f"send {_FORM} or {_UPDATE}\n", 415)


def judged(request: Request, write: Write) -> Response | None:
    """Apply `write` to the store if the rules allow it; else the 400 or 422 to send."""
    guard: WriteGuard = request.app.state.guard
    try:
        guard.write(write)
    except InputError as error:
        return Response(str(error) + "\n", 400)
    except WriteRefusedError as refused:
        return JSONResponse(_report(refused), status_code=422)
    return None


def _report(refused: WriteRefusedError) -> object:
    return json.loads(json_format.render(refused.report))


def _indirect(request: Request) -> Target:
    """The graph `?graph=IRI` or `?default` names (percent-decoded once, as the URL query)."""
    params = request.query_params
    named = params.getlist("graph")
    if "default" in params and not named:
        return None, None
    if len(named) == 1 and "default" not in params:
        if not is_absolute_iri(named[0]):
            return None, Response(f"?graph must be an absolute IRI, not {named[0]!r}\n", 400)
        return named[0], None
    return None, Response("name exactly one of ?graph=IRI or ?default\n", 400)


def _direct(request: Request) -> Target:
    """The graph a `/store/<path>` URL names: the URL itself."""
    params = request.query_params
    if not request.path_params.get("path"):
        return None, Response("name a graph: /store/<path>, ?graph=IRI or ?default\n", 400)
    if "graph" in params or "default" in params:
        return None, Response("a graph's own URL takes neither ?graph nor ?default\n", 400)
    query = request.url.query
    return _own_url(request) + (f"?{query}" if query else ""), None


def _own_url(request: Request) -> str:
    """The request URL without its query, with the path as the client sent it (Starlette's
    `request.url` has it percent-decoded, which would make IRIs with spaces)."""
    raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
    return f"{request.url.scheme}://{request.url.netloc}{raw_path.decode('latin-1')}"


def _exists(store: GraphStore, graph: str | None) -> bool:
    return graph is None or store.has_graph(graph)


def _read(request: Request, target: Target) -> Response:
    """A graph in the serialisation the Accept header asks for, or 404 if it is absent."""
    graph, problem = target
    if problem is not None:
        return problem
    accept = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, "text/turtle")
    store: GraphStore = request.app.state.store
    answer = store.read_graph(graph, accept)
    if answer is None:
        return Response("no such graph\n", 404)
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
        return [], Response("the multipart body has no part\n", 400)
    return payloads, None


def _unsupported(media_type: str) -> Response:
    offered = ", ".join(GRAPH_FORMATS)
    return Response(f"unsupported media type {media_type!r}; send one of {offered}\n", 415)


async def _write(request: Request, target: Target, *, replace: bool) -> Response:
    """Replace (PUT) or add to (POST) a graph: 201 if it was created, else 204."""
    refusal = authorised(request)
    if refusal is not None:
        return refusal
    graph, problem = target
    if problem is not None:
        return problem
    payloads, problem = await _payloads(request)
    if problem is not None:
        return problem
    store: GraphStore = request.app.state.store
    existed = _exists(store, graph)
    write = PutGraph(graph, tuple(payloads), replace)
    return judged(request, write) or Response(status_code=204 if existed else 201)


async def _create(request: Request) -> Response:
    """A POST to the graph store itself: a new graph at a fresh URL under /store."""
    iri = f"{_own_url(request).rstrip('/')}/{uuid.uuid4().hex}"
    response = await _write(request, (iri, None), replace=False)
    if response.status_code == 201:
        response.headers["location"] = iri
    return response


def _delete(request: Request, target: Target) -> Response:
    """Remove a graph (or empty the default graph); 404 if a named graph is absent."""
    refusal = authorised(request)
    if refusal is not None:
        return refusal
    graph, problem = target
    if problem is not None:
        return problem
    store: GraphStore = request.app.state.store
    if not _exists(store, graph):
        return Response("no such graph\n", 404)
    return judged(request, DropGraph(graph)) or Response(status_code=204)


_TAGS: list[str | Enum] = ["graph store"]


@router.get(_STORE, operation_id="graph-store-get", tags=_TAGS, response_class=Response)
def store_get(request: Request) -> Response:
    """Read the graph `?graph=IRI` or `?default` names."""
    return _read(request, _indirect(request))


@router.head(_STORE, operation_id="graph-store-head", tags=_TAGS, response_class=Response)
def store_head(request: Request) -> Response:
    """Whether the graph `?graph=IRI` or `?default` names exists, and its media type."""
    return _read(request, _indirect(request))


@router.put(_STORE, operation_id="graph-store-put", tags=_TAGS, response_class=Response)
async def store_put(request: Request) -> Response:
    """Replace a graph's content (creating it if absent); refused with 422 if it breaks rules."""
    return await _write(request, _indirect(request), replace=True)


@router.post(_STORE, operation_id="graph-store-post", tags=_TAGS, response_class=Response)
async def store_post(request: Request) -> Response:
    """Add to a graph; without ?graph or ?default, create a new graph (201 and `Location`).
    Refused with 422 if it breaks rules."""
    if "graph" not in request.query_params and "default" not in request.query_params:
        return await _create(request)
    return await _write(request, _indirect(request), replace=False)


@router.delete(_STORE, operation_id="graph-store-delete", tags=_TAGS, response_class=Response)
def store_delete(request: Request) -> Response:
    """Remove a graph (or empty the default graph); refused with 422 if it breaks rules."""
    return _delete(request, _indirect(request))


@router.get(_GRAPH_URL, operation_id="graph-get", tags=_TAGS, response_class=Response)
def graph_get(request: Request) -> Response:
    """Read the graph named by this URL."""
    return _read(request, _direct(request))


@router.head(_GRAPH_URL, operation_id="graph-head", tags=_TAGS, response_class=Response)
def graph_head(request: Request) -> Response:
    """Whether the graph named by this URL exists, and its media type."""
    return _read(request, _direct(request))


@router.put(_GRAPH_URL, operation_id="graph-put", tags=_TAGS, response_class=Response)
async def graph_put(request: Request) -> Response:
    """Replace the content of the graph named by this URL (creating it if absent)."""
    return await _write(request, _direct(request), replace=True)


@router.post(_GRAPH_URL, operation_id="graph-post", tags=_TAGS, response_class=Response)
async def graph_post(request: Request) -> Response:
    """Add to the graph named by this URL (creating it if absent)."""
    return await _write(request, _direct(request), replace=False)


@router.delete(_GRAPH_URL, operation_id="graph-delete", tags=_TAGS, response_class=Response)
def graph_delete(request: Request) -> Response:
    """Remove the graph named by this URL."""
    return _delete(request, _direct(request))
