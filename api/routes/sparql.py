"""The SPARQL 1.1 Protocol query endpoint: GET, form POST and direct POST, by Accept header."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import work
from api.deps import StoreDep
from api.protocol import body_media_type, negotiate, problem, request_body, strict_params
from cxgraph.store import GraphStore
from cxgraph.store.rdf import GRAPH_FORMATS, RESULT_FORMATS
from cxgraph.web.sparql_page import CONTENT_SECURITY_POLICY, query_page

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_ACCEPTED = [*RESULT_FORMATS, *GRAPH_FORMATS, "application/json", "application/xml", "text/xml"]


@router.get("/sparql", operation_id="sparql-query-get", response_class=Response)
async def sparql_get(
    request: Request,
    store: StoreDep,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    """Answer a SPARQL query given in the URL; a browser without a query gets a query page."""
    try:
        params = strict_params(request.url.query.encode("latin-1"))
    except ValueError as error:
        return problem(400, str(error))
    queries = params.get("query", [])
    if not queries:
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(
                query_page(), headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}
            )
        return problem(400, "missing the 'query' parameter")
    if len(queries) > 1:
        return problem(400, "give exactly one 'query' parameter")
    defaults, named = params.get("default-graph-uri"), params.get("named-graph-uri")
    return await work.read(request, _answer, store, request, queries[0], defaults, named)


@router.post(
    "/sparql", operation_id="sparql-query-post", response_class=Response,
    openapi_extra=request_body(_DIRECT, form_field="query"),
)  # fmt: skip
async def sparql_post(request: Request, store: StoreDep) -> Response:
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
                return problem(400, "give exactly one 'query' form field")
            query = queries[0]
            defaults = url_params.get("default-graph-uri", []) + form.get("default-graph-uri", [])
            named = url_params.get("named-graph-uri", []) + form.get("named-graph-uri", [])
        elif content_type == _DIRECT:
            query = (await request.body()).decode("utf-8")
            defaults = url_params.get("default-graph-uri", [])
            named = url_params.get("named-graph-uri", [])
        else:
            return problem(
                415, f"send {_FORM} or {_DIRECT}, not {content_type or 'no content type'}"
            )
    except (ValueError, UnicodeDecodeError) as error:
        return problem(400, f"the request is not valid UTF-8 form data: {error}")
    # The store works outside the event loop, so concurrent queries run side by side.
    return await work.read(request, _answer, store, request, query, defaults or None, named or None)


def _answer(
    store: GraphStore,
    request: Request,
    query: str,
    defaults: list[str] | None,
    named: list[str] | None,
) -> Response:
    media_type = _negotiate(request.headers.get("accept", ""))
    answer = store.query(
        query, media_type, default_graphs=defaults, named_graphs=named, base=_base(request)
    )
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
