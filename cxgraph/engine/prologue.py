"""PREFIX declarations collected from the shapes' SPARQL texts (`sh:prefixes`)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.terms import InvalidIriError, sparql_iri


class Prologue:
    """The prefixes every compiled query starts with; clashing declarations are refused."""

    def __init__(self, shapes: Graph) -> None:
        self._shapes = shapes
        self.prefixes: dict[str, str] = {}

    def declare_for(self, node: Node) -> None:
        """Add the `sh:declare`s of the ontologies a SPARQL-based node names in `sh:prefixes`,
        and of the ontologies those import (`owl:imports`, as far as the shapes graph holds)."""
        shapes = self._shapes
        for ontology in _with_imports(shapes, shapes.objects(node, SH.prefixes)):
            for declaration in shapes.objects(ontology, SH.declare):
                prefix = shapes.value(declaration, SH.prefix)
                namespace = shapes.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    self.add({str(prefix): str(namespace)})

    def add(self, prefixes: dict[str, str]) -> None:
        for prefix, namespace in prefixes.items():
            known = self.prefixes.setdefault(prefix, namespace)
            if known != namespace:
                raise UnsupportedShapes(f"prefix {prefix}: declared as {known} and {namespace}")

    def text(self) -> str:
        return "".join(f"PREFIX {p}: {_namespace(n)}\n" for p, n in sorted(self.prefixes.items()))


def _with_imports(shapes: Graph, ontologies: Iterable[Node]) -> list[Node]:
    found: list[Node] = []
    pending = list(ontologies)
    while pending:
        ontology = pending.pop()
        if ontology not in found:
            found.append(ontology)
            pending += shapes.objects(ontology, OWL.imports)
    return found


def _namespace(namespace: str) -> str:
    try:
        return sparql_iri(namespace)
    except InvalidIriError as error:
        raise UnsupportedShapes(f"sh:namespace {namespace!r}: {error.message}") from None
