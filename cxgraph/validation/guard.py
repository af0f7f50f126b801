"""Writes judged before they land: a write that adds a finding is refused, store untouched.

The guard judges as its `Validator` does: the same shapes, ontology, rule settings and
`cxs:suppress` annotations. A small write to an embedded store is judged incrementally
(`cxgraph.validation.incremental`): by the focus nodes it can affect, in a validated working
copy kept beside the store. A small write to a remote store is judged the same way, on a
copy of only the neighbourhood the shapes read, fetched for that write
(`cxgraph.validation.nearby`). Other writes (a SPARQL update with a WHERE clause, a large or
well-connected change) are tried on a snapshot that is validated whole, before and after.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.reach import shape_reads
from cxgraph.report import Finding, Report, Severity
from cxgraph.safety.outbound import prepared_update
from cxgraph.store.base import DERIVED_GRAPH, ONTOLOGY_GRAPH, GraphStore
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.remote import RemoteStore
from cxgraph.store.writes import Change, QuadDelta, SparqlUpdate, Write
from cxgraph.validation.derived_upkeep import facts_about, replacement, touched_subjects
from cxgraph.validation.incremental import Journal, TooWide, ValidationState
from cxgraph.validation.nearby import (
    ATTEMPTS,
    ConcurrentChange,
    fetch_neighbourhood,
    remote_change,
    unchanged,
    vocabulary_terms,
)
from cxgraph.validation.working import suppressions

if TYPE_CHECKING:
    from rdflib import Graph

    from cxgraph.validation.validator import Validator

SMALL_WRITE = 5000
"""Quads a write may touch and still be judged incrementally."""


class WriteRefusedError(Exception):
    """The write would add findings at or above the threshold; they are in `report`."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.findings)} new findings")
        self.report = report


