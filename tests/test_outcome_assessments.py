"""Outcome status over time: the rules assess each indicator and outcome month by month
(met, at risk, missed, not measured), both engines alike, and the answers are queryable."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cxgraph.engine import Engine
from cxgraph.load import load_graph
from cxgraph.namespace import CX
from cxgraph.ontology import load_ontology
from cxgraph.validation import Validator, load_shapes

DATA = Path(__file__).parent / "data" / "outcome-assessments.ttl"
E = "http://e/"
MET, RISK, MISSED, UNMEASURED = (
    "OutcomeAchieved", "OutcomeAtRisk", "OutcomeNotAchieved", "OutcomeNotMeasured"
)  # fmt: skip


@pytest.fixture(scope="module", params=[Engine.COMPILED, Engine.PYSHACL], ids=str)
def derived(request: pytest.FixtureRequest) -> Graph:
    validator = Validator(shapes=load_shapes(), ontology=load_ontology(), engine=request.param)
    return validator.derive(load_graph([DATA]))


def _assessed(derived: Graph, kind: str, subject_property: URIRef) -> dict[tuple[str, str], str]:
    rows = derived.query(
        f"""SELECT ?thing ?period ?status WHERE {{
            ?a a <{CX}{kind}> ; <{subject_property}> ?thing ;
               <{CX}assessmentPeriod> ?period ; <{CX}assessedStatus> ?status }}"""
    )
    return {
        (str(r.thing).removeprefix(E), str(r.period)): str(r.status).removeprefix(str(CX))
        for r in rows  # type: ignore[union-attr]
    }


def test_indicators_are_assessed_each_month(derived: Graph) -> None:
    assert _assessed(derived, "IndicatorAssessment", CX.assessesIndicator) == {
        ("I1", "2025-01"): MET,  # the month's latest reading (8) counts, not the first (12)
        ("I1", "2025-02"): RISK,  # 9.5 is within the at risk margin of 1 of "at most 10"
        ("I1", "2025-03"): MET,
        ("I3", "2025-01"): MET,
        ("I3", "2025-02"): MISSED,  # "at least" when no comparison is given
        ("I2", "2025-01"): RISK,  # NPS 35 meets 30, but 35 - 8 does not
        ("I2", "2025-02"): MET,
        ("I2", "2025-03"): MISSED,
    }


def test_outcomes_take_the_worst_of_their_indicators(derived: Graph) -> None:
    assert _assessed(derived, "OutcomeAssessment", CX.assessesOutcome) == {
        ("O1", "2025-01"): MET,
        ("O1", "2025-02"): MISSED,  # I3 missed outweighs I1 at risk
        ("O1", "2025-03"): UNMEASURED,  # I3 has no reading in March
        ("O2", "2025-01"): RISK,
        ("O2", "2025-02"): MET,
        ("O2", "2025-03"): MISSED,
    }


def test_the_current_status_is_the_latest_month(derived: Graph) -> None:
    assert derived.value(URIRef(E + "O1"), CX.hasOutcomeStatus) == CX.OutcomeNotMeasured
    assert derived.value(URIRef(E + "O2"), CX.hasOutcomeStatus) == CX.OutcomeNotAchieved


def test_the_assessed_value_is_kept(derived: Graph) -> None:
    value = derived.value(URIRef(E + "I1/assessment/2025-01"), CX.assessedValue)
    assert value is not None and float(value) == 8.0
