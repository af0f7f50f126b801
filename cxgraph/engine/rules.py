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


def compiled_rules(store: ox.Store, shapes: Graph, *, within: str | None = None) -> list[str]:
    """The CONSTRUCT query of every active rule, in `sh:order`; unsupported rules raise.

    `within` restricts the focus nodes to those matching a pattern on ?this.
    """
    prologue = Prologue(shapes)
    targets = Targets(store, shapes, prologue, within=within)
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
                    bind_focus(body, focus, inner=focus if within else None),
                )
            )
    return [prologue.text() + body for _, _, body in sorted(ordered)]


def run_rules(
    store: ox.Store,
    shapes: Graph,
    *,
    within: str | None = None,
    into: ox.NamedNode | ox.DefaultGraph | None = None,
) -> list[ox.Quad]:
    """Apply the rules until nothing new follows; return the quads they added.

    The rules read the union of all graphs and write into `into` (the default graph).
    """
    queries = compiled_rules(store, shapes, within=within)
    graph = into if into is not None else ox.DefaultGraph()
    added: list[ox.Quad] = []
    for _ in range(_MAX_ROUNDS):
        size = len(added)
        for query in queries:
            answer = store.query(query, use_default_graph_as_union=True)
            found = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in answer]  # type: ignore[union-attr]
            new = _absent(store, list(dict.fromkeys(found)))
            store.bulk_extend(new)
            added += new
        if len(added) == size:
            return added
    raise UnsupportedShapes(f"rules still adding triples after {_MAX_ROUNDS} rounds")


def _inactive(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)


def _absent(store: ox.Store, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads the store does not hold yet, in any graph; a store that can tell for many
    at once (`absent`, a remote store: one query, not one per quad) is asked so."""
    batch = getattr(store, "absent", None)
    if batch is not None:
        return list(batch(quads))
    return [q for q in quads if not any(store.quads_for_pattern(q.subject, q.predicate, q.object))]
