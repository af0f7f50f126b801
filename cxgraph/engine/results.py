"""What validation finds, before it becomes a report or a `Finding`."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from cxgraph.engine.terms import OxTerm


@dataclass(frozen=True)
class ShapeResult:
    """One validation result: SHACL 1.0, section 3.6, with terms from the data store."""

    focus: OxTerm
    shape: Node
    """The shape whose constraint failed (`sh:sourceShape`), a node of the shapes graph."""
    component: URIRef
    severity: URIRef
    path: Node | None = None
    value: OxTerm | None = None
    messages: tuple[str, ...] = ()
    constraint: Node | None = None
    """The `sh:sparql` node, for SPARQL-based constraints (`sh:sourceConstraint`)."""
    details: tuple[ShapeResult, ...] = ()
    """For `sh:node`: the nested shape's results on the value node (`sh:detail`)."""
