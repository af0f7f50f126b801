"""cxgraph: a knowledge graph and rule engine for customer experience and USM.

The public API: load portfolios and the ontology, validate, reason.
"""

from __future__ import annotations

from cxgraph.errors import CxgraphError, InputError, ReasonerUnavailableError
from cxgraph.load import load_graph
from cxgraph.namespace import CX, CXS
from cxgraph.ontology import load_ontology
from cxgraph.reasoning import ReasonerResult, check_owl_dl, check_owl_rl
from cxgraph.report import Finding, Report, Severity
from cxgraph.style import check_ontology_style
from cxgraph.validate import load_shapes, validate_graph

__version__ = "0.1.0"

__all__ = [
    "CX",
    "CXS",
    "CxgraphError",
    "Finding",
    "InputError",
    "ReasonerResult",
    "ReasonerUnavailableError",
    "Report",
    "Severity",
    "__version__",
    "check_ontology_style",
    "check_owl_dl",
    "check_owl_rl",
    "load_graph",
    "load_ontology",
    "load_shapes",
    "validate_graph",
]
