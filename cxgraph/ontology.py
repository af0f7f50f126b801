"""The cxgraph ontology as a graph: its modules, terms and the module each term belongs to."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cxgraph.load import load_graph
from cxgraph.namespace import CX, bind_prefixes
from cxgraph.resources import ontology_dir, ontology_files

TERM_TYPES: tuple[URIRef, ...] = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)
"""The declaration types that make an IRI a term of the ontology."""


@lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    return load_graph([*ontology_files(), ontology_dir() / "cxgraph.ttl"])


def load_ontology() -> Graph:
    """Return a fresh copy of the whole ontology (all modules), prefixes bound.

    Example:
        >>> from cxgraph.namespace import CX
        >>> (CX.Service, RDF.type, OWL.Class) in load_ontology()
        True
    """
    graph = bind_prefixes(Graph())
    graph += _ontology_graph()
    return graph


def cx_terms(graph: Graph) -> set[URIRef]:
    """Return every declared term in the cx namespace.

    Example:
        >>> CX.hasFacility in cx_terms(load_ontology())
        True
    """
    return {
        subject
        for term_type in TERM_TYPES
        for subject in graph.subjects(RDF.type, term_type)
        if isinstance(subject, URIRef) and subject.startswith(str(CX))
    }


def defining_module(graph: Graph, term: URIRef) -> URIRef | None:
    """Return the module IRI a term is defined by, if it says."""
    module = graph.value(term, RDFS.isDefinedBy)
    return module if isinstance(module, URIRef) else None
