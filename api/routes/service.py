"""The service itself: whether it is up, and the ontology it judges with."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

import cxgraph
from api.deps import ValidatorDep
from api.models import HealthModel
from cxgraph.namespace import bind_prefixes

router = APIRouter()


@router.get("/health", operation_id="service-health", tags=["service"])
def health() -> HealthModel:
    """Say that the service is up, and which version runs."""
    return HealthModel(status="ok", version=cxgraph.__version__)


@router.get(
    "/ontology",
    operation_id="ontology-get",
    tags=["ontology"],
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}, "description": "The ontology."}},
)
def ontology(validator: ValidatorDep) -> Response:
    """Return the ontology the service validates with, as Turtle."""
    graph = validator.ontology
    turtle = "" if graph is None else bind_prefixes(graph).serialize(format="turtle")
    return Response(content=turtle, media_type="text/turtle; charset=utf-8")
