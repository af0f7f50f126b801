"""Run validation or rules with the chosen engine, falling back to pySHACL per shape."""

from __future__ import annotations

import pyoxigraph as ox
from pyshacl import shacl_rules
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.evaluate import CompiledValidator
from cxgraph.engine.modes import Engine
from cxgraph.engine.results import ShapeResult
from cxgraph.engine.rules import run_rules
from cxgraph.engine.terms import OxTerm, to_ox, to_rdflib
from cxgraph.sparql_cache import prepared_queries


def store_from_graph(graph: Graph) -> ox.Store:
    """An in-memory store holding the triples of an rdflib graph, in its default graph."""
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return store


def graph_from_store(store: ox.Store) -> Graph:
    """The store's default graph as an rdflib graph (for pySHACL)."""
    graph = Graph()
    graph.addN(
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)  # type: ignore[arg-type]
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    return graph


def validate_store(store: ox.Store, shapes: Graph, engine: Engine) -> list[ShapeResult]:
    """Every validation result of the store's default graph against the shapes."""
    if engine == Engine.PYSHACL:
        return _pyshacl_results(store, shapes, None)
    validator = CompiledValidator(store, shapes)
    results: list[ShapeResult] = []
    unsupported: list[Node] = []
    for shape in validator.shapes_with_targets():
        try:
            results += validator.validate_shape(shape)
        except UnsupportedShapes as error:
            if engine == Engine.COMPILED:
                raise UnsupportedShapes(f"{shape}: {error}") from None
            unsupported.append(shape)
    if unsupported:
        results += _pyshacl_results(store, shapes, unsupported)
    return results


def derive_in_store(store: ox.Store, shapes: Graph, engine: Engine) -> None:
    """Add what the shapes' `sh:rule`s derive to the store, repeating until nothing is new."""
    if engine != Engine.PYSHACL:
        try:
            run_rules(store, shapes)
            return
        except UnsupportedShapes:
            if engine == Engine.COMPILED:
                raise
    if not any(shapes.subject_objects(SH.rule)):
        return
    graph = graph_from_store(store)
    before = len(graph)
    with prepared_queries():
        shacl_rules(
            graph,
            shacl_graph=shapes,
            inference="none",
            inplace=True,
            advanced=True,
            iterate_rules=True,
        )
    if len(graph) != before:
        store.bulk_extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
            for s, p, o in graph
        )


def shacl_report(data: Graph, shapes: Graph, engine: Engine) -> tuple[bool, Graph]:
    """Validate an rdflib graph; return (conforms, a SHACL validation report graph)."""
    results = validate_store(store_from_graph(data), shapes, engine)
    return not results, report_graph(results, shapes, as_written(data))


def as_written(data: Graph) -> dict[tuple[Node, object], Literal]:
    """Literals whose stored form differs from how the data writes them ("4.0" is stored as
    "4"), by (datatype, value), so a report can show them as written; ambiguous ones left out."""
    written: dict[tuple[Node, object], Literal | None] = {}
    for term in set(data.objects()):
        if not isinstance(term, Literal) or term.datatype is None or term.ill_typed:
            continue
        stored = _stored(term)
        if stored == term:
            continue
        key = (term.datatype, term.value)
        written[key] = term if written.get(key, term) == term else None
    return {key: term for key, term in written.items() if term is not None}


def _stored(term: Literal) -> Node:
    """How the store keeps a literal (Oxigraph canonicalises numbers and dates on insert)."""
    store = ox.Store()
    holder = ox.NamedNode("urn:cxgraph:literal")
    store.add(ox.Quad(holder, holder, to_ox(term)))
    return to_rdflib(next(iter(store)).object)


def report_graph(
    results: list[ShapeResult],
    shapes: Graph,
    written: dict[tuple[Node, object], Literal] | None = None,
) -> Graph:
    """The results as a `sh:ValidationReport`, shapes and paths described as in the shapes
    graph; literal focus nodes and values as `written` gives them (see `as_written`)."""
    written = written or {}

    def shown(term: OxTerm) -> Node:
        node = to_rdflib(term)
        if isinstance(node, Literal) and node.datatype is not None:
            return written.get((node.datatype, node.value), node)
        return node

    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not results)))
    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, shown(result.focus)))
        report.add((node, SH.sourceShape, result.shape))
        report.add((node, SH.sourceConstraintComponent, result.component))
        report.add((node, SH.resultSeverity, result.severity))
        if result.path is not None:
            report.add((node, SH.resultPath, result.path))
            _copy_description(shapes, result.path, report)
        if result.value is not None:
            report.add((node, SH.value, shown(result.value)))
        if result.constraint is not None:
            report.add((node, SH.sourceConstraint, result.constraint))
        for message in result.messages:
            report.add((node, SH.resultMessage, Literal(message)))
        _copy_description(shapes, result.shape, report)
    return report


def _copy_description(
    shapes: Graph, node: Node, report: Graph, seen: set[Node] | None = None
) -> None:
    """Copy a blank node's description (recursively), so the report stands on its own."""
    if not isinstance(node, BNode):
        return
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for predicate, value in shapes.predicate_objects(node):
        report.add((node, predicate, value))
        _copy_description(shapes, value, report, seen)


def _pyshacl_results(store: ox.Store, shapes: Graph, only: list[Node] | None) -> list[ShapeResult]:
    """pySHACL's results, for all shapes or only the given top-level ones."""
    # Rules have run already (`derive_in_store`); pySHACL would run them again.
    active = Graph()
    active += shapes
    active.remove((None, SH.rule, None))
    if only is not None:
        keep = set(only)
        for shape in CompiledValidator(store, shapes).shapes_with_targets():
            if shape not in keep:
                active.add((shape, SH.deactivated, Literal(True)))
    with prepared_queries():
        _, report, _ = pyshacl_validate(
            graph_from_store(store),
            shacl_graph=active,
            inference="none",
            inplace=True,
            advanced=True,
            allow_warnings=True,
        )
    return [_from_report(report, result) for result in report.objects(None, SH.result)]


def _from_report(report: Graph, result: Node) -> ShapeResult:
    def term(predicate: URIRef) -> OxTerm | None:
        value = report.value(result, predicate)
        return None if value is None else to_ox(value)

    focus = term(SH.focusNode)
    assert focus is not None
    return ShapeResult(
        focus=focus,
        shape=report.value(result, SH.sourceShape),  # type: ignore[arg-type]
        component=report.value(result, SH.sourceConstraintComponent),  # type: ignore[arg-type]
        severity=report.value(result, SH.resultSeverity),  # type: ignore[arg-type]
        path=report.value(result, SH.resultPath),
        value=term(SH.value),
        messages=tuple(str(m) for m in report.objects(result, SH.resultMessage)),
        constraint=report.value(result, SH.sourceConstraint),
        details=tuple(_from_report(report, detail) for detail in report.objects(result, SH.detail)),
    )
