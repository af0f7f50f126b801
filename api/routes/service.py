"""The service itself: whether it is up, and the ontology it judges with."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

import cxgraph
from api import work
from api.deps import ValidatorDep
from api.models import HealthModel
from cxgraph.namespace import bind_prefixes
from cxgraph.validation import Validator

router = APIRouter()


@router.get("/health", operation_id="service-health", tags=["service"])
async def health() -> HealthModel:
    """Say that the service is up, and which version runs. Answered on the event loop,
    without waiting for a worker, so it answers while heavy requests run."""
    return HealthModel(status="ok", version=cxgraph.__version__)


@router.get(
    "/ontology",
    operation_id="ontology-get",
    tags=["ontology"],
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}, "description": "The ontology."}},
)
async def ontology(request: Request, validator: ValidatorDep) -> Response:
    """Return the ontology the service validates with, as Turtle."""
    turtle = await work.read(request, _turtle, validator)
    return Response(content=turtle, media_type="text/turtle; charset=utf-8")


def _turtle(validator: Validator) -> str:
    graph = validator.ontology
    return "" if graph is None else bind_prefixes(graph).serialize(format="turtle")
