"""Which links the shapes read, and in which direction, as seen from their focus nodes.

Incremental validation walks from the nodes a write touches back to the focus nodes whose
results could change. A result depends only on what its shape reads from the focus node, so
that walk need only follow the predicates the shapes name, against the direction they are
read in: if a rule reads `$this cx:isMeasuredBy ?indicator`, a change to an indicator matters
to the outcomes that point at it, not to everything the indicator points at.

Paths come from `sh:path` (sequences, alternatives, inverse and repeated paths) and from the
triple patterns of SPARQL constraints, targets and rules, each pattern oriented by which of
its ends lies nearer `$this`. A shape whose reads cannot be told (a variable or negated
predicate, a query that does not parse, a triple rule) makes the answer None: follow every
link both ways.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef, Variable
from rdflib.namespace import SH
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from cxgraph.engine.prologue import Prologue

_TEXTS = (SH.select, SH.ask, SH.construct)
_THIS = Variable("this")


class _UnknownReadError(Exception):
    """A read whose predicate or direction cannot be told."""


@dataclass
class Reads:
    """Predicates read away from the focus (`forward`: focus side is the subject) and towards
    it (`inverse`: focus side is the object)."""

    forward: set[str] = field(default_factory=set)
    inverse: set[str] = field(default_factory=set)

    def add(self, predicate: str, *, inverse: bool) -> None:
        (self.inverse if inverse else self.forward).add(predicate)


def shape_reads(shapes: Graph) -> Reads | None:
    """Every link the shapes read, by direction; None if some read cannot be told.

    Worked out once per shapes graph (parsing the SPARQL texts takes seconds) and kept
    while the graph lives: a shapes graph is not changed after it is loaded."""
    if shapes not in _READS:
        _READS[shapes] = _shape_reads(shapes)
    return _READS[shapes]


_READS: weakref.WeakKeyDictionary[Graph, Reads | None] = weakref.WeakKeyDictionary()


def _shape_reads(shapes: Graph) -> Reads | None:
    reads = Reads()
    try:
        for path in set(shapes.objects(None, SH.path)):
            _path_reads(shapes, path, reads, inverse=False)
        if any(True for _ in shapes.subjects(None, SH.TripleRule)):
            raise _UnknownReadError("triple rules")
        for node, text in _sparql_texts(shapes):
            prologue = Prologue(shapes)
            prologue.declare_for(node)
            _query_reads(prologue.prefixes, str(text), reads)
    except _UnknownReadError:
        return None
    return reads


def _sparql_texts(shapes: Graph) -> Iterator[tuple[Node, Node]]:
    for predicate in _TEXTS:
        yield from shapes.subject_objects(predicate)


def _path_reads(shapes: Graph, path: Node, reads: Reads, *, inverse: bool) -> None:
    if isinstance(path, URIRef):
        reads.add(str(path), inverse=inverse)
        return
    steps = list(shapes.items(path))
    if steps:
        for step in steps:
            _path_reads(shapes, step, reads, inverse=inverse)
        return
    for kind in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        for inner in shapes.objects(path, kind):
            _path_reads(shapes, inner, reads, inverse=inverse)
    for inner in shapes.objects(path, SH.inversePath):
        _path_reads(shapes, inner, reads, inverse=not inverse)
    for inner in shapes.objects(path, SH.alternativePath):
        _path_reads(shapes, inner, reads, inverse=inverse)


def _query_reads(prefixes: dict[str, str], text: str, reads: Reads) -> None:
    try:
        query = prepareQuery(text, initNs=prefixes)
    except Exception as error:  # rdflib raises pyparsing's and its own errors alike
        raise _UnknownReadError(f"unparsed query: {error}") from None
    patterns = list(_triple_patterns(query.algebra))
    distance = _distances(patterns)
    for subject, predicate, obj in patterns:
        near_subject = distance.get(subject, len(distance) + 1)
        near_object = distance.get(obj, len(distance) + 1)
        if near_subject <= near_object:
            _predicate_reads(predicate, reads, inverse=False)
        if near_object <= near_subject:
            _predicate_reads(predicate, reads, inverse=True)


def _predicate_reads(predicate: Node | Path, reads: Reads, *, inverse: bool) -> None:
    if isinstance(predicate, URIRef):
        reads.add(str(predicate), inverse=inverse)
    elif isinstance(predicate, InvPath):
        _predicate_reads(predicate.arg, reads, inverse=not inverse)
    elif isinstance(predicate, SequencePath | AlternativePath):
        for step in predicate.args:
            _predicate_reads(step, reads, inverse=inverse)
    elif isinstance(predicate, MulPath):
        _predicate_reads(predicate.path, reads, inverse=inverse)
    elif isinstance(predicate, NegatedPath | Variable):
        raise _UnknownReadError("a link read by a variable or negated predicate")
    else:
        raise _UnknownReadError(f"a predicate {predicate!r}")


def _triple_patterns(algebra: object) -> Iterator[tuple[Node, Node | Path, Node]]:
    """Every triple pattern in a query's algebra, inside FILTER EXISTS and MINUS too."""
    if isinstance(algebra, CompValue):
        if algebra.name in {"BGP", "TriplesBlock"} or "triples" in algebra:
            for triple in algebra.get("triples") or []:
                # The group of an EXISTS stays as parsed: the triples sharing a subject
                # (`?s <p> ?a ; <q> ?b`) come as one flat list, subject repeated.
                terms = tuple(triple)
                for start in range(0, len(terms) - 2, 3):
                    yield terms[start : start + 3]
        for value in algebra.values():
            yield from _triple_patterns(value)
    elif isinstance(algebra, list | tuple):
        for item in algebra:
            yield from _triple_patterns(item)


def _distances(patterns: list[tuple[Node, Node | Path, Node]]) -> dict[Node, int]:
    """Links from `$this` to each term, over the patterns taken as undirected edges."""
    neighbours: dict[Node, set[Node]] = {}
    for subject, _, obj in patterns:
        neighbours.setdefault(subject, set()).add(obj)
        neighbours.setdefault(obj, set()).add(subject)
    distance: dict[Node, int] = {_THIS: 0}
    queue = deque([_THIS])
    while queue:
        term = queue.popleft()
        for other in neighbours.get(term, ()):
            if other not in distance and isinstance(other, Variable):
                distance[other] = distance[term] + 1
                queue.append(other)
    return distance
