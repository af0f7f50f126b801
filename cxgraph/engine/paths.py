"""SHACL property paths as SPARQL property paths (SHACL 1.0, section 2.3.1)."""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.terms import sparql_term

_UNARY = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


def sparql_path(shapes: Graph, path: Node) -> str:
    """The SPARQL spelling of the SHACL path at `path`.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
        ...     "<s> sh:path ( <p> [ sh:inversePath <q> ] ) .", format="turtle",
        ...     publicID="http://e/")
        >>> sparql_path(g, g.value(URIRef("http://e/s"), URIRef(str(SH.path))))
        '(<http://e/p>/(^<http://e/q>))'
    """
    if isinstance(path, URIRef):
        return sparql_term(path)
    if not isinstance(path, BNode):
        raise UnsupportedShapes(f"the path {path!r}")
    forms = [p for p in (SH.alternativePath, *_UNARY, RDF.first) if shapes.value(path, p)]
    if len(forms) > 1:
        raise UnsupportedShapes(f"a path node of several kinds at once ({len(forms)})")
    if shapes.value(path, SH.alternativePath) is not None:
        members = _members(shapes, shapes.value(path, SH.alternativePath))
        return "(" + "|".join(sparql_path(shapes, m) for m in members) + ")"
    for predicate, template in _UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return "(" + template.format(sparql_path(shapes, inner)) + ")"
    members = _members(shapes, path)
    if len(members) < 2:
        raise UnsupportedShapes("a sequence path with fewer than two members")
    return "(" + "/".join(sparql_path(shapes, m) for m in members) + ")"


def _members(shapes: Graph, head: Node | None) -> list[Node]:
    if head is None:
        raise UnsupportedShapes("an empty path list")
    return list(Collection(shapes, head))
