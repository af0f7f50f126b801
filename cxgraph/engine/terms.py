"""Terms between rdflib (shapes), SPARQL text (compiled queries) and pyoxigraph (data)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A term the store hands back in a solution."""

_XSD_STRING = str(XSD.string)


def sparql_term(node: Node) -> str:
    """A shapes-graph constant as SPARQL text; blank nodes cannot be named in a query.

    Example:
        >>> sparql_term(Literal(5))
        '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(node, URIRef):
        return f"<{iri_text(node)}>"
    if isinstance(node, Literal):
        literal = to_ox(node)
        assert isinstance(literal, ox.Literal)
        return ox_to_sparql(literal)
    raise UnsupportedShapes(f"a blank node ({node.n3()}) as a constant in a constraint")


def iri_text(iri: str) -> str:
    """Escape what may not stand between angle brackets (none occur in valid IRIs)."""
    return "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)


def ox_to_sparql(term: ox.NamedNode | ox.Literal) -> str:
    """N-Triples spelling of a store term, which is valid SPARQL."""
    return str(term)


def to_ox(node: Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib term.

    Example:
        >>> to_ox(Literal("x", lang="en"))
        <Literal value=x language=en>
    """
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(_blank_label(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = node.datatype or _XSD_STRING
        return ox.Literal(str(node), datatype=ox.NamedNode(str(datatype)))
    raise UnsupportedShapes(f"the term {node!r}")


def to_rdflib(term: OxTerm) -> Node:
    """The rdflib term equal to a store term (plain literals without a datatype, as rdflib)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    # As stored: rdflib would otherwise rewrite the lexical form ("none"^^xsd:boolean as "false").
    return Literal(
        term.value,
        datatype=None if datatype == _XSD_STRING else URIRef(datatype),
        normalize=False,
    )


def _blank_label(label: str) -> str:
    # Oxigraph takes only N-Triples blank node labels; rdflib's may hold other characters.
    return label if label.replace("_", "").replace("-", "").isalnum() else label.encode().hex()
