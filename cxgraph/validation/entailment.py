"""The RDFS entailments SPARQL clients expect from a served portfolio: a customer is a
stakeholder (`rdfs:subClassOf`), an outcome stated by a party was attributed to it
(`rdfs:subPropertyOf`). Only these two rules (RDFS 1.1 rules rdfs9 and rdfs7) are applied:
domain and range typing would make every value of a misused property a member of a class
it never claimed, and the rules' findings are about exactly such misuse."""

from __future__ import annotations

import pyoxigraph as ox

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_CLASSES = f"""PREFIX rdfs: <{_RDFS}>
CONSTRUCT {{ ?thing a ?wider }} WHERE {{
  ?thing a ?class . ?class rdfs:subClassOf+ ?wider .
  FILTER(isIRI(?wider) && ?wider != ?class)
}}"""
_PROPERTIES = f"""PREFIX rdfs: <{_RDFS}>
CONSTRUCT {{ ?s ?wider ?o }} WHERE {{
  ?property rdfs:subPropertyOf+ ?wider . FILTER(isIRI(?wider) && ?wider != ?property)
  ?s ?property ?o .
}}"""


def rdfs_closure(store: ox.Store) -> list[ox.Triple]:
    """The triples rdfs7 and rdfs9 add to the union of `store`'s graphs, which must hold the
    ontology; types first, so that the properties' closure is computed once."""
    added: list[ox.Triple] = []
    for query in (_CLASSES, _PROPERTIES):
        for triple in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            if ox.Quad(triple.subject, triple.predicate, triple.object) not in store:
                added.append(triple)
    return added
