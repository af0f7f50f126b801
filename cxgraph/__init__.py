"""cxgraph: a knowledge graph and rule engine for customer experience and USM.

The public API (each name imported on first use, so importing `cxgraph` is cheap): load portfolios and the ontology, validate them with a `Validator` (the
same one the command line and the web service use), write reports, reason.

Example:
    >>> from cxgraph import OutputFormat, Validator, render
    >>> validator = Validator()
    >>> report = validator.validate("examples/portfolio")
    >>> '"version": "2.1.0"' in render(report, OutputFormat.SARIF, validator.catalog)
    True
"""

from __future__ import annotations

import typing

from cxgraph.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from cxgraph.engine.modes import Engine
    from cxgraph.errors import CxgraphError, InputError, ReasonerUnavailableError
    from cxgraph.formatters import OutputFormat, render
    from cxgraph.load import load_graph
    from cxgraph.namespace import CX, CXS
    from cxgraph.ontology import load_ontology
    from cxgraph.reasoning import ReasonerResult, check_owl_dl, check_owl_rl
    from cxgraph.report import Finding, Report
    from cxgraph.settings import RuleSettings, load_settings
    from cxgraph.severity import Severity, Status
    from cxgraph.style import check_ontology_style
    from cxgraph.validation import Validator, load_shapes, validate_graph

__version__ = "0.1.0"

__all__ = [
    "CX",
    "CXS",
    "CxgraphError",
    "Engine",
    "Finding",
    "InputError",
    "OutputFormat",
    "ReasonerResult",
    "ReasonerUnavailableError",
    "Report",
    "RuleSettings",
    "Severity",
    "Status",
    "Validator",
    "__version__",
    "check_ontology_style",
    "check_owl_dl",
    "check_owl_rl",
    "load_graph",
    "load_ontology",
    "load_settings",
    "load_shapes",
    "render",
    "validate_graph",
]

__getattr__, __dir__ = _lazy_exports(
    __name__,
    {
        "CX": "cxgraph.namespace",
        "CXS": "cxgraph.namespace",
        "CxgraphError": "cxgraph.errors",
        "Engine": "cxgraph.engine.modes",
        "Finding": "cxgraph.report",
        "InputError": "cxgraph.errors",
        "OutputFormat": "cxgraph.formatters",
        "ReasonerResult": "cxgraph.reasoning",
        "ReasonerUnavailableError": "cxgraph.errors",
        "Report": "cxgraph.report",
        "RuleSettings": "cxgraph.settings",
        "Severity": "cxgraph.severity",
        "Status": "cxgraph.severity",
        "Validator": "cxgraph.validation",
        "check_ontology_style": "cxgraph.style",
        "check_owl_dl": "cxgraph.reasoning",
        "check_owl_rl": "cxgraph.reasoning",
        "load_graph": "cxgraph.load",
        "load_ontology": "cxgraph.ontology",
        "load_settings": "cxgraph.settings",
        "load_shapes": "cxgraph.validation",
        "render": "cxgraph.formatters",
        "validate_graph": "cxgraph.validation",
    },
)
