"""Run validation or rules with the chosen engine, falling back to pySHACL per shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.evaluate import CompiledValidator
from cxgraph.engine.modes import Engine
from cxgraph.engine.results import ShapeResult
from cxgraph.engine.rules import run_rules
from cxgraph.engine.terms import OxTerm, to_ox, to_rdflib

if TYPE_CHECKING:
    from cxgraph.engine.pyshacl_graph import PreparedQueryGraph


def store_from_graph(graph: Graph) -> ox.Store:
    """An in-memory store holding the triples of an rdflib graph, in its default graph."""
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return store


def graph_from_store(store: ox.Store) -> PreparedQueryGraph:
    """The store's default graph as an rdflib graph (for pySHACL, which must query this very
    graph, `inplace=True`, for each SPARQL text to be parsed only once)."""
    from cxgraph.engine.pyshacl_graph import PreparedQueryGraph  # loads rdflib's SPARQL

    graph = PreparedQueryGraph()
    graph.addN(
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    return graph


def shape_results(store: ox.Store, shapes: Graph, engine: Engine) -> list[ShapeResult]:
    """Every validation result of the store's default graph against the shapes."""
    return [result for batch in result_batches(store, shapes, engine) for result in batch]


def result_batches(store: ox.Store, shapes: Graph, engine: Engine) -> Iterator[list[ShapeResult]]:
    """The validation results shape by shape, as each is judged (shapes pySHACL must judge
    come together, last), so that a caller can pass them on and let them go."""
    if engine == Engine.PYSHACL:
        yield _pyshacl_results(store, shapes, None)
        return
    validator = CompiledValidator(store, shapes)
    unsupported: list[Node] = []
    for shape in validator.shapes_with_targets():
        try:
            yield validator.validate_shape(shape)
        except UnsupportedShapes as error:
            if engine == Engine.COMPILED:
                raise UnsupportedShapes(f"{shape}: {error}") from None
            unsupported.append(shape)
    if unsupported:
        yield _pyshacl_results(store, shapes, unsupported)


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
    from pyshacl import shacl_rules  # only for rules the compiler does not translate

    graph = graph_from_store(store)
    before = len(graph)
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


def _pyshacl_results(store: ox.Store, shapes: Graph, only: list[Node] | None) -> list[ShapeResult]:
    """pySHACL's results, for all shapes or only the given top-level ones."""
    # Imported here: it takes about half a second, and most portfolios never need it.
    from pyshacl import validate as pyshacl_validate

    # Rules have run already (`derive_in_store`); pySHACL would run them again.
    active = Graph()
    active += shapes
    active.remove((None, SH.rule, None))
    if only is not None:
        keep = set(only)
        for shape in CompiledValidator(store, shapes).shapes_with_targets():
            if shape not in keep:
                active.add((shape, SH.deactivated, Literal(True)))
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
