"""Namespaces of cxgraph and the vocabularies it aligns with."""

from __future__ import annotations

from rdflib import Graph, Namespace

CX = Namespace("https://w3id.org/cxgraph#")
"""Terms of the cxgraph ontology (classes, properties, individuals)."""

CXS = Namespace("https://w3id.org/cxgraph/shapes#")
"""Shapes and rule ids of cxgraph."""

PREFIXES: dict[str, str] = {
    "cx": str(CX),
    "cxs": str(CXS),
    "dcterms": "http://purl.org/dc/terms/",
    "dqv": "http://www.w3.org/ns/dqv#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qudt": "http://qudt.org/schema/qudt/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "time": "http://www.w3.org/2006/time#",
    "unit": "http://qudt.org/vocab/unit/",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""Prefixes cxgraph binds when it writes RDF and prepends to SPARQL queries."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the cxgraph prefixes on a graph and return it.

    Example:
        >>> dict(bind_prefixes(Graph()).namespaces())["cx"]
        rdflib.term.URIRef('https://w3id.org/cxgraph#')
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


JSONLD_CONTEXT: dict[str, object] = {
    **{prefix: PREFIXES[prefix] for prefix in ("cx", "rdfs", "xsd", "unit", "skos")},
    "label": {"@id": "rdfs:label", "@language": "en"},
    # The outcomes whose cx:isAddressedBy names a service, nested in the service.
    "outcomesAddressed": {"@reverse": "cx:isAddressedBy"},
}
"""The JSON-LD context of the resource routes, published at `/context.jsonld`. A body that
refers to it by that address gets it inlined: no other context is ever fetched."""

JSONLD_CONTEXT_PATH = "/context.jsonld"
