"""The one term model: RDF terms between pyoxigraph (the store), rdflib (graphs, reports) and
SPARQL text, and the one rule that names blank nodes read from files and request bodies.

Terms stay terms from the parser to the report: an IRI is never pasted into SPARQL between
`<` and `>` unchecked (`sparql_iri` refuses what is not an absolute IRI), and a blank node
never becomes a string that could be mistaken for an IRI.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from cxgraph.errors import InputError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A term the store holds or hands back in a solution."""

Term = URIRef | BNode | Literal
"""A term of a finding: the focus node or a value (rdflib's classes)."""

_XSD_STRING = str(XSD.string)


class InvalidIriError(InputError):
    """Text that should be an absolute IRI is not one; nothing was sent to any store."""

    def __init__(self, iri: str, reason: str) -> None:
        super().__init__("<iri>", f"not an absolute IRI: {iri[:200]!r} ({reason})")


# ---------------------------------------------------------------- SPARQL text


def sparql_iri(iri: str) -> str:
    """An IRI as SPARQL text, `<...>`; anything but an absolute IRI is an `InvalidIriError`.

    Example:
        >>> sparql_iri("https://example.org/a")
        '<https://example.org/a>'
        >>> sparql_iri("https://example.org/a> } DROP ALL #")
        Traceback (most recent call last):
        ...
        cxgraph.terms.InvalidIriError: <iri>: not an absolute IRI: ...
    """
    try:
        return str(ox.NamedNode(iri))
    except ValueError as error:
        raise InvalidIriError(iri, str(error)) from None


def sparql_term(term: URIRef | Literal | OxTerm) -> str:
    """An IRI or literal as SPARQL text (N-Triples spelling, datatype and language kept).

    Blank nodes cannot be named in a query; they are refused with a `ValueError`.

    Example:
        >>> sparql_term(Literal("4.0", datatype=XSD.decimal))
        '"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        >>> sparql_term(Literal("Laptop", lang="en"))
        '"Laptop"@en'
    """
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    if isinstance(term, URIRef):
        return sparql_iri(str(term))
    if isinstance(term, Literal):
        return str(to_ox(term))
    raise ValueError(f"a blank node ({term}) cannot be named in a SPARQL query")


# ---------------------------------------------------------------- between libraries


def to_ox(node: Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib term.

    Example:
        >>> to_ox(Literal("x", lang="en"))
        <Literal value=x language=en>
    """
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(_store_label(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = node.datatype or _XSD_STRING
        return ox.Literal(str(node), datatype=ox.NamedNode(str(datatype)))
    raise ValueError(f"not an RDF 1.1 term: {node!r}")


def to_rdflib(term: OxTerm | ox.Triple) -> Term:
    """The rdflib term equal to a store term, lexical form as stored.

    Example:
        >>> to_rdflib(ox.Literal("none", datatype=ox.NamedNode(str(XSD.boolean))))
        rdflib.term.Literal('none', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # RDF 1.1 plain literals are xsd:string, which rdflib writes without a datatype; kept
        # as stored, as rdflib would otherwise rewrite "none"^^xsd:boolean as "false".
        return Literal(
            term.value,
            datatype=None if datatype == _XSD_STRING else URIRef(datatype),
            normalize=False,
        )
    raise InputError("<data>", f"unsupported RDF term {term!r} (RDF 1.2 triple terms)")


def _store_label(label: str) -> str:
    # Oxigraph takes only N-Triples blank node labels; rdflib's may hold other characters.
    return label if label.replace("_", "").replace("-", "").isalnum() else label.encode().hex()


# ---------------------------------------------------------------- blank node names


def file_scope(path: Path) -> str:
    """A short tag unique to a file: blank node labels are local to the file they are in.

    Example:
        >>> len(file_scope(Path("a.ttl")))
        8
    """
    return hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()[:8]


def request_scope() -> str:
    """A tag unique to one request body: `_:x` in two writes names two nodes."""
    return uuid.uuid4().hex


def scoped_label(label: str, scope: str) -> str:
    """The store's label for the blank node written `_:label` in the source tagged `scope`.

    The one naming rule: loading, writing and locating findings in sources all use it, so a
    finding's blank node can be found again where it is written.

    Example:
        >>> scoped_label("b0", "1a2b3c4d")
        'b0_1a2b3c4d'
    """
    return f"{label}_{scope}"


def written_label(stored: str, scope: str) -> str | None:
    """The label as written in the source tagged `scope`, or None if it comes from elsewhere.

    Example:
        >>> written_label("b0_1a2b3c4d", "1a2b3c4d"), written_label("b0_ffff", "1a2b3c4d")
        ('b0', None)
    """
    suffix = f"_{scope}"
    return stored.removesuffix(suffix) if stored.endswith(suffix) else None


@overload
def scoped(
    term: ox.NamedNode | ox.BlankNode | ox.Triple, scope: str
) -> ox.NamedNode | ox.BlankNode: ...
@overload
def scoped(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, scope: str) -> OxTerm: ...
def scoped(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, scope: str) -> OxTerm:
    """A parsed term with its blank node label scoped; triple terms are refused."""
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(scoped_label(term.value, scope))
    if isinstance(term, ox.Triple):
        raise InputError("<data>", "RDF 1.2 triple terms are not supported")
    return term


def node_key(term: Term | OxTerm) -> str:
    """How a source index names a node: the IRI, or the blank node's (scoped) label."""
    return term.value if isinstance(term, OxTerm) else str(term)
