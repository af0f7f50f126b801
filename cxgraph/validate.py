"""Run SHACL shapes over a graph and turn the W3C validation report into `Finding`s."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.load import load_graph
from cxgraph.namespace import CXS
from cxgraph.report import Finding, Report, Severity
from cxgraph.resources import rule_shape_files

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


def validate_graph(data: Graph, shapes: Graph, *, ontology: Graph | None = None) -> Report:
    """Validate `data` against `shapes`; the ontology, if given, is visible to the shapes.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> validate_graph(Graph(), load_shapes(), ontology=load_ontology()).conforms
        True
    """
    _, report_graph, _ = shacl_validate(
        _with_ontology(data, ontology),
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        advanced=True,
        allow_warnings=True,
    )
    # Only top-level results: nested ones (sh:detail, from sh:node) explain their parent.
    findings = (
        _finding(report_graph, shapes, result) for result in report_graph.objects(None, SH.result)
    )
    return Report(
        tuple(sorted(findings, key=lambda f: (f.rule, f.focus, f.path or "", f.value or "")))
    )


def _with_ontology(data: Graph, ontology: Graph | None) -> Graph:
    """A fresh union of data and ontology, so shapes see class hierarchies and level ranks.

    pySHACL's own `ont_graph` mixing clones every blank node of the ontology recursively,
    which takes minutes on the cxgraph ontology; a plain union takes milliseconds.
    """
    union = Graph()
    union += data
    if ontology is not None:
        union += ontology
    return union


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
        shape=_text(shape) or "",
    )


def _message(report: Graph, result: Node) -> str:
    """The result's message, followed by what its nested results found, if any."""
    message = _text(report.value(result, SH.resultMessage)) or ""
    details = sorted(
        f"{_text(report.value(detail, SH.focusNode))} {_text(report.value(detail, SH.resultPath))}"
        f": {_text(report.value(detail, SH.resultMessage))}"
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


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)
