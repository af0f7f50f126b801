"""Unknown cxgraph terms: a class or property in the `cx:` namespace the ontology lacks.

A typo such as `cx:Servise` or `cx:hasFacilty` is valid RDF, so no shape notices it, and it
silently takes the node out of every rule that should judge it. SPARQL cannot tell which
defined term was meant (it has no string similarity), so this pre-pass, run before
validation, finds the unknown terms and writes what the `unknown-term` rule reports:

    ex:Mail cxs:usesUnknownTerm cx:Servise .
    cx:Servise cxs:nearestTerm cx:Service .

The defined terms come from the ontology graph the validation uses (`cx_terms`), never
from the `CX` namespace object, which makes up any name it is asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import OWL, RDF, Graph, URIRef

from cxgraph.namespace import CX, CXS
from cxgraph.ontology import cx_terms
from cxgraph.terms import to_rdflib

_TYPE = ox.NamedNode(str(RDF.type))
_USES, _NEAREST = ox.NamedNode(str(CXS.usesUnknownTerm)), ox.NamedNode(str(CXS.nearestTerm))
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CUTOFF = 0.6
"""How alike (difflib's ratio, 0 to 1) a defined name must be to be suggested."""

Subject = ox.NamedNode | ox.BlankNode


class Vocabulary:
    """The terms an ontology defines in the cx namespace, by kind, and the nearest of them.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> vocabulary = Vocabulary(load_ontology())
        >>> vocabulary.nearest(CX.Servise, as_class=True)
        rdflib.term.URIRef('https://w3id.org/cxgraph#Service')
        >>> vocabulary.nearest(CX.hasFacilty, as_class=False)
        rdflib.term.URIRef('https://w3id.org/cxgraph#hasFacility')
    """

    def __init__(self, ontology: Graph) -> None:
        self.defined = {str(term) for term in cx_terms(ontology)}
        properties = {str(s) for kind in _PROPERTY_TYPES for s in ontology.subjects(RDF.type, kind)}
        self._properties = sorted(self.defined & properties)
        self._classes = sorted(self.defined - properties)

    def nearest(self, term: URIRef, *, as_class: bool) -> URIRef | None:
        """The defined term whose name is closest to `term`'s, among classes (and individuals)
        or properties; case is ignored. None when nothing is alike enough."""
        candidates = self._classes if as_class else self._properties
        names = {_local(c).lower(): c for c in candidates}
        match = difflib.get_close_matches(_local(term).lower(), names, n=1, cutoff=_CUTOFF)
        return URIRef(names[match[0]]) if match else None


def unknown_term_triples(
    store: ox.Store, ontology: Graph | None, subjects: Iterable[Subject] | None = None
) -> Graph:
    """What the `unknown-term` rule reads about the portfolio in the store's default graph.

    `subjects` limits the check to the triples of those nodes (an incremental run);
    without an ontology nothing is known to be defined, so nothing is reported.

    Example:
        >>> from cxgraph.ontology import load_ontology
        >>> store = ox.Store()
        >>> store.add(ox.Quad(ox.NamedNode("urn:x"), _TYPE, ox.NamedNode(CX + "Servise")))
        >>> sorted(o.n3() for o in unknown_term_triples(store, load_ontology()).objects())
        ['<https://w3id.org/cxgraph#Service>', '<https://w3id.org/cxgraph#Servise>']
    """
    found = Graph()
    if ontology is None:
        return found
    vocabulary = Vocabulary(ontology)
    for subject, term, as_class in _uses(store, vocabulary.defined, subjects):
        unknown = URIRef(term.value)
        found.add((to_rdflib(subject), CXS.usesUnknownTerm, unknown))
        nearest = vocabulary.nearest(unknown, as_class=as_class)
        if nearest is not None:
            found.add((unknown, CXS.nearestTerm, nearest))
    return found


def _uses(
    store: ox.Store, defined: set[str], subjects: Iterable[Subject] | None
) -> Iterator[tuple[Subject, ox.NamedNode, bool]]:
    """(node, unknown term, used as a class?) for each unknown cx term a node uses."""
    default = ox.DefaultGraph()
    if subjects is not None:
        for subject in subjects:
            for quad in store.quads_for_pattern(subject, None, None, default):
                if _unknown(quad.predicate, defined):
                    yield subject, quad.predicate, False
                if quad.predicate == _TYPE and _unknown(quad.object, defined):
                    yield subject, quad.object, True  # type: ignore[misc]
        return
    # One scan of the default graph (the portfolio) for its distinct predicates and one index
    # lookup for its classes, then the nodes that use each (rare) unknown term. Filtering
    # the few distinct terms here is faster than a FILTER on every triple in the query.
    terms = [
        (row[0], as_class)
        for as_class, query in (
            (False, "SELECT DISTINCT ?term WHERE { ?s ?term ?o }"),
            (True, "SELECT DISTINCT ?term WHERE { ?s a ?term }"),
        )
        for row in store.query(query)  # type: ignore[union-attr]
        if _unknown(row[0], defined)
    ]
    for term, as_class in sorted(terms, key=lambda t: (t[0].value, t[1])):
        if as_class:
            pattern = store.quads_for_pattern(None, _TYPE, term, default)
        else:
            pattern = store.quads_for_pattern(None, term, None, default)
        for quad in pattern:
            if isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
                yield quad.subject, term, as_class


def _unknown(term: object, defined: set[str]) -> bool:
    return (
        isinstance(term, ox.NamedNode)
        and term.value.startswith(str(CX))
        and term.value not in defined
    )


def _local(term: str) -> str:
    return term.removeprefix(str(CX))
