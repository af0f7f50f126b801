"""Terms in compiled queries: constants of the shapes graph written as SPARQL.

The conversions between rdflib and pyoxigraph are `cxgraph.terms`' (re-exported here for the
engine's modules); what the engine adds is that a shapes-graph constant it cannot write into
a query (a blank node, an invalid IRI) makes the shape unsupported, so pySHACL judges it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.terms import InvalidIriError, OxTerm, to_ox, to_rdflib
from cxgraph.terms import sparql_term as term_text

__all__ = ["OxTerm", "sparql_term", "to_ox", "to_rdflib"]


def sparql_term(node: Node) -> str:
    """A shapes-graph constant as SPARQL text; blank nodes cannot be named in a query.

    Example:
        >>> from rdflib import Literal
        >>> sparql_term(Literal(5))
        '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if not isinstance(node, URIRef | Literal):
        raise UnsupportedShapes(f"a blank node ({node.n3()}) as a constant in a constraint")
    try:
        return term_text(node)
    except (InvalidIriError, ValueError) as error:
        raise UnsupportedShapes(f"the constant {node.n3()}: {error}") from None
