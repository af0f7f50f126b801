"""Validation: the one pipeline every caller goes through.

`Validator` judges a portfolio (files, an rdflib graph or a store) against the rule shapes
with the ontology, the rule settings and the chosen engine; `Validator.guard` judges writes
to a store the same way, small ones incrementally.
"""

from cxgraph.validation.guard import WriteGuard, WriteRefusedError
from cxgraph.validation.shapes import load_shapes, rule_ids
from cxgraph.validation.validator import (
    PROJECT_ONTOLOGY,
    Validator,
    shacl_report,
    validate_graph,
)

__all__ = [
    "PROJECT_ONTOLOGY",
    "Validator",
    "WriteGuard",
    "WriteRefusedError",
    "load_shapes",
    "rule_ids",
    "shacl_report",
    "validate_graph",
]
