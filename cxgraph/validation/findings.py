"""From the engine's SHACL results to findings: rule ids, named shapes, readable paths,
severities as the settings grade them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.paths import sparql_path
from cxgraph.engine.results import ShapeResult
from cxgraph.namespace import CXS
from cxgraph.report import Finding, Report, Severity, display
from cxgraph.settings import RuleSettings
from cxgraph.terms import Term, to_ox, to_rdflib


def findings_of(
    shapes: Graph, results: Iterable[ShapeResult], settings: RuleSettings | None = None
) -> Report:
    """The report of an engine's results for `shapes`, severities as `settings` set them."""
    settings = settings or RuleSettings()
    describe = _Describer(shapes)
    findings = [_regraded(describe.finding(result), settings) for result in results]
    return Report(tuple(sorted(findings, key=_sort_key)), shapes)


def as_written(report: Report, data: Graph) -> Report:
    """The report with literal focus nodes and values as `data` writes them, where the store
    keeps another lexical form ("4.0"^^xsd:decimal is stored as "4")."""
    written = _written_forms(data)
    if not written:
        return report

    def shown(term: Term) -> Term:
        if isinstance(term, Literal) and term.datatype is not None:
            return written.get((term.datatype, term.value), term)
        return term

    return report.with_findings(
        dataclasses.replace(
            f, focus=shown(f.focus), value=None if f.value is None else shown(f.value)
        )
        for f in report.findings
    )


def _written_forms(data: Graph) -> dict[tuple[Node, object], Literal]:
    """Literals whose stored form differs from how the data writes them, by (datatype,
    value); ambiguous ones (two spellings of one value) left out."""
    written: dict[tuple[Node, object], Literal | None] = {}
    for term in set(data.objects()):
        if not isinstance(term, Literal) or term.datatype is None or term.ill_typed:
            continue
        if _stored(term) == term:
            continue
        key = (term.datatype, term.value)
        written[key] = term if written.get(key, term) == term else None
    return {key: term for key, term in written.items() if term is not None}


def _stored(term: Literal) -> Term:
    """How the store keeps a literal (Oxigraph canonicalises numbers and dates on insert)."""
    store = ox.Store()
    holder = ox.NamedNode("urn:cxgraph:literal")
    store.add(ox.Quad(holder, holder, to_ox(term)))
    return to_rdflib(next(iter(store)).object)


def _sort_key(finding: Finding) -> tuple[str, str, str, str]:
    value = "" if finding.value is None else str(finding.value)
    return finding.rule, finding.focus_text, finding.path_text or "", value


def _regraded(finding: Finding, settings: RuleSettings) -> Finding:
    severity = settings.severities.get(finding.rule)
    if severity is None:
        return finding
    return dataclasses.replace(finding, severity=severity, severity_iri=None)


class _Describer:
    """Looks up, once per shape and path, what a finding says about them."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.rule_of = cache(self._rule_of)
        self.named_shape = cache(self._named_shape)
        self.path_text = cache(self._path_text)

    def finding(self, result: ShapeResult) -> Finding:
        named = self.named_shape(result.shape)
        severity = Severity.of(result.severity)  # a shape's own severity IRI: a violation
        return Finding(
            rule=self.rule_of(result.constraint, result.shape),
            severity=severity or Severity.VIOLATION,
            focus=to_rdflib(result.focus),
            message=_message(result),
            shape=named,
            component=result.component,
            source_shape=None if named == result.shape else result.shape,
            path=result.path,
            path_text=None if result.path is None else self.path_text(result.path),
            value=None if result.value is None else to_rdflib(result.value),
            constraint=result.constraint,
            severity_iri=None if severity else result.severity,
        )

    def _rule_of(self, *nodes: Node | None) -> str:
        """The rule id on a result's constraint, its shape, or the shapes that hold them."""
        shapes = self.shapes
        for node in nodes:
            while node is not None:
                found = shapes.value(node, CXS.ruleId)
                if found is not None:
                    return str(found)
                node = shapes.value(predicate=SH.property, object=node)
        shape = next((n for n in nodes[::-1] if n is not None), None)
        return "unknown" if shape is None else str(shape)

    def _named_shape(self, shape: Node) -> Node:
        """The IRI of the shape behind a result: property shapes report the shape holding
        them; a blank node shape held by none stands for itself."""
        node: Node | None = shape
        while node is not None and not isinstance(node, URIRef):
            node = self.shapes.value(predicate=SH.property, object=node)
        if node is None and (shape, RDF.type, SH.NodeShape) in self.shapes:
            return shape
        return shape if node is None else node

    def _path_text(self, path: Node) -> str | None:
        if isinstance(path, URIRef):
            return str(path)
        try:
            return sparql_path(self.shapes, path)
        except UnsupportedShapes:
            return None


def _message(result: ShapeResult) -> str:
    """The result's message, followed by what its nested results found, if any."""
    message = result.messages[0] if result.messages else ""
    details = sorted(
        f"{display(to_rdflib(detail.focus))}: {detail.messages[0] if detail.messages else ''}"
        for detail in result.details
    )
    return "; ".join([message, *details]) if details else message
