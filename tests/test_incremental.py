"""Incremental validation judges a change by the focus nodes it can affect: the results it
keeps for the other nodes plus those it recomputes are exactly what validating the changed
portfolio from scratch gives, blank nodes included, and undoing restores the start."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.engine.results import ShapeResult
from cxgraph.load import load_store
from cxgraph.store.writes import Change
from cxgraph.validation import Validator
from cxgraph.validation.incremental import ValidationState

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio"
CX = "https://w3id.org/cxgraph#"
EX = "https://example.org/portfolio#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VALIDATOR = Validator()


def _cx(name: str) -> ox.NamedNode:
    return ox.NamedNode(CX + name)


def _ex(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


INDICATOR = ox.BlankNode("newindicator")
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
CHANGES = {
    "new outcome with a vague statement": Change(
        inserted=[
            ox.Triple(_ex("New"), RDF_TYPE, _cx("SuccessfulCustomerOutcome")),
            ox.Triple(_ex("New"), _cx("statement"), ox.Literal("It is fast", language="en")),
        ]
    ),
    "support removed from a service": Change(
        deleted=[ox.Triple(_ex("LaptopService"), _cx("hasSupport"), _ex("LaptopSupport"))]
    ),
    "a blank-node indicator without its period": Change(
        inserted=[
            ox.Triple(_ex("OfficeAt72Outcome"), _cx("isMeasuredBy"), INDICATOR),
            ox.Triple(INDICATOR, RDF_TYPE, _cx("Indicator")),
            ox.Triple(INDICATOR, _cx("metric"), _ex("RoomTemperature")),
            ox.Triple(INDICATOR, _cx("targetValue"), ox.Literal("70.0", datatype=XSD_DECIMAL)),
        ]
    ),
    "a misspelt class": Change(
        inserted=[ox.Triple(_ex("LaptopService"), RDF_TYPE, _cx("Servise"))],
    ),
    "a misspelt property corrected": Change(
        deleted=[
            ox.Triple(_ex("ExtraZoneWish"), _cx("concernService"), _ex("OfficeClimateService"))
        ],
        inserted=[
            ox.Triple(_ex("ExtraZoneWish"), _cx("concernsService"), _ex("OfficeClimateService"))
        ],
    ),
    "a relationship recorded for a pair that implied one": Change(
        inserted=[
            ox.Triple(_ex("ErpRelationship"), RDF_TYPE, _cx("ServiceRelationship")),
            ox.Triple(_ex("ErpRelationship"), _cx("customer"), _ex("NorthwindFinance")),
            ox.Triple(_ex("ErpRelationship"), _cx("provider"), _ex("ErpPlatformTeam")),
            ox.Triple(_ex("ErpRelationship"), _cx("service"), _ex("ErpPlatformService")),
        ]
    ),
    "a provider two links from the customer it is judged on grows a level": Change(
        deleted=[ox.Triple(_ex("ErpPlatformTeam"), _cx("hasMaturityLevel"), _cx("SystemDriven"))],
        inserted=[ox.Triple(_ex("ErpPlatformTeam"), _cx("hasMaturityLevel"), _cx("ServiceDriven"))],
    ),
    "a new benchmark wave": Change(
        inserted=[
            ox.Triple(_ex("LaptopBenchmark2026Wave"), RDF_TYPE, _cx("SurveyWave")),
            ox.Triple(_ex("LaptopBenchmark2026Wave"), _cx("waveOf"), _ex("LaptopBenchmarkSurvey")),
            ox.Triple(
                _ex("LaptopBenchmark2026Wave"),
                _cx("fieldworkEndedOn"),
                ox.Literal("2026-03-13", datatype=XSD_DATE),
            ),
        ]
    ),
}


def _portfolio() -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in load_store([EXAMPLE])]


def _state() -> ValidationState:
    return ValidationState(
        _portfolio(), VALIDATOR.active_shapes, VALIDATOR.ontology, VALIDATOR.settings
    )


def _keys(results: list[ShapeResult]) -> Counter[tuple[str, str, str, str]]:
    return Counter((str(r.focus), str(r.shape), str(r.component), str(r.value)) for r in results)


def _from_scratch(change: Change) -> Counter[tuple[str, str, str, str]]:
    """Validate the changed portfolio in a fresh working copy, all focus nodes."""
    triples = dict.fromkeys(_portfolio())
    for triple in change.deleted:
        triples.pop(triple, None)
    triples.update(dict.fromkeys(change.inserted))
    fresh = ValidationState(
        list(triples), VALIDATOR.active_shapes, VALIDATOR.ontology, VALIDATOR.settings
    )
    return _keys(fresh.results())


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_kept_and_recomputed_results_equal_validating_from_scratch(name: str) -> None:
    state = _state()
    change = CHANGES[name]
    start = state.results()
    around = state.affected(change)  # as `judge` does: the nodes near the change, before...
    before, after, journal = state.judge(change)
    around |= state.affected(change)  # ...and after it
    recomputed = around | {r.focus for r in [*before, *after]}
    kept = [r for r in start if r.focus not in recomputed]
    assert _keys(kept + after) == _from_scratch(change)
    assert _keys(after) != _keys(before), "the change matters"
    state.undo(journal)
    assert _keys(state.results()) == _keys(start)


def test_the_whole_pipeline_agrees_with_the_working_copy() -> None:
    """The working copy's full results give the findings the validator gives the portfolio."""
    state = _state()
    store = load_store([EXAMPLE])
    whole = VALIDATOR.judge(store)
    copy = VALIDATOR.report(state.results())
    assert sorted(f.fingerprint for f in copy.findings) == sorted(
        f.fingerprint for f in whole.findings
    )