class WriteGuard:
    """Judges and applies the writes to one store, one at a time."""

    def __init__(
        self,
        validator: Validator,
        store: GraphStore,
        threshold: Severity | None,
        *,
        keep_derived: bool = False,
    ) -> None:
        self.validator = validator
        self.store = store
        self.threshold = threshold
        self.keep_derived = keep_derived
        """Rewrite the derived facts' graph (`DERIVED_GRAPH`) after every accepted write."""
        self._lock = threading.Lock()
        self._state: ValidationState | None = None
        self._compiles_not = False
        self.judged_by = ""
        """How the last write was judged: "focus nodes" or "whole store"."""
        self.derived_by = ""
        """How the derived facts' graph was last brought up to date: "focus nodes" or
        "whole store"."""
        self._judged: tuple[ValidationState, Journal, Change] | None = None
        """The working copy, journal and change of the last write judged by focus nodes."""

    def write(self, write: Write) -> None:
        """Apply `write` unless it adds a finding at or above the threshold
        (`WriteRefusedError`); a malformed body raises `InputError` and changes nothing."""
        if isinstance(write, SparqlUpdate):
            # Checked, and any allowed LOAD fetched, once: the trial and the store then run
            # the same text.
            write = SparqlUpdate(
                prepared_update(write.text, self.store.limits, write.base), write.base
            )
            # Rehearsed where it can be stopped: the trial below could not be.
            self.store.rehearse(write.text, write.base)
        with self._lock:
            self._judged = None
            self._apply(write)
            if self.keep_derived:
                self._keep_derived_current()

    def _keep_derived_current(self) -> None:
        """After a write judged by its focus nodes, replace the served facts about the nodes
        it can have changed (`cxgraph.validation.derived_upkeep`); else derive them all."""
        if self._judged is None or not self.store.has_graph(DERIVED_GRAPH):
            self.refresh_derived()
            return
        state, journal, change = self._judged
        subjects = touched_subjects(journal, change)
        if any(isinstance(s, ox.BlankNode) for s in subjects):
            self.refresh_derived()  # a query cannot name a blank node
            return
        facts = facts_about(state, subjects, self.validator.ontology)
        self.store.update(replacement(subjects, facts))
        self.derived_by = "focus nodes"

    def refresh_derived(self) -> int:
        """Replace the derived facts' graph with what the rules derive from the store now,
        and the class and property hierarchy's entailments (`rdfs_closure`), in one write;
        return how many facts it holds. The ontology's graph is written the first time."""

        from cxgraph.validation.entailment import rdfs_closure

        def triples(graph: Graph) -> list[ox.Triple]:
            data = graph.serialize(format="nt", encoding="utf-8")
            return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]

        self.derived_by = "whole store"
        derived = triples(self.validator.derive(self.store))
        ontology = self.validator.ontology
        working = self.store.union_store()
        working.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in derived)
        if ontology is not None:
            working.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object) for t in triples(ontology)
            )
        facts = derived + rdfs_closure(working)
        if ontology is not None and not self.store.has_graph(ONTOLOGY_GRAPH):
            body = ontology.serialize(format="nt", encoding="utf-8")
            self.store.put_graph(ONTOLOGY_GRAPH, [(body, "application/n-triples")], replace=True)
        body = ox.serialize(facts, format=ox.RdfFormat.N_TRIPLES) or b""
        if not body and not self.store.has_graph(DERIVED_GRAPH):
            return 0
        self.store.put_graph(DERIVED_GRAPH, [(body, "application/n-triples")], replace=True)
        return len(facts)

    def _apply(self, write: Write) -> None:
        if self.threshold is None:
            write(self.store)
            return
        self.judged_by = "focus nodes"
        if isinstance(self.store, RemoteStore) and self._judged_nearby(write):
            return
        delta = self._small_delta(write)
        if delta is None or not self._judged_incrementally(delta):
            self.judged_by = "whole store"
            self._state = None  # rebuilt from the store when next needed
            self._judged_whole(write)

    def report(self) -> Report:
        """The store's findings now: from the validated working copy where writes are judged
        incrementally and it is built, else by validating the whole store."""
        with self._lock:
            state = self._state
            if state is None:
                return self.validator.validate(self.store)
            found = self.validator.report(state.results())
            return found.suppressing(suppressions(state.store))

    def warm(self) -> None:
        """Build the working copy now rather than at the first write (it takes seconds); for
        a remote store, work out what the shapes read and judge an empty neighbourhood once,
        so that the first write costs what the others do."""
        with self._lock:
            if isinstance(self.store, RemoteStore):
                validator = self.validator
                shape_reads(validator.active_shapes)
                empty = ValidationState([], validator.active_shapes, validator.ontology,
                                        validator.settings)  # fmt: skip
                empty.results()
            elif self._incremental():
                try:
                    self._working_copy()
                except UnsupportedShapes:
                    self._compiles_not = True

    def _judged_whole(self, write: Write) -> None:
        assert self.threshold is not None
        trial = self.store.snapshot()
        write(trial)
        known = self.validator.validate(self.store).at_or_above(self.threshold)
        _refuse_added(known, self.validator.validate(trial).at_or_above(self.threshold))
        write(self.store)

    def _incremental(self) -> bool:
        return isinstance(self.store, EmbeddedStore) and not self._compiles_not

    def _small_delta(self, write: Write) -> QuadDelta | None:
        if not self._incremental():
            return None
        assert isinstance(self.store, EmbeddedStore)
        delta = self.store.delta(write)
        return delta if delta is not None and len(delta) <= SMALL_WRITE else None

    def _judged_incrementally(self, delta: QuadDelta) -> bool:
        """Judge and apply `delta`; False if it must be judged whole instead."""
        assert isinstance(self.store, EmbeddedStore) and self.threshold is not None
        try:
            state = self._working_copy()
            suppressed_before = suppressions(state.store)
            change = self.store.union_change(delta)
            before, after, journal = state.judge(change)
        except TooWide:
            return False
        except UnsupportedShapes:
            self._compiles_not = True  # some rule needs pySHACL: judge every write whole
            return False
        try:
            known = self.validator.report(before).suppressing(suppressed_before)
            found = self.validator.report(after).suppressing(suppressions(state.store))
            _refuse_added(known.at_or_above(self.threshold), found.at_or_above(self.threshold))
            self.store.apply(delta)
            self._judged = (state, journal, change)
        except BaseException:
            state.undo(journal)
            raise
        return True

    def _judged_nearby(self, write: Write) -> bool:
        """Judge `write` to a remote store on its neighbourhood and apply it; False if it
        must be judged whole instead. Judged again if another client changed the
        neighbourhood meanwhile (`cxgraph.validation.nearby`)."""
        assert isinstance(self.store, RemoteStore) and self.threshold is not None
        if self._compiles_not:
            return False
        change = remote_change(self.store, write)
        if change is None or len(change.inserted) + len(change.deleted) > SMALL_WRITE:
            return False
        validator = self.validator
        shapes = validator.active_shapes
        for _ in range(ATTEMPTS):
            try:
                walls = vocabulary_terms(validator.ontology)
                seen = fetch_neighbourhood(self.store, change, shape_reads(shapes), walls)
                state = ValidationState(seen.triples, shapes, validator.ontology,
                                        validator.settings, hubs=seen.hubs, walls=walls)  # fmt: skip
                suppressed_before = suppressions(state.store)
                before, after, journal = state.judge(change)
            except TooWide:
                return False
            except UnsupportedShapes:
                self._compiles_not = True
                return False
            known = validator.report(before).suppressing(suppressed_before)
            found = validator.report(after).suppressing(suppressions(state.store))
            _refuse_added(known.at_or_above(self.threshold), found.at_or_above(self.threshold))
            if unchanged(self.store, seen):
                write(self.store)
                self._judged = (state, journal, change)
                return True
        raise ConcurrentChange(
            f"other clients changed what this write touches {ATTEMPTS} times while it was "
            "judged; send it again"
        )

    def _working_copy(self) -> ValidationState:
        if self._state is None:
            assert isinstance(self.store, EmbeddedStore)
            validator = self.validator
            self._state = ValidationState(
                self.store.triples(),
                validator.active_shapes,
                validator.ontology,
                validator.settings,
            )
        return self._state


def _refuse_added(before: list[Finding], after: list[Finding]) -> None:
    known = {f.fingerprint for f in before}
    added = tuple(f for f in after if f.fingerprint not in known)
    if added:
        raise WriteRefusedError(Report(added))
