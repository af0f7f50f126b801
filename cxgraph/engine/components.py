"""SHACL Core constraints on single value nodes, as SPARQL filter expressions.

Each function returns an expression over `?value` that is true when the value node
*violates* the constraint. Comparisons are wrapped in COALESCE so that an error (a value
of the wrong kind) counts as a violation, as SHACL requires.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.terms import sparql_term

ValueCheck = Callable[[Graph, Node, Node], str]

# Datatypes whose lexical forms the store can check by casting (XPath casts).
_CASTABLE = {
    XSD.decimal, XSD.integer, XSD.float, XSD.double, XSD.boolean,
    XSD.dateTime, XSD.date, XSD.time, XSD.duration,
    XSD.dayTimeDuration, XSD.yearMonthDuration,
}  # fmt: skip
# Oxigraph stores every valid integer-derived literal as xsd:integer (and canonical lexical
# forms), so it cannot tell "5"^^xsd:int from "5"^^xsd:integer: pySHACL judges those.
_STORED_AS_INTEGER = {
    XSD[name]
    for name in (
        "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


def datatype(_: Graph, __: Node, wanted: Node) -> str:
    term = sparql_term(wanted)
    if wanted in _STORED_AS_INTEGER:
        raise UnsupportedShapes(
            f"sh:datatype {wanted} (the store keeps such values as xsd:integer)"
        )
    if wanted == RDF.langString:
        return "!(isLiteral(?value) && lang(?value) != '')"
    well_formed = (
        f" && COALESCE(isLiteral({term}(STR(?value))), false)" if wanted in _CASTABLE else ""
    )
    return f"!(isLiteral(?value) && datatype(?value) = {term}{well_formed})"


def node_kind(_: Graph, __: Node, kind: Node) -> str:
    try:
        return f"!{_NODE_KINDS[kind]}"  # type: ignore[index]
    except KeyError:
        raise UnsupportedShapes(f"sh:nodeKind {kind}") from None


def _compare(operator: str) -> ValueCheck:
    def check(_: Graph, __: Node, bound: Node) -> str:
        return f"!COALESCE(?value {operator} {sparql_term(bound)}, false)"

    return check


def _length(operator: str) -> ValueCheck:
    def check(_: Graph, __: Node, bound: Node) -> str:
        limit = sparql_term(bound)
        return f"(isBlank(?value) || !COALESCE(STRLEN(STR(?value)) {operator} {limit}, false))"

    return check


def pattern(shapes: Graph, shape: Node, regex: Node) -> str:
    flags = shapes.value(shape, SH.flags)
    flag_text = f", {sparql_term(Literal(str(flags)))}" if flags is not None else ""
    expression = f"REGEX(STR(?value), {sparql_term(Literal(str(regex)))}{flag_text})"
    return f"(isBlank(?value) || !COALESCE({expression}, false))"


def language_in(shapes: Graph, _: Node, head: Node) -> str:
    tags = [str(tag) for tag in Collection(shapes, head)]
    matches = " || ".join(f"langMatches(lang(?value), {sparql_term(Literal(t))})" for t in tags)
    return f"!(isLiteral(?value) && ({matches or 'false'}))"


def one_of(shapes: Graph, _: Node, head: Node) -> str:
    members = list(Collection(shapes, head))
    same = " || ".join(f"sameTerm(?value, {sparql_term(m)})" for m in members)
    return f"!({same or 'false'})"


VALUE_CHECKS: dict[URIRef, tuple[URIRef, ValueCheck]] = {
    SH.datatype: (SH.DatatypeConstraintComponent, datatype),
    SH.nodeKind: (SH.NodeKindConstraintComponent, node_kind),
    SH.minInclusive: (SH.MinInclusiveConstraintComponent, _compare(">=")),
    SH.maxInclusive: (SH.MaxInclusiveConstraintComponent, _compare("<=")),
    SH.minExclusive: (SH.MinExclusiveConstraintComponent, _compare(">")),
    SH.maxExclusive: (SH.MaxExclusiveConstraintComponent, _compare("<")),
    SH.minLength: (SH.MinLengthConstraintComponent, _length(">=")),
    SH.maxLength: (SH.MaxLengthConstraintComponent, _length("<=")),
    SH.pattern: (SH.PatternConstraintComponent, pattern),
    SH.languageIn: (SH.LanguageInConstraintComponent, language_in),
    SH["in"]: (SH.InConstraintComponent, one_of),
}
"""Parameter -> (constraint component, check) for the constraints judged value by value: the
registry of these components (an entry is all the compiler needs, see `evaluate._component`)."""
