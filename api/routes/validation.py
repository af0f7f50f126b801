"""The validating API: judge posted RDF, or what the store holds, with the server's validator
(its rules, rule settings and suppressions: the same as `cxgraph validate --config`)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from api import work
from api.deps import StoreDep, ValidatorDep, report_response
from api.models import FindingModel, ReportModel
from api.protocol import body_media_type, problem, request_body
from cxgraph.authoring import judge_yaml
from cxgraph.errors import InputError
from cxgraph.formatters import json_format
from cxgraph.safety.limits import Limits
from cxgraph.store.rdf import body_quads
from cxgraph.validation import Validator

router = APIRouter(tags=["validation"])

FORMATS = ("text/turtle", "application/ld+json", "application/n-triples", "application/yaml")
_REPORT: dict[int | str, dict[str, Any]] = {
    200: {"model": ReportModel, "description": "The validation report."}
}


@router.post(
    "/validate", operation_id="validate-post", response_class=Response, responses=_REPORT,
    openapi_extra=request_body(*FORMATS),
)  # fmt: skip
async def validate_posted(request: Request, validator: ValidatorDep) -> Response:
    """Validate the portfolio in the body (Turtle, JSON-LD, N-Triples, or YAML in the format
    of `cxgraph import`) and return the report; YAML findings name their lines."""
    media_type, refusal = body_media_type(request)
    if refusal is not None:
        return refusal
    if media_type not in FORMATS:
        return problem(415, f"send one of {', '.join(FORMATS)}")
    body = await request.body()
    limits = request.app.state.store.limits
    return await work.read(request, _judge_body, validator, body, media_type, limits)


def _judge_body(validator: Validator, body: bytes, media_type: str, limits: Limits) -> Response:
    if media_type == "application/yaml":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("<body>", "the YAML is not UTF-8 text") from None
        return report_response(json_format.render(judge_yaml(validator, text, "<body>")))
    store = ox.Store()
    store.bulk_extend(body_quads(body, media_type, None, limits))
    return report_response(json_format.render(validator.judge(store)))


@router.get("/validate", operation_id="validate-store", response_class=Response, responses=_REPORT)
async def validate_stored(request: Request, store: StoreDep, validator: ValidatorDep) -> Response:
    """Validate everything the store holds and return the report."""
    report = await work.read(request, validator.validate, store)
    return report_response(json_format.render(report))


@router.get("/mismatches", operation_id="maturity-mismatches", response_model=list[FindingModel])
async def mismatches(request: Request, store: StoreDep, validator: ValidatorDep) -> Response:
    """The current customer/provider maturity mismatches and boundary warnings."""
    report = await work.read(request, validator.validate, store)
    wanted = {"maturity-mismatch", "maturity-boundary"}
    chosen = report.with_findings(f for f in report.findings if f.rule in wanted)
    return report_response(json_format.render_findings(chosen))
