"""The W3C SHACL validation report (`sh:ValidationReport`), for other SHACL tools.

The one report builder: `cxgraph validate -f turtle|jsonld`, the API and the W3C SHACL test
suite all write reports with it. Each result carries what SHACL 1.0 (section 3.6) requires:
focus node, severity, source shape and source constraint component, plus the path, value,
source constraint and message where there is one, and the cxgraph rule id. Blank-node shapes
and paths are described as in the shapes graph, so the report stands on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from cxgraph.catalog import RuleDoc
from cxgraph.namespace import CXS, bind_prefixes
from cxgraph.report import Finding, Report


def report_graph(report: Report) -> Graph:
    """The report as triples; each result also carries its cxgraph rule id (cxs:ruleId).

    `sh:conforms` is SHACL's: false when there is any active result, whatever its severity.

    Example:
        >>> (None, SH.conforms, Literal(True)) in report_graph(Report())
        True
    """
    graph = bind_prefixes(Graph())
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    active = [f for f in report.findings if f.status == "active"]
    graph.add((root, SH.conforms, Literal(not active)))
    for finding in active:
        graph.add((root, SH.result, _result(graph, finding, report.shapes)))
    return graph


def _result(graph: Graph, finding: Finding, shapes: Graph | None) -> BNode:
    node = BNode()
    shape = finding.source_shape if finding.source_shape is not None else finding.shape
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, finding.focus))
    graph.add((node, SH.resultSeverity, finding.severity_iri or finding.severity.iri))
    graph.add((node, SH.sourceShape, shape))
    graph.add((node, SH.sourceConstraintComponent, finding.component))
    graph.add((node, CXS.ruleId, Literal(finding.rule)))
    if finding.message:
        graph.add((node, SH.resultMessage, Literal(finding.message)))
    if finding.path is not None:
        graph.add((node, SH.resultPath, finding.path))
    if finding.value is not None:
        graph.add((node, SH.value, finding.value))
    if finding.constraint is not None:
        graph.add((node, SH.sourceConstraint, finding.constraint))
    if shapes is not None:
        for described in (shape, finding.path, finding.constraint):
            _copy_description(shapes, described, graph, set())
    return node


def _copy_description(shapes: Graph, node: Node | None, report: Graph, seen: set[Node]) -> None:
    """Copy a blank node's description (recursively), so the report stands on its own."""
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for predicate, value in shapes.predicate_objects(node):
        report.add((node, predicate, value))
        _copy_description(shapes, value, report, seen)


def render_turtle(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """The report graph in Turtle."""
    return report_graph(report).serialize(format="turtle")


def render_jsonld(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """The report graph in JSON-LD."""
    return report_graph(report).serialize(format="json-ld")
