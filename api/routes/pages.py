"""Pages for people: the portfolio report (`/report`) and the files the query page loads
(`/assets/...`). The query page itself is what `/sparql` answers a browser."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api import work
from api.deps import StoreDep, ValidatorDep
from api.protocol import problem
from cxgraph.store import GraphStore
from cxgraph.validation import Validator
from cxgraph.web import asset
from cxgraph.web.sparql_page import ASSETS

router = APIRouter(tags=["pages"])

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@router.get("/report", operation_id="portfolio-report", response_class=HTMLResponse)
async def report(request: Request, store: StoreDep, validator: ValidatorDep) -> Response:
    """The portfolio report of what the store holds, as `cxgraph report` writes it: one
    self-contained HTML page."""
    page = await work.read(request, _report, store, validator)
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _report(store: GraphStore, validator: Validator) -> str:
    from cxgraph.web.report_page import build_report

    return build_report(store, validator=validator, title="Portfolio report")


@router.get("/assets/{name}", operation_id="page-asset", include_in_schema=False)
async def page_asset(name: str) -> Response:
    """A script or style sheet of the query page (only the listed files)."""
    if name not in ASSETS:
        return problem(404, f"no asset {name!r}")
    media_type = _MEDIA_TYPES[name[name.rindex(".") :]]
    return Response(
        asset(ASSETS[name]), media_type=media_type,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )  # fmt: skip
