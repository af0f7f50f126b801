"""The working store a validation runs in: portfolio, ontology, text cues and settings.

Everything the shapes read sits in one Oxigraph store, so the compiled rules run as
queries in it; the portfolio itself never has to become an rdflib graph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph

from cxgraph.analysis import cue_quads, outcome_statements
from cxgraph.namespace import CXS
from cxgraph.settings import RuleSettings
from cxgraph.terms import Term, to_ox, to_rdflib
from cxgraph.validation.vocabulary import unknown_term_triples

CUE_PART = 2000
"""Statements analysed, and their cues stored, at a time."""


def add_graph(store: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to the store's default graph."""
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )


def prepare(store: ox.Store, ontology: Graph | None, settings: RuleSettings) -> list[ox.Quad]:
    """Add ontology, settings and text cues to a store holding a portfolio; return the cues.

    The ontology goes in first: the statement analyzer reads the class hierarchy to tell
    which side of the relationship states an outcome.
    """
    add_graph(store, unknown_term_triples(store, ontology))
    for extra in (ontology, settings.as_graph()):
        if extra is not None:
            add_graph(store, extra)
    statements = outcome_statements(store)
    cues: list[ox.Quad] = []
    for start in range(0, len(statements), CUE_PART):
        # In parts: the analysis of many thousand statements, and the updates carrying their
        # cues to a database, need not be held all at once.
        part = cue_quads(statements[start : start + CUE_PART])
        store.bulk_extend(part)
        cues += part
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
