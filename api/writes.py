"""SPARQL 1.1 Update at /update, guarded by the bearer token and by the rules."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.sparql import body_media_type, strict_params
from api.update_dataset import UpdateDatasetError, with_dataset
from cxgraph.errors import InputError
from cxgraph.formatters import json_format
from cxgraph.store import GraphStore
from cxgraph.store.guarded import WriteRefusedError, guarded_write

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_UPDATE = "application/sparql-update"


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
    return judged(request, lambda target: target.update(text, base)) or Response(status_code=204)


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


def judged(request: Request, write: Callable[[GraphStore], object]) -> Response | None:
    """Apply `write` to the store if the rules allow it; else the 400 or 422 to send."""
    store: GraphStore = request.app.state.store
    try:
        guarded_write(store, write, request.app.state.fail_on)
    except InputError as error:
        return Response(str(error) + "\n", 400)
    except WriteRefusedError as refused:
        return JSONResponse(_report(refused), status_code=422)
    return None


def writable_graph(request: Request) -> tuple[str | None, Response | None]:
    """The graph a Graph Store Protocol write names, or the 401/403/400 to send."""
    refusal = authorised(request)
    if refusal is not None:
        return None, refusal
    return _target(request)


def _report(refused: WriteRefusedError) -> object:
    import json

    return json.loads(json_format.render(refused.report))


def _target(request: Request) -> tuple[str | None, Response | None]:
    """The graph a Graph Store Protocol request names: `?graph=IRI` or `?default`."""
    params = request.query_params
    if "default" in params and "graph" not in params:
        return None, None
    if "graph" in params and "default" not in params:
        return params["graph"], None
    return None, Response("name exactly one of ?graph=IRI or ?default\n", 400)


@router.get("/store", operation_id="graph-store-get", tags=["graph store"], response_class=Response)
def store_get(request: Request) -> Response:
    """Read one graph, in the serialisation the Accept header asks for."""
    graph, problem = _target(request)
    if problem is not None:
        return problem
    accept = request.headers.get("accept", "text/turtle").split(",")[0].split(";")[0].strip()
    store: GraphStore = request.app.state.store
    answer = store.read_graph(graph, accept)
    if answer is None:
        return Response("no such graph\n", 404)
    return Response(answer.body, media_type=answer.media_type)


async def _store_write(request: Request, *, replace: bool) -> Response:
    graph, problem = writable_graph(request)
    if problem is not None:
        return problem
    media_type = request.headers.get("content-type", "").split(";")[0].strip()
    body = await request.body()
    store: GraphStore = request.app.state.store
    existed = graph is None or store.read_graph(graph, "application/n-triples") is not None
    write = judged(
        request, lambda target: target.write_graph(graph, body, media_type, replace=replace)
    )
    return write or Response(status_code=204 if existed else 201)


@router.put("/store", operation_id="graph-store-put", tags=["graph store"], response_class=Response)
async def store_put(request: Request) -> Response:
    """Replace a graph's content (creating it if absent); refused with 422 if it breaks rules."""
    return await _store_write(request, replace=True)


@router.post(
    "/store", operation_id="graph-store-post", tags=["graph store"], response_class=Response
)
async def store_post(request: Request) -> Response:
    """Add to a graph; refused with 422 if it breaks rules."""
    return await _store_write(request, replace=False)


@router.delete(
    "/store", operation_id="graph-store-delete", tags=["graph store"], response_class=Response
)
def store_delete(request: Request) -> Response:
    """Remove a graph (or empty the default graph); refused with 422 if it breaks rules."""
    graph, problem = writable_graph(request)
    if problem is not None:
        return problem
    store: GraphStore = request.app.state.store
    if graph is not None and store.read_graph(graph, "application/n-triples") is None:
        return Response("no such graph\n", 404)
    return judged(request, lambda target: target.drop_graph(graph)) or Response(status_code=204)
