"""A W3C SHACL validation report graph (sh:ValidationReport), for other SHACL tools."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from cxgraph.catalog import RuleDoc
from cxgraph.namespace import CXS, bind_prefixes
from cxgraph.report import Finding, Report, Severity

_SEVERITIES = {
    Severity.VIOLATION: SH.Violation,
    Severity.WARNING: SH.Warning,
    Severity.INFO: SH.Info,
}


def report_graph(report: Report) -> Graph:
    """The report as triples; each result also carries its cxgraph rule id (cxs:ruleId).

    Example:
        >>> (None, SH.conforms, Literal(True)) in report_graph(Report())
        True
    """
    graph = bind_prefixes(Graph())
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for finding in report.findings:
        graph.add((root, SH.result, _result(graph, finding)))
    return graph


def _result(graph: Graph, finding: Finding) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, _term(finding.focus)))
    graph.add((node, SH.resultSeverity, _SEVERITIES[finding.severity]))
    graph.add((node, SH.sourceShape, URIRef(finding.shape)))
    graph.add((node, SH.resultMessage, Literal(finding.message)))
    graph.add((node, CXS.ruleId, Literal(finding.rule)))
    if finding.path:
        graph.add((node, SH.resultPath, URIRef(finding.path)))
    if finding.value is not None:
        graph.add((node, SH.value, _term(finding.value)))
    return node


def _term(text: str) -> URIRef | Literal:
    looks_like_iri = text.startswith(("http://", "https://", "urn:")) and " " not in text
    return URIRef(text) if looks_like_iri else Literal(text)


def render_turtle(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """The report graph in Turtle."""
    return report_graph(report).serialize(format="turtle")


def render_jsonld(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """The report graph in JSON-LD."""
    return report_graph(report).serialize(format="json-ld")
