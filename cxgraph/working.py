"""The working store a validation runs in: portfolio, ontology, text cues and settings.

Everything the shapes read sits in one Oxigraph store, so the compiled rules run as
queries in it; the portfolio itself never has to become an rdflib graph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, Graph

from cxgraph.analysis import annotate_statements
from cxgraph.engine.terms import to_ox, to_rdflib
from cxgraph.namespace import CX
from cxgraph.settings import RuleSettings

_STATEMENTS = f"""
SELECT ?outcome ?statement WHERE {{
    ?outcome a <{CX.SuccessfulCustomerOutcome}> ; <{CX.statement}> ?statement }}"""


def add_graph(store: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to the store's default graph."""
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )


def statement_graph(store: ox.Store) -> Graph:
    """Only what the statement analyzer reads: each outcome's type and statements."""
    graph = Graph()
    for outcome, statement in store.query(_STATEMENTS):  # type: ignore[union-attr]
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
