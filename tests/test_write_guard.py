"""The write guard judges small writes by the focus nodes they can affect, and decides
every write as validating the whole store before and after would."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgraph.report import Finding, Severity
from cxgraph.store import EmbeddedStore
from cxgraph.store.guarded import WriteGuard, WriteRefusedError, guarded_write, judge_store
from cxgraph.store.writes import DropGraph, PutGraph, ReplaceDescription, SparqlUpdate, Write
from cxgraph.validate import findings_of

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio"
PREFIXES = (
    "@prefix cx: <https://w3id.org/cxgraph#> . @prefix ex: <https://example.org/portfolio#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
TURTLE = "text/turtle"
SIDE_GRAPH = "https://example.org/graphs/side"


def _turtle(text: str) -> tuple[tuple[bytes, str], ...]:
    return (((PREFIXES + text).encode(), TURTLE),)


# In order: each write sees the store the accepted ones before it left.
WRITES: list[tuple[str, Write]] = [
    (
        "a label, no new finding",
        PutGraph(None, _turtle('ex:LaptopService rdfs:comment "x" .'), False),
    ),
    (
        "an outcome with a vague statement",
        PutGraph(
            None,
            _turtle(
                'ex:Vague a cx:SuccessfulCustomerOutcome ; cx:statement "It is fast"@en ; '
                "cx:isStatedBy ex:PriyaNair ."
            ),
            False,
        ),
    ),
    (
        "a service described again without its support",
        ReplaceDescription(
            "https://example.org/portfolio#LaptopService",
            b'{"@id": "https://example.org/portfolio#LaptopService", '
            b'"@type": "https://w3id.org/cxgraph#Service", '
            b'"https://w3id.org/cxgraph#hasFacility": '
            b'{"@id": "https://example.org/portfolio#LaptopFacility"}}',
            "application/ld+json",
        ),
    ),
    (
        "an indicator as a blank node without its period, in a named graph",
        PutGraph(
            SIDE_GRAPH,
            _turtle(
                "ex:OfficeAt72Outcome cx:isMeasuredBy [ a cx:Indicator ; "
                "cx:metric ex:RoomTemperature ; cx:targetValue 70.0 ] ."
            ),
            False,
        ),
    ),
    (
        "a support described in a named graph",
        PutGraph(SIDE_GRAPH, _turtle('ex:LaptopSupport rdfs:comment "desk side"@en .'), True),
    ),
    ("the named graph dropped", DropGraph(SIDE_GRAPH)),
    ("the default graph emptied", DropGraph(None)),
    (
        "an update (judged whole)",
        SparqlUpdate(
            "PREFIX cx: <https://w3id.org/cxgraph#> PREFIX ex: <https://example.org/portfolio#> "
            'INSERT DATA { ex:Vague2 a cx:SuccessfulCustomerOutcome ; cx:statement "Nice"@en }'
        ),
    ),
]


def _key(finding: Finding) -> tuple[str, str, str]:
    focus = finding.focus if ":" in finding.focus else "_:blank"
    return finding.rule, focus, finding.path or ""


def _outcome(apply: object, write: Write) -> set[tuple[str, str, str]]:
    """The findings a refused write would add; empty if the write was accepted."""
    try:
        apply(write)  # type: ignore[operator]
    except WriteRefusedError as refused:
        return {_key(f) for f in refused.report.findings}
    return set()


@pytest.fixture(scope="module")
def decisions() -> list[tuple[str, set[tuple[str, str, str]], set[tuple[str, str, str]], str]]:
    incremental_store, whole_store = EmbeddedStore(), EmbeddedStore()
    incremental_store.load([EXAMPLE])
    whole_store.load([EXAMPLE])
    guard = WriteGuard(incremental_store, Severity.VIOLATION)
    found = []
    for name, write in WRITES:
        by_guard = _outcome(guard.write, write)
        whole = _outcome(lambda w: guarded_write(whole_store, w, Severity.VIOLATION), write)
        found.append((name, by_guard, whole, guard.judged_by))
    # Whatever was accepted, both stores hold the same portfolio.
    assert len(incremental_store) == len(whole_store)
    return found


def test_the_guard_refuses_what_whole_validation_refuses(decisions: list) -> None:  # type: ignore[type-arg]
    for name, by_guard, whole, _ in decisions:
        assert by_guard == whole, name


def test_small_writes_are_judged_by_their_focus_nodes(decisions: list) -> None:  # type: ignore[type-arg]
    judged_by = {name: how for name, _, _, how in decisions}
    assert judged_by["an outcome with a vague statement"] == "focus nodes"
    assert judged_by["an indicator as a blank node without its period, in a named graph"] == (
        "focus nodes"
    )
    assert judged_by["an update (judged whole)"] == "whole store"


def test_refusals_name_the_rules_broken(decisions: list) -> None:  # type: ignore[type-arg]
    refused = {name: {rule for rule, _, _ in found} for name, found, _, _ in decisions}
    assert refused["a label, no new finding"] == set()
    assert "service-supported-facility" in refused["a service described again without its support"]
    assert refused["an outcome with a vague statement"], "a vague statement breaks SCO rules"


def test_the_working_copy_stays_equal_to_the_store() -> None:
    store = EmbeddedStore()
    store.load([EXAMPLE])
    guard = WriteGuard(store, Severity.VIOLATION)
    for _, write in WRITES:
        _outcome(guard.write, write)
        state = guard._state  # the working copy under test
        if state is not None:
            copy = {_key(f) for f in findings_of(state.shapes, state.results()).findings}
            assert copy == {_key(f) for f in judge_store(store).findings}
