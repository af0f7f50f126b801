"""SHACL-AF SPARQL rules (`sh:SPARQLRule`) run as CONSTRUCT queries inside the store.

Each rule runs once for all its shape's focus nodes; all rules repeat until none adds a
triple (pySHACL's `iterate_rules`), so a rule may build on what another derived.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.focus import Targets
from cxgraph.engine.prologue import Prologue
from cxgraph.engine.sparql_text import bind_focus, without_prologue

_MAX_ROUNDS = 64


def compiled_rules(store: ox.Store, shapes: Graph) -> list[str]:
    """The CONSTRUCT query of every active rule, in `sh:order`; unsupported rules raise."""
    prologue = Prologue(shapes)
    targets = Targets(store, shapes, prologue)
    ordered: list[tuple[float, str, str]] = []
    for shape, rule in shapes.subject_objects(SH.rule):
        if _inactive(shapes, shape) or _inactive(shapes, rule):
            continue
        if (rule, RDF.type, SH.SPARQLRule) not in shapes:
            raise UnsupportedShapes("a rule other than sh:SPARQLRule")
        if shapes.value(rule, SH.condition) is not None:
            raise UnsupportedShapes("sh:condition on a rule")
        focus = targets.focus(shape)
        if focus is None:
            continue
        for construct in shapes.objects(rule, SH.construct):
            prologue.declare_for(rule)
            prefixes, body = without_prologue(str(construct))
            prologue.add(prefixes)
            order = shapes.value(rule, SH.order)
            ordered.append(
                (
                    float(str(order)) if order is not None else 0.0,
                    str(rule),
                    bind_focus(body, focus),
                )
            )
    return [prologue.text() + body for _, _, body in sorted(ordered)]


def run_rules(store: ox.Store, shapes: Graph) -> int:
    """Apply the rules until nothing new follows; return how many triples they added."""
    queries = compiled_rules(store, shapes)
    before = len(store)
    for _ in range(_MAX_ROUNDS):
        size = len(store)
        for query in queries:
            triples = list(store.query(query))  # type: ignore[arg-type]
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        if len(store) == size:
            return len(store) - before
    raise UnsupportedShapes(f"rules still adding triples after {_MAX_ROUNDS} rounds")


def _inactive(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)
