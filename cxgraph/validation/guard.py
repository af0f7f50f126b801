"""Writes judged before they land: a write that adds a finding is refused, store untouched.

A small write to an embedded store is judged incrementally (`cxgraph.incremental`): by the
focus nodes it can affect, in a validated working copy kept beside the store. Other writes
(a SPARQL update, a large or well-connected change, a remote store) are tried on a snapshot
that is validated whole, before and after.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.incremental import TooWide, ValidationState
from cxgraph.ontology import load_ontology
from cxgraph.report import Finding, Report, Severity
from cxgraph.settings import RuleSettings
from cxgraph.store.base import GraphStore
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.writes import QuadDelta, Write
from cxgraph.validate import findings_of, load_shapes, validate_graph

SMALL_WRITE = 5000
"""Quads a write may touch and still be judged incrementally."""


class WriteRefusedError(Exception):
    """The write would add findings at or above the threshold; they are in `report`."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.findings)} new findings")
        self.report = report


def judge_store(store: GraphStore) -> Report:
    """Validate everything the store holds."""
    return validate_graph(store.graph(), load_shapes(), ontology=load_ontology())


def guarded_write(
    store: GraphStore, write: Callable[[GraphStore], object], threshold: Severity | None
) -> None:
    """Try `write` on a snapshot; apply it to `store` only if it adds no finding at or above
    `threshold` (None: accept every write)."""
    if threshold is None:
        write(store)
        return
    trial = store.snapshot()
    write(trial)
    before = {f.fingerprint for f in judge_store(store).at_or_above(threshold)}
    _refuse_added(before, judge_store(trial).at_or_above(threshold))
    write(store)


class WriteGuard:
    """Judges and applies the writes to one store, one at a time."""

    def __init__(self, store: GraphStore, threshold: Severity | None) -> None:
        self.store = store
        self.threshold = threshold
        self._lock = threading.Lock()
        self._state: ValidationState | None = None
        self._compiles_not = False
        self.judged_by = ""
        """How the last write was judged: "focus nodes" or "whole store"."""

    def write(self, write: Write) -> None:
        """Apply `write` unless it adds a finding at or above the threshold
        (`WriteRefusedError`); a malformed body raises `InputError` and changes nothing."""
        with self._lock:
            delta = self._small_delta(write)
            self.judged_by = "focus nodes"
            if delta is None or not self._judged_incrementally(delta):
                self.judged_by = "whole store"
                self._state = None  # rebuilt from the store when next needed
                guarded_write(self.store, write, self.threshold)

    def warm(self) -> None:
        """Build the working copy now rather than at the first write (it takes seconds)."""
        with self._lock:
            if self._incremental():
                try:
                    self._working_copy()
                except UnsupportedShapes:
                    self._compiles_not = True

    def _incremental(self) -> bool:
        return (
            self.threshold is not None
            and isinstance(self.store, EmbeddedStore)
            and not self._compiles_not
        )

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
            before, after, journal = state.judge(self.store.union_change(delta))
        except TooWide:
            return False
        except UnsupportedShapes:
            self._compiles_not = True  # some rule needs pySHACL: judge every write whole
            return False
        try:
            known = findings_of(state.shapes, before).at_or_above(self.threshold)
            _refuse_added(
                {f.fingerprint for f in known},
                findings_of(state.shapes, after).at_or_above(self.threshold),
            )
            self.store.apply(delta)
        except BaseException:
            state.undo(journal)
            raise
        return True

    def _working_copy(self) -> ValidationState:
        if self._state is None:
            assert isinstance(self.store, EmbeddedStore)
            self._state = ValidationState(
                self.store.triples(), load_shapes(), load_ontology(), RuleSettings()
            )
        return self._state


def _refuse_added(before: set[str], after: list[Finding]) -> None:
    added = tuple(f for f in after if f.fingerprint not in before)
    if added:
        raise WriteRefusedError(Report(added))
