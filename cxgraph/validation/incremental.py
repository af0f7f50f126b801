"""Incremental validation: judge a small write by the focus nodes it can affect.

The server keeps a working copy of its store in memory (`ValidationState`): the portfolio
in the default graph, what validation adds to it (ontology, settings, text cues) in one
named graph and what the rules derive in another. A write of a few hundred triples then
costs a bounded amount of work, whatever the size of the store:

1. The *affected* nodes are those within `RADIUS` links of a node the write touches, before
   or after the write, walking only links the shapes read and against the direction they
   read them in (`cxgraph.engine.reach`); rdf:type links and very well-connected nodes
   (classes, metrics, maturity levels) are not crossed. Every cxgraph rule reads at most
   three links from its focus node, so a rule whose result could change has its focus among
   them.
2. The rules are validated on the affected focus nodes only, before and after the change
   (applied to the working copy, with cues and derived facts recomputed for those nodes).
3. The change is undone in the working copy if the write is refused.

A write that touches a well-connected node itself is judged by validating everything.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.analysis import cue_quads, outcome_statements
from cxgraph.engine.evaluate import CompiledValidator
from cxgraph.engine.reach import shape_reads
from cxgraph.engine.results import ShapeResult
from cxgraph.engine.rules import run_rules
from cxgraph.namespace import CX, CXS
from cxgraph.settings import RuleSettings
from cxgraph.store.writes import Change, Resource
from cxgraph.terms import to_ox
from cxgraph.validation.vocabulary import unknown_term_triples

RADIUS = 3
HUB_DEGREE = 1000
"""Nodes with more links than this are not crossed (they would reach the whole store)."""

WORKING = ox.NamedNode("urn:cxgraph:graph:working")
DERIVED = ox.NamedNode("urn:cxgraph:graph:derived")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_CUE_LINKS = (ox.NamedNode(str(CX.hasTextCue)), ox.NamedNode(str(CX.meetsCriterion)))
_UNKNOWN_TERM = ox.NamedNode(str(CXS.usesUnknownTerm))

Journal = list[tuple[bool, ox.Quad]]
"""What a change did to the working copy, in order: (added?, quad)."""


class TooWide(Exception):  # noqa: N818 (a verdict on the change, not a failure)
    """The change touches a well-connected node: validate everything instead."""


class ValidationState:
    """A working copy of a portfolio, kept validated as small changes arrive."""

    def __init__(
        self,
        portfolio: Iterable[ox.Triple],
        shapes: Graph,
        ontology: Graph | None,
        settings: RuleSettings,
        *,
        hubs: Iterable[Resource] = (),
        walls: Iterable[Resource] = (),
    ) -> None:
        self.store = ox.Store()
        self._hubs = set(hubs)
        """Nodes known to be well connected though the copy holds few of their links (it
        holds only a neighbourhood of a larger store: `cxgraph.validation.nearby`)."""
        self._walls = set(walls)
        """Nodes never walked through, though a change may link to them (the ontology's
        terms, for a neighbourhood: `cxgraph.validation.nearby`)."""
        self.shapes = shapes
        self._ontology = ontology
        self._reads = shape_reads(shapes)
        default = ox.DefaultGraph()
        self.store.bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, default) for t in portfolio
        )
        for extra in (ontology, settings.as_graph()):
            if extra is not None:
                self._add_graph(extra, WORKING)
        self.store.bulk_extend(cue_quads(outcome_statements(self.store), WORKING))
        self._add_graph(unknown_term_triples(self.store, ontology), WORKING)
        run_rules(self.store, shapes, into=DERIVED)

    def results(self, within: set[Resource] | None = None) -> list[ShapeResult]:
        """Validation results, for every focus node or only for those `within` selects."""
        found: dict[ShapeResult, None] = {}
        for pattern in [None] if within is None else _within(within):
            validator = CompiledValidator(self.store, self.shapes, within=pattern)
            for shape in validator.shapes_with_targets():
                found.update(dict.fromkeys(validator.validate_shape(shape)))
        return list(found)

    def affected(self, change: Change) -> set[Resource]:
        """The nodes within RADIUS links of what the change touches (see the module doc)."""
        start = change.nodes()
        if any(self._degree(node) > HUB_DEGREE for node in start - self._walls):
            raise TooWide
        reached = set(start)
        frontier = set(start)
        for _ in range(RADIUS):
            following: set[Resource] = set()
            for node in frontier:
                if node in self._walls or self._degree(node) > HUB_DEGREE:
                    continue
                following.update(self._neighbours(node))
            frontier = following - reached
            reached |= frontier
        return reached

    def judge(self, change: Change) -> tuple[list[ShapeResult], list[ShapeResult], Journal]:
        """Results around the change before and after it; the change stays applied.

        Undo it with `undo(journal)` if the write is refused.
        """
        around = self.affected(change)
        self._require_reachable(around)
        trial = self._apply_triples(change)
        try:
            around |= self.affected(change)  # what the change links to the nodes it names
            self._require_reachable(around)
        finally:
            self.undo(trial)
        before = self.results(around)
        journal = self._apply_triples(change)
        self._recompute(around, journal)
        return before, self.results(around), journal

    def undo(self, journal: Journal) -> None:
        for added, quad in reversed(journal):
            if added:
                self.store.remove(quad)
            else:
                self.store.add(quad)

    # ------------------------------------------------------------------ internals

    def _require_reachable(self, around: set[Resource]) -> None:
        """A query cannot name a blank node, so the blank nodes around a change are judged
        through the named nodes near them (`_within`); one none of those patterns reaches
        would go unjudged, so the change is `TooWide` and judged whole instead."""
        blank = {n for n in around if isinstance(n, ox.BlankNode) and self._degree(n) > 0}
        if not blank:
            return
        reached: set[object] = set()
        for pattern in _within(around):
            answer = self.store.query(
                f"SELECT ?this WHERE {{ {pattern} }}", use_default_graph_as_union=True
            )
            reached.update(row[0] for row in answer)  # type: ignore[union-attr]
        if blank - reached:
            raise TooWide

    def _apply_triples(self, change: Change) -> Journal:
        journal: Journal = []
        default = ox.DefaultGraph()
        for triple in change.deleted:
            self._remove(ox.Quad(triple.subject, triple.predicate, triple.object, default), journal)
        for triple in change.inserted:
            self._add(ox.Quad(triple.subject, triple.predicate, triple.object, default), journal)
        return journal

    def _recompute(self, around: set[Resource], journal: Journal) -> None:
        """Cues, unknown terms and derived facts of the nodes around a change, from scratch."""
        for node in around:
            for quad in list(self.store.quads_for_pattern(node, _UNKNOWN_TERM, None, WORKING)):
                self._remove(quad, journal)
            for quad in list(self.store.quads_for_pattern(node, None, None, DERIVED)):
                self._remove(quad, journal)
            for quad in list(self.store.quads_for_pattern(node, _CUE_LINKS[0], None, WORKING)):
                cue_node = quad.object
                if isinstance(cue_node, ox.NamedNode):
                    for cue in list(self.store.quads_for_pattern(cue_node, None, None, WORKING)):
                        self._remove(cue, journal)
                self._remove(quad, journal)
            for quad in list(self.store.quads_for_pattern(node, _CUE_LINKS[1], None, WORKING)):
                self._remove(quad, journal)
        statements = [
            statement
            for pattern in _within(around)
            for statement in outcome_statements(self.store, within=pattern)
        ]
        for quad in cue_quads(dict.fromkeys(statements), WORKING):
            self._add(quad, journal)
        for s, p, o in unknown_term_triples(self.store, self._ontology, around):
            self._add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), WORKING), journal)  # type: ignore[arg-type]
        for pattern in _within(around):
            for quad in run_rules(self.store, self.shapes, within=pattern, into=DERIVED):
                journal.append((True, quad))

    def _add(self, quad: ox.Quad, journal: Journal) -> None:
        if quad not in self.store:
            self.store.add(quad)
            journal.append((True, quad))

    def _remove(self, quad: ox.Quad, journal: Journal) -> None:
        if quad in self.store:
            self.store.remove(quad)
            journal.append((False, quad))

    def _add_graph(self, graph: Graph, into: ox.NamedNode) -> None:
        self.store.bulk_extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), into)  # type: ignore[arg-type]
            for s, p, o in graph
        )

    def _degree(self, node: Resource) -> int:
        if node in self._hubs:
            return HUB_DEGREE + 1
        count = 0
        for _ in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph()):
            count += 1
            if count > HUB_DEGREE:
                return count
        for _ in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph()):
            count += 1
            if count > HUB_DEGREE:
                return count
        return count

    def _neighbours(self, node: Resource) -> set[Resource]:
        """Nodes one portfolio or derived link away from which a rule could read `node`: the
        subjects of links rules read forward, the objects of links they read inversely (every
        link, when the shapes' reads cannot be told). The ontology's links are not followed."""
        reads = self._reads
        found: set[Resource] = set()
        for graph in (ox.DefaultGraph(), DERIVED):
            for quad in self.store.quads_for_pattern(node, None, None, graph):
                if quad.predicate == _TYPE or not isinstance(quad.object, Resource):
                    continue
                if reads is None or quad.predicate.value in reads.inverse:
                    found.add(quad.object)
            for quad in self.store.quads_for_pattern(None, None, node, graph):
                subject = quad.subject
                if quad.predicate == _TYPE or not isinstance(subject, Resource):
                    continue
                if reads is None or quad.predicate.value in reads.forward:
                    found.add(subject)
        return found


def _within(nodes: set[Resource]) -> list[str]:
    """Patterns on ?this that together match the given nodes, each one cheap to evaluate.

    A query cannot name a blank node, so blank nodes are matched as the blank nodes one or
    two links (either way) from the named nodes: more than needed, and never fewer, as
    `ValidationState._require_reachable` makes sure. Each pattern starts with
    a VALUES list, which the store turns into index lookups.
    """
    named = " ".join(str(n) for n in nodes if isinstance(n, ox.NamedNode))
    if not named:
        return []
    patterns = [f"VALUES ?this {{ {named} }}"]
    if any(isinstance(n, ox.BlankNode) for n in nodes):
        near = "{{ {0} ?{2} ?{1} }} UNION {{ ?{1} ?{2} {0} }} FILTER(isBlank(?{1}))"
        patterns += [
            f"VALUES ?_anchor {{ {named} }} " + near.format("?_anchor", "this", "_link"),
            f"VALUES ?_anchor {{ {named} }} "
            + near.format("?_anchor", "_middle", "_link")
            + " "
            + near.format("?_middle", "this", "_link2"),
        ]
    return patterns
