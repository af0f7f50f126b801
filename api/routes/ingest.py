"""Survey responses and measurements as CSV, under the write token: the same checks and the
same load as `cxgraph ingest` (a bad row, named by line and column, loads nothing).

Rows are not judged by the write guard: measurement data is what the rules judge
afterwards (GET /validate), and judging a million responses per request would hold the
write gate for minutes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api import work
from api.deps import StoreDep, write_refusal
from api.protocol import body_media_type, problem, request_body
from cxgraph.ingest import KINDS, Ingested, ingest
from cxgraph.store import GraphStore

router = APIRouter(tags=["measurement"])


@router.post("/ingest", operation_id="ingest-rows", openapi_extra=request_body("text/csv"))
async def ingest_rows(
    request: Request,
    store: StoreDep,
    kind: Annotated[str, Query(description="responses or measurements")] = "responses",
    survey: Annotated[str | None, Query(description="The survey responses answer.")] = None,
    base: Annotated[str, Query(description="Base IRI of ids in the rows.")] = (
        "urn:cxgraph:portfolio:"
    ),
) -> Response:
    """Load CSV rows of survey responses or measurements; answers how many rows and triples."""
    refusal = write_refusal(request)
    if refusal is not None:
        return refusal
    if kind not in KINDS:
        return problem(400, f"kind must be one of {', '.join(KINDS)}")
    media_type, refused = body_media_type(request)
    if refused is not None:
        return refused
    if media_type != "text/csv":
        return problem(415, "send the rows as text/csv")
    body = await request.body()
    done = await work.write(request, _ingest, store, body, kind, survey, base)
    return JSONResponse({"rows": done.rows, "triples": done.triples})


def _ingest(store: GraphStore, body: bytes, kind: str, survey: str | None, base: str) -> Ingested:
    with tempfile.TemporaryDirectory(prefix="cxgraph-ingest-") as folder:
        rows = Path(folder) / "body.csv"
        rows.write_bytes(body)
        return ingest(rows, store, kind=kind, base=base, survey=survey, source="<body>")
