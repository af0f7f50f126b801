"""Writes judged before they land: a write that adds a finding is refused, store untouched."""

from __future__ import annotations

from collections.abc import Callable

from cxgraph.ontology import load_ontology
from cxgraph.report import Report, Severity
from cxgraph.store.base import GraphStore
from cxgraph.validate import load_shapes, validate_graph


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
) -> Report:
    """Try `write` on a snapshot; apply it to `store` only if it adds no finding at or above
    `threshold` (None: accept every write). Return the report of the new state."""
    trial = store.snapshot()
    write(trial)
    after = judge_store(trial)
    if threshold is not None:
        before = {f.fingerprint for f in judge_store(store).at_or_above(threshold)}
        added = tuple(f for f in after.at_or_above(threshold) if f.fingerprint not in before)
        if added:
            raise WriteRefusedError(Report(added))
    write(store)
    return after
