"""SPARQL 1.1 Update at /update, guarded by the bearer token and by the rules."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from cxgraph.errors import InputError
from cxgraph.formatters import json_format
from cxgraph.store import GraphStore
from cxgraph.store.guarded import WriteRefusedError, guarded_write

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-update"


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
    """Run a SPARQL 1.1 Update (form `update=` or direct); refused with 422 if it breaks rules."""
    refusal = authorised(request)
    if refusal is not None:
        return refusal
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type == _FORM:
        text = (await request.form()).get("update")
        if not isinstance(text, str):
            return Response("missing the 'update' form field\n", 400)
    elif content_type == _DIRECT:
        text = (await request.body()).decode("utf-8")
    else:
        return Response(f"send {_FORM} or {_DIRECT}\n", 415)
    store: GraphStore = request.app.state.store
    try:
        guarded_write(store, lambda target: target.update(text), request.app.state.fail_on)
    except InputError as error:
        return Response(error.message + "\n", 400)
    except WriteRefusedError as refused:
        return JSONResponse(_report(refused), status_code=422)
    return Response(status_code=204)


def _report(refused: WriteRefusedError) -> object:
    import json

    return json.loads(json_format.render(refused.report))
