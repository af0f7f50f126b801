"""The rule engine: derive facts, run the SHACL rules, and turn results into `Finding`s.

One working graph holds the portfolio, the ontology (class hierarchy, level ranks), the
statement analyzer's text cues and the rule settings. Derivation rules (`sh:rule`) add to
it first; the validation shapes then judge everything, derived facts included.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from pyshacl import shacl_rules
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from cxgraph.analysis import annotate_statements
from cxgraph.load import load_graph
from cxgraph.namespace import CXS
from cxgraph.report import Finding, Report, Severity
from cxgraph.resources import rule_shape_files
from cxgraph.settings import RuleSettings
from cxgraph.sparql_cache import prepared_queries

_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}


def load_shapes(extra: Iterable[Path] = ()) -> Graph:
    """Return the project's rule shapes plus any extra shapes files.

    Example:
        >>> len(load_shapes()) > 0
        True
    """
    return load_graph([*rule_shape_files(), *extra])


def rule_ids(shapes: Graph) -> list[str]:
    """Every rule id the shapes declare, sorted.

    Example:
        >>> "sco-outside-in" in rule_ids(load_shapes())
        True
    """
    return sorted({str(o) for o in shapes.objects(None, CXS.ruleId)})


def validate_graph(
    data: Graph,
    shapes: Graph,
    *,
    ontology: Graph | None = None,
    settings: RuleSettings | None = None,
) -> Report:
    """Validate `data` against `shapes`; the ontology, if given, is visible to the shapes.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> validate_graph(Graph(), load_shapes(), ontology=load_ontology()).conforms
        True
    """
    settings = settings or RuleSettings()
    working = _working_graph(data, ontology, settings)
    active = _without_disabled(shapes, settings.disabled)
    with prepared_queries():
        _, report_graph, _ = shacl_validate(
            working,
            shacl_graph=active,
            inference="none",
            inplace=True,
            advanced=True,
            allow_warnings=True,
        )
    # Only top-level results: nested ones (sh:detail, from sh:node) explain their parent.
    findings = [
        _regraded(_finding(report_graph, active, result), settings)
        for result in report_graph.objects(None, SH.result)
    ]
    return Report(
        tuple(sorted(findings, key=lambda f: (f.rule, f.focus, f.path or "", f.value or "")))
    )


def derive(
    data: Graph,
    shapes: Graph,
    *,
    ontology: Graph | None = None,
    settings: RuleSettings | None = None,
) -> Graph:
    """Return only the facts the engine adds to `data`: text cues and `sh:rule` results.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> len(derive(Graph(), load_shapes(), ontology=load_ontology()))
        0
    """
    settings = settings or RuleSettings()
    working = _working_graph(data, ontology, settings)
    with prepared_queries():
        shacl_rules(
            working,
            shacl_graph=_without_disabled(shapes, settings.disabled),
            inference="none",
            inplace=True,
            advanced=True,
            iterate_rules=True,
        )
    derived = working - data - settings.as_graph()
    if ontology is not None:
        derived -= ontology
    return derived


def _working_graph(data: Graph, ontology: Graph | None, settings: RuleSettings) -> Graph:
    """A fresh union of data, ontology, text cues and settings.

    pySHACL's own `ont_graph` mixing clones every blank node of the ontology recursively,
    which takes minutes on the cxgraph ontology; a plain union takes milliseconds.
    """
    union = Graph()
    union += data
    if ontology is not None:
        union += ontology
    union += annotate_statements(data)
    union += settings.as_graph()
    return union


def _without_disabled(shapes: Graph, disabled: frozenset[str]) -> Graph:
    if not disabled:
        return shapes
    active = Graph()
    active += shapes
    for rule in disabled:
        for shape in shapes.subjects(CXS.ruleId, Literal(rule)):
            active.add((shape, SH.deactivated, Literal(True)))
    return active


def _regraded(finding: Finding, settings: RuleSettings) -> Finding:
    severity = settings.severities.get(finding.rule)
    return finding if severity is None else dataclasses.replace(finding, severity=severity)


def _finding(report: Graph, shapes: Graph, result: Node) -> Finding:
    shape = report.value(result, SH.sourceShape)
    constraint = report.value(result, SH.sourceConstraint)
    return Finding(
        rule=rule_id(shapes, constraint, shape),
        severity=_SEVERITIES[report.value(result, SH.resultSeverity)],  # type: ignore[index]
        focus=_text(report.value(result, SH.focusNode)) or "",
        path=_text(report.value(result, SH.resultPath)),
        value=_text(report.value(result, SH.value)),
        message=_message(report, result),
        shape=_named_shape(shapes, shape),
    )


def _message(report: Graph, result: Node) -> str:
    """The result's message, followed by what its nested results found, if any."""
    message = _text(report.value(result, SH.resultMessage)) or ""
    details = sorted(
        f"{_text(report.value(detail, SH.focusNode))}: {_text(report.value(detail, SH.resultMessage))}"
        for detail in report.objects(result, SH.detail)
    )
    return "; ".join([message, *details]) if details else message


def rule_id(shapes: Graph, *nodes: Node | None) -> str:
    """Find the rule id of a result: on its constraint, its shape, or the shape that holds it."""
    for node in nodes:
        while node is not None:
            found = shapes.value(node, CXS.ruleId)
            if found is not None:
                return str(found)
            node = shapes.value(predicate=SH.property, object=node)
    shape = next((n for n in nodes[::-1] if n is not None), None)
    return _text(shape) or "unknown"


def _named_shape(shapes: Graph, shape: Node | None) -> str:
    """The IRI of the shape behind a result: property shapes report the shape holding them."""
    node = shape
    while node is not None and not isinstance(node, URIRef):
        node = shapes.value(predicate=SH.property, object=node)
    if node is None and shape is not None and (shape, RDF.type, SH.NodeShape) in shapes:
        return str(shape)
    return _text(node if node is not None else shape) or ""


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)
