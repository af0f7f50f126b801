"""The working store a validation runs in: portfolio, ontology, text cues and settings.

Everything the shapes read sits in one Oxigraph store, so the compiled rules run as
queries in it; the portfolio itself never has to become an rdflib graph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph

from cxgraph.analysis import annotate_statements
from cxgraph.namespace import CX, CXS
from cxgraph.settings import RuleSettings
from cxgraph.terms import Term, sparql_term, to_ox, to_rdflib

_OUTCOME, _STATEMENT = sparql_term(CX.SuccessfulCustomerOutcome), sparql_term(CX.statement)


def add_graph(store: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to the store's default graph."""
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )


def statement_graph(store: ox.Store, within: str | None = None) -> Graph:
    """Only what the statement analyzer reads: each outcome's type and statements.

    `within`, a pattern on ?this, limits the outcomes read.
    """
    graph = Graph()
    scope = f"{{ {within} }}" if within else ""
    query = (
        f"SELECT ?outcome ?statement WHERE {{ {scope} ?this a {_OUTCOME} ; "
        f"{_STATEMENT} ?statement . BIND(?this AS ?outcome) }}"
    )
    answer = store.query(query, use_default_graph_as_union=True)
    for outcome, statement in answer:  # type: ignore[union-attr]
        subject = to_rdflib(outcome)
        graph.add((subject, RDF.type, CX.SuccessfulCustomerOutcome))
        graph.add((subject, CX.statement, to_rdflib(statement)))
    return graph


def prepare(store: ox.Store, ontology: Graph | None, settings: RuleSettings) -> Graph:
    """Add ontology, settings and text cues to a store holding a portfolio; return the cues."""
    cues = annotate_statements(statement_graph(store))
    for extra in (ontology, settings.as_graph(), cues):
        if extra is not None:
            add_graph(store, extra)
    return cues


def suppressions(store: ox.Store) -> set[tuple[Term, str]]:
    """(node, rule id) pairs the data suppresses with `cxs:suppress "rule-id"`."""
    return {
        (to_rdflib(quad.subject), quad.object.value)
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(CXS.suppress)), None)
        if isinstance(quad.object, ox.Literal) and not isinstance(quad.subject, ox.Triple)
    }


def blank_node_parents(store: ox.Store, nodes: set[Term], depth: int = 4) -> Graph:
    """The triples pointing at the blank nodes among `nodes`, climbing `depth` levels.

    Enough of the data for `SourceIndex.locate_in` to place anonymous blank nodes.
    """
    parents = Graph()
    wanted = {ox.BlankNode(str(n)) for n in nodes if isinstance(n, BNode)}
    for _ in range(depth):
        found: set[ox.BlankNode] = set()
        for node in wanted:
            for quad in store.quads_for_pattern(None, None, node):
                subject = quad.subject
                if isinstance(subject, ox.Triple):
                    continue
                parents.add((to_rdflib(subject), to_rdflib(quad.predicate), to_rdflib(node)))
                if isinstance(subject, ox.BlankNode):
                    found.add(subject)
        wanted = found
    return parents
