"""Validation: the one pipeline every caller goes through.

`Validator` judges a portfolio (files, an rdflib graph or a store) against the rule shapes
with the ontology, the rule settings and the chosen engine; `Validator.guard` judges writes
to a store the same way, small ones incrementally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgraph.lazy import lazy_exports

if TYPE_CHECKING:
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

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "PROJECT_ONTOLOGY": "cxgraph.validation.validator",
        "Validator": "cxgraph.validation.validator",
        "WriteGuard": "cxgraph.validation.guard",
        "WriteRefusedError": "cxgraph.validation.guard",
        "load_shapes": "cxgraph.validation.shapes",
        "rule_ids": "cxgraph.validation.shapes",
        "shacl_report": "cxgraph.validation.validator",
        "validate_graph": "cxgraph.validation.validator",
    },
)
