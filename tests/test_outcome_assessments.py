"""Outcome status over time: the rules assess each indicator and outcome month by month
(met, at risk, missed, not measured), both engines alike, and the answers are queryable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cxgraph.engine import Engine
from cxgraph.load import load_graph
from cxgraph.namespace import CX
from cxgraph.ontology import load_ontology
from cxgraph.report import Severity
from cxgraph.store.base import ASSERTED_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.writes import SparqlUpdate
from cxgraph.validation import Validator, load_shapes
from tests.conftest import EXAMPLE

DATA = Path(__file__).parent / "data" / "outcome-assessments.ttl"
E = "http://e/"
EX = "https://example.org/portfolio#"
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


def _statuses(store: EmbeddedStore, outcome: str) -> list[str]:
    answer = store.query(
        f"""SELECT ?status WHERE {{ GRAPH <{DERIVED_GRAPH}> {{
            <{EX}{outcome}> <{CX}hasOutcomeStatus> ?status }} }}""",
        "application/sparql-results+json",
    )
    rows = json.loads(answer.body)["results"]["bindings"]
    return sorted(r["status"]["value"].removeprefix(str(CX)) for r in rows)


def test_a_kept_derived_graph_follows_every_write() -> None:
    """What the rules derive stays queryable, is rewritten after a write, and is never
    read back as if the portfolio said it (a stale status would then block the new one)."""
    store = EmbeddedStore()
    store.load([EXAMPLE])
    guard = Validator().guard(store, Severity.VIOLATION, keep_derived=True)
    assert guard.refresh_derived() > 100
    assert _statuses(store, "LaptopBackToWorkOutcome") == [MET]  # February: 1.5 h, at most 2
    guard.write(
        SparqlUpdate(f"""PREFIX cx: <{CX}>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {{ <{EX}BackToWorkMarch2025> a cx:Measurement ;
            cx:measuresIndicator <{EX}BackToWorkIndicator> ; cx:measuredValue 3.5 ;
            cx:measuredAt "2025-03-31T17:00:00Z"^^xsd:dateTime }}""")
    )
    assert _statuses(store, "LaptopBackToWorkOutcome") == [MISSED]
    assert guard.report().summary() == Validator().validate(store).summary()


def _count(store: EmbeddedStore, query: str, defaults: list[str] | None = None) -> int:
    answer = store.query(query, "application/sparql-results+json", default_graphs=defaults)
    return len(json.loads(answer.body)["results"]["bindings"])


def test_the_served_graph_answers_class_hierarchy_and_keeps_asserted_apart() -> None:
    store = EmbeddedStore()
    store.load([EXAMPLE])
    stakeholders = f"SELECT DISTINCT ?x WHERE {{ ?x a <{CX}Stakeholder> }}"
    customers = f"SELECT DISTINCT ?x WHERE {{ ?x a <{CX}Customer> }}"
    assert _count(store, stakeholders) == 0  # nothing is typed a stakeholder outright
    Validator().guard(store, Severity.VIOLATION, keep_derived=True).refresh_derived()
    assert _count(store, stakeholders) >= _count(store, customers) > 0
    assert _count(store, stakeholders, [ASSERTED_GRAPH]) == 0, "asserted triples only"
    ontology = f"SELECT ?c WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c a <http://www.w3.org/2002/07/owl#Class> }} }}"
    assert _count(store, ontology) > 50
    # cxgraph's graphs are not part of the portfolio that is judged.
    assert Validator().validate(store).summary() == Validator().validate([EXAMPLE]).summary()
