"""The write guard decides every write as validating the whole store before and after would,
judging small writes by the focus nodes they can affect; after every write its view of the
store's findings is exactly a whole-store validation's, blank nodes included."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode

from cxgraph.report import Finding, Report, Severity
from cxgraph.settings import RuleSettings
from cxgraph.store import EmbeddedStore
from cxgraph.store.writes import DropGraph, PutGraph, ReplaceDescription, SparqlUpdate, Write
from cxgraph.validation import Validator, WriteGuard, WriteRefusedError

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio"
PREFIXES = (
    "@prefix cx: <https://w3id.org/cxgraph#> . @prefix ex: <https://example.org/portfolio#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix cxs: <https://w3id.org/cxgraph/shapes#> .\n"
)
TURTLE = "text/turtle"
SIDE_GRAPH = "https://example.org/graphs/side"
BLANK = re.compile(r"_:\w+")


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
        "two blank-node outcomes, both vague",
        PutGraph(
            None,
            _turtle(
                '[] a cx:SuccessfulCustomerOutcome ; cx:statement "Seamless support"@en ; '
                "cx:isStatedBy ex:PriyaNair . "
                '[] a cx:SuccessfulCustomerOutcome ; cx:statement "Fast help"@en ; '
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
        "the same vague outcome, suppressed by the data",
        PutGraph(
            None,
            _turtle(
                'ex:Quiet a cx:SuccessfulCustomerOutcome ; cx:statement "It is fast"@en ; '
                'cx:isStatedBy ex:PriyaNair ; cxs:suppress "sco-measurable", '
                '"sco-outside-in", "sco-actionable", "sco-indicator", "sco-linked" .'
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
        "an update of data only",
        SparqlUpdate(
            "PREFIX cx: <https://w3id.org/cxgraph#> PREFIX ex: <https://example.org/portfolio#> "
            'INSERT DATA { ex:Vague2 a cx:SuccessfulCustomerOutcome ; cx:statement "Nice"@en }'
        ),
    ),
    (
        "an update with a WHERE clause (judged whole)",
        SparqlUpdate(
            "PREFIX cx: <https://w3id.org/cxgraph#> PREFIX ex: <https://example.org/portfolio#> "
            'INSERT { ?o cx:statement "Swift"@en } WHERE { ?o a cx:SuccessfulCustomerOutcome '
            "FILTER(?o = ex:Vague2) }"
        ),
    ),
]


@dataclass(frozen=True)
class Decision:
    name: str
    refused: Counter[tuple[str, ...]]
    """What the guard's refusal reported (empty: accepted)."""
    oracle: Counter[tuple[str, ...]]
    """What whole-store validation before and after says the write adds."""
    judged_by: str
    view_matches: bool
    """After the write, the guard's findings equal a whole-store validation's, exactly."""
    unchanged_when_refused: bool


def _described(finding: Finding) -> tuple[str, ...]:
    """A finding as a refusal is compared: a blank focus node (labelled anew by each parse of
    a request body) by what is said about it, its message and path."""
    focus = "_:" if isinstance(finding.focus, BNode) else finding.focus_text
    value = "_:" if isinstance(finding.value, BNode) else str(finding.value)
    return finding.rule, focus, finding.path_text or "", value, BLANK.sub("_:", finding.message)


def _exact(report: Report) -> Counter[str]:
    return Counter(f"{f.fingerprint}|{f.value}|{f.status}|{f.severity}" for f in report.findings)


def _decide(validator: Validator, guard: WriteGuard, name: str, write: Write) -> Decision:
    store = guard.store
    before = validator.validate(store)
    trial = store.snapshot()
    write(trial)
    known = {f.fingerprint for f in before.at_or_above(Severity.VIOLATION)}
    added = [
        f
        for f in validator.validate(trial).at_or_above(Severity.VIOLATION)
        if f.fingerprint not in known
    ]
    quads_before = len(store)
    refused: Counter[tuple[str, ...]] = Counter()
    try:
        guard.write(write)
    except WriteRefusedError as refusal:
        refused = Counter(_described(f) for f in refusal.report.findings)
    return Decision(
        name=name,
        refused=refused,
        oracle=Counter(_described(f) for f in added),
        judged_by=guard.judged_by,
        view_matches=_exact(guard.report()) == _exact(validator.validate(store)),
        unchanged_when_refused=not refused or len(store) == quads_before,
    )


@pytest.fixture(scope="module", params=["default settings", "rules re-graded and off"])
def decisions(request: pytest.FixtureRequest) -> list[Decision]:
    settings = (
        RuleSettings()
        if request.param == "default settings"
        else RuleSettings(
            disabled=frozenset({"sco-outside-in"}),
            severities={"service-supported-facility": Severity.WARNING},
        )
    )
    validator = Validator(settings=settings)
    store = EmbeddedStore()
    store.load([EXAMPLE])
    guard = validator.guard(store, Severity.VIOLATION)
    guard.warm()
    return [_decide(validator, guard, name, write) for name, write in WRITES]


def test_the_guard_refuses_what_whole_validation_refuses(decisions: list[Decision]) -> None:
    for decision in decisions:
        assert decision.refused == decision.oracle, decision.name
        assert decision.unchanged_when_refused, decision.name


def test_after_each_write_the_guard_sees_what_whole_validation_sees(
    decisions: list[Decision],
) -> None:
    for decision in decisions:
        assert decision.view_matches, decision.name


def test_small_writes_are_judged_by_their_focus_nodes(decisions: list[Decision]) -> None:
    judged_by = {d.name: d.judged_by for d in decisions}
    assert judged_by["an outcome with a vague statement"] == "focus nodes"
    assert judged_by["two blank-node outcomes, both vague"] == "focus nodes"
    assert judged_by["an indicator as a blank node without its period, in a named graph"] == (
        "focus nodes"
    )
    assert judged_by["an update of data only"] == "focus nodes"
    assert judged_by["an update with a WHERE clause (judged whole)"] == "whole store"


def test_refusals_follow_the_rules_and_settings(decisions: list[Decision]) -> None:
    refused = {d.name: {key[0] for key in d.refused} for d in decisions}
    assert refused["a label, no new finding"] == set()
    assert refused["the same vague outcome, suppressed by the data"] == set()
    vague = refused["two blank-node outcomes, both vague"]
    assert sum(decisions[2].refused.values()) >= 2, "one finding per blank outcome at least"
    assert "sco-measurable" in vague
    support = refused["a service described again without its support"]
    regraded = "service-supported-facility" not in support
    assert regraded == ("sco-outside-in" not in vague), "settings apply to both or neither"
