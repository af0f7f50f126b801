"""The rule engine: derive facts, run the SHACL rules, and turn results into `Finding`s.

One working store holds the portfolio, the ontology (class hierarchy, level ranks), the
statement analyzer's text cues and the rule settings (`cxgraph.working`). Derivation rules
(`sh:rule`) add to it first; the validation shapes then judge everything, derived facts
included. The shapes run compiled to SPARQL where they can (`cxgraph.engine`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from cxgraph.engine import Engine, ShapeResult, derive_in_store, store_from_graph
from cxgraph.engine import validate_store as engine_validate
from cxgraph.engine.run import graph_from_store
from cxgraph.load import load_graph
from cxgraph.namespace import CXS
from cxgraph.report import Finding, Report, Severity
from cxgraph.resources import rule_shape_files
from cxgraph.settings import RuleSettings
from cxgraph.working import prepare

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
    engine: Engine = Engine.AUTO,
) -> Report:
    """Validate `data` against `shapes`; the ontology, if given, is visible to the shapes.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> validate_graph(Graph(), load_shapes(), ontology=load_ontology()).conforms
        True
    """
    return validate_store(
        store_from_graph(data), shapes, ontology=ontology, settings=settings, engine=engine
    )


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    ontology: Graph | None = None,
    settings: RuleSettings | None = None,
    engine: Engine = Engine.AUTO,
) -> Report:
    """Validate a portfolio held in an in-memory store, which becomes the working store.

    Ontology, text cues and settings are added to the store, derivation rules add their
    facts, and the validation shapes then judge everything, derived facts included.
    """
    settings = settings or RuleSettings()
    prepare(store, ontology, settings)
    active = _without_disabled(shapes, settings.disabled)
    derive_in_store(store, active, engine)
    return findings_of(active, engine_validate(store, active, engine), settings)


def findings_of(
    shapes: Graph, results: Iterable[ShapeResult], settings: RuleSettings | None = None
) -> Report:
    """The report of an engine's results for `shapes`, severities as `settings` set them."""
    settings = settings or RuleSettings()
    findings = [_regraded(_finding(shapes, result), settings) for result in results]
    return Report(
        tuple(sorted(findings, key=lambda f: (f.rule, f.focus, f.path or "", f.value or "")))
    )


def derive(
    data: Graph,
    shapes: Graph,
    *,
    ontology: Graph | None = None,
    settings: RuleSettings | None = None,
    engine: Engine = Engine.AUTO,
) -> Graph:
    """Return only the facts the engine adds to `data`: text cues and `sh:rule` results.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> len(derive(Graph(), load_shapes(), ontology=load_ontology()))
        0
    """
    settings = settings or RuleSettings()
    store = store_from_graph(data)
    cues = prepare(store, ontology, settings)
    before = graph_from_store(store)
    derive_in_store(store, _without_disabled(shapes, settings.disabled), engine)
    return cues + (graph_from_store(store) - before)


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


def _finding(shapes: Graph, result: ShapeResult) -> Finding:
    return Finding(
        rule=rule_id(shapes, result.constraint, result.shape),
        severity=_SEVERITIES[result.severity],
        focus=result.focus.value,
        path=_text(result.path),
        value=None if result.value is None else result.value.value,
        message=_message(result),
        shape=_named_shape(shapes, result.shape),
    )


def _message(result: ShapeResult) -> str:
    """The result's message, followed by what its nested results found, if any."""
    message = result.messages[0] if result.messages else ""
    details = sorted(
        f"{detail.focus.value}: {detail.messages[0] if detail.messages else ''}"
        for detail in result.details
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
