"""The ontology's own quality gate: style shapes run over the ontology modules."""

from __future__ import annotations

from rdflib import Graph

from cxgraph.load import load_graph
from cxgraph.ontology import load_ontology
from cxgraph.report import Report
from cxgraph.resources import style_shape_file
from cxgraph.validation import Validator


def check_ontology_style(ontology: Graph | None = None) -> Report:
    """Validate the ontology (by default cxgraph's own) against `shapes/ontology-style.ttl`.

    Example:
        >>> check_ontology_style().conforms
        True
    """
    graph = load_ontology() if ontology is None else ontology
    validator = Validator(shapes=load_graph([style_shape_file()]), ontology=None)
    return validator.validate(graph)
