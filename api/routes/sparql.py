"""The SPARQL 1.1 Protocol query endpoint: GET, form POST and direct POST, by Accept header."""

from __future__ import annotations

import html
from collections.abc import Collection
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from cxgraph.errors import InputError
from cxgraph.store import GraphStore
from cxgraph.store.rdf import GRAPH_FORMATS, RESULT_FORMATS

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_ACCEPTED = [*RESULT_FORMATS, *GRAPH_FORMATS, "application/json", "application/xml", "text/xml"]


def store_of(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


@router.get("/sparql", operation_id="sparql-query-get", response_class=Response)
def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    """Answer a SPARQL query given in the URL; a browser without a query gets a query page."""
    try:
        params = strict_params(request.url.query.encode("latin-1"))
    except ValueError as error:
        return _problem(400, str(error))
    queries = params.get("query", [])
    if not queries:
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(_QUERY_PAGE)
        return _problem(400, "missing the 'query' parameter")
    if len(queries) > 1:
        return _problem(400, "give exactly one 'query' parameter")
    return _answer(
        request, queries[0], params.get("default-graph-uri"), params.get("named-graph-uri")
    )


@router.post("/sparql", operation_id="sparql-query-post", response_class=Response)
async def sparql_post(request: Request) -> Response:
    """Answer a SPARQL query sent as a form (`query=`) or directly (`application/sparql-query`)."""
    content_type, refusal = body_media_type(request)
    if refusal is not None:
        return refusal
    try:
        url_params = strict_params(request.url.query.encode("latin-1"))
        if content_type == _FORM:
            form = strict_params(await request.body())
            queries = form.get("query", [])
            if len(queries) != 1:
                return _problem(400, "give exactly one 'query' form field")
            query = queries[0]
            defaults = url_params.get("default-graph-uri", []) + form.get("default-graph-uri", [])
            named = url_params.get("named-graph-uri", []) + form.get("named-graph-uri", [])
        elif content_type == _DIRECT:
            query = (await request.body()).decode("utf-8")
            defaults = url_params.get("default-graph-uri", [])
            named = url_params.get("named-graph-uri", [])
        else:
            return _problem(
                415, f"send {_FORM} or {_DIRECT}, not {content_type or 'no content type'}"
            )
    except (ValueError, UnicodeDecodeError) as error:
        return _problem(400, f"the request is not valid UTF-8 form data: {error}")
    # The store works outside the event loop, so concurrent queries run side by side.
    return await run_in_threadpool(_answer, request, query, defaults or None, named or None)


def body_media_type(request: Request) -> tuple[str, Response | None]:
    """The request body's media type, or the 400 to send when its charset is not UTF-8."""
    header = request.headers.get("content-type", "")
    charset = header.lower().partition("charset=")[2].strip().strip('"')
    if charset and charset not in {"utf-8", "utf8"}:
        return "", _problem(400, f"the protocol carries UTF-8 only, not {charset}")
    return header.split(";")[0].strip(), None


def strict_params(raw: bytes) -> dict[str, list[str]]:
    """Parse URL-encoded parameters, refusing anything that is not UTF-8."""
    try:
        return parse_qs(
            raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError as error:
        raise ValueError(f"parameters are not valid UTF-8: {error.reason}") from None


def _answer(
    request: Request, query: str, defaults: list[str] | None, named: list[str] | None
) -> Response:
    media_type = _negotiate(request.headers.get("accept", ""))
    try:
        answer = store_of(request).query(
            query, media_type, default_graphs=defaults, named_graphs=named, base=_base(request)
        )
    except InputError as error:
        return _problem(400, error.message)
    return Response(answer.body, media_type=answer.media_type)


def _base(request: Request) -> str:
    """Relative IRIs in a query or update resolve against the endpoint's own URL."""
    return str(request.url).split("?", 1)[0]


_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}


def _negotiate(accept: str) -> str:
    """The media type of a query answer, by the client's Accept header."""
    offered = {*RESULT_FORMATS, *GRAPH_FORMATS}
    return negotiate(accept, offered, "application/sparql-results+json", _ALIASES)


def negotiate(
    accept: str, offered: Collection[str], fallback: str, aliases: dict[str, str] | None = None
) -> str:
    """The first offered media type by the client's q-values (ties: the client's order)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, fields[0].lower()))
    for _, _, media_type in sorted(ranked):
        media_type = (aliases or {}).get(media_type, media_type)
        if media_type in offered:
            return media_type
    return fallback


def _problem(status: int, message: str) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


_EXAMPLE_QUERY = "PREFIX cx: <https://w3id.org/cxgraph#>\nSELECT ?service WHERE { ?service a cx:Service } LIMIT 25"
_QUERY_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cxgraph SPARQL</title></head>
<body><h1>cxgraph SPARQL endpoint</h1>
<form method="get" action="/sparql">
<textarea name="query" rows="12" cols="80">{html.escape(_EXAMPLE_QUERY)}</textarea>
<p><button type="submit">Run</button></p></form></body></html>
"""
