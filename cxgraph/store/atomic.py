"""A quad delta as one SPARQL update, so that Oxigraph applies it in one transaction.

pyoxigraph offers no transaction that both removes and adds quads: `Store.remove` commits
each quad on its own, so a process killed while a graph is replaced left half of the old
graph and none of the new. `Store.update` runs a whole update request in one transaction,
but SPARQL text cannot name an existing blank node. So the delta's quads go into the
update as rows of a VALUES table, and a blank node, which cannot be written there, is handed
in by a custom function (`<urn:cxgraph:term>(row, position)`) that returns that very node.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyoxigraph as ox

from cxgraph.store.writes import QuadDelta

_TERM = ox.NamedNode("urn:cxgraph:term")
_POSITIONS = ("s", "p", "o", "g")

TermFunction = Callable[[ox.Literal, ox.Literal], ox.NamedNode | ox.BlankNode | ox.Literal | None]


def delta_update(delta: QuadDelta) -> tuple[str, dict[ox.NamedNode, TermFunction]]:
    """The update text that makes `delta`'s changes (removals, dropped graphs, created
    graphs, additions, in that order) and the custom function it calls.

    Example:
        >>> store = ox.Store()
        >>> node, p = ox.BlankNode("b1"), ox.NamedNode("urn:p")
        >>> old = ox.Quad(node, p, ox.Literal("old"), ox.DefaultGraph())
        >>> store.add(old)
        >>> text, functions = delta_update(
        ...     QuadDelta(removed=[old], added=[ox.Quad(node, p, ox.Literal("new"), ox.DefaultGraph())]))
        >>> store.update(text, custom_functions=functions)
        >>> [str(q) for q in store]
        ['_:b1 <urn:p> "new"']
    """
    rows: list[ox.Quad] = []
    operations: list[str] = []
    for template, quads in (("DELETE", delta.removed), ("INSERT", delta.added)):
        if template == "INSERT":
            operations += [f"DROP SILENT GRAPH {g}" for g in delta.dropped_graphs]
            operations += [f"CREATE SILENT GRAPH {g}" for g in delta.created_graphs]
        named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
        if named:
            operations.append(_operation(template, "GRAPH ?g { ?s ?p ?o }", named, len(rows), True))
            rows += named
        if default:
            operations.append(_operation(template, "?s ?p ?o", default, len(rows), False))
            rows += default
    return " ;\n".join(operations) or "INSERT DATA { }", {_TERM: _lookup(rows)}


def _operation(
    template: str, pattern: str, quads: Sequence[ox.Quad], first: int, graphs: bool
) -> str:
    positions = _POSITIONS if graphs else _POSITIONS[:3]
    columns = " ".join(f"?{p}0" for p in positions)
    values = "\n".join(
        f"({first + index} {' '.join(_cell(term) for term in _terms(quad, graphs))})"
        for index, quad in enumerate(quads)
    )
    binds = " ".join(
        f"BIND(COALESCE(?{p}0, {_TERM}(?i, {k})) AS ?{p})" for k, p in enumerate(positions)
    )
    return f"{template} {{ {pattern} }} WHERE {{ VALUES (?i {columns}) {{\n{values}\n}} {binds} }}"


def _terms(quad: ox.Quad, graphs: bool) -> list[object]:
    terms: list[object] = [quad.subject, quad.predicate, quad.object]
    return [*terms, quad.graph_name] if graphs else terms


def _cell(term: object) -> str:
    """A VALUES cell: the term as written, or UNDEF for a blank node (looked up instead).
    (A typed literal is stored in its canonical form either way: `"01"^^xsd:integer` is
    held as `"1"`, whether added by `Store.extend` or by this update.)"""
    return "UNDEF" if isinstance(term, ox.BlankNode) else str(term)


def _lookup(rows: list[ox.Quad]) -> TermFunction:
    def term(
        row: ox.Literal, position: ox.Literal
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        quad = rows[int(row.value)]
        found = (quad.subject, quad.predicate, quad.object, quad.graph_name)[int(position.value)]
        if isinstance(found, ox.DefaultGraph | ox.Triple):  # never a triple: refused at the door
            return None
        return found

    return term
