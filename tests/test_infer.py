"""The rule engine derives facts, and `cxgraph infer` writes them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from cxgraph.cli.main import main
from cxgraph.namespace import CX
from cxgraph.validation import Validator
from tests.conftest import EXAMPLE

EX = "https://example.org/portfolio#"


@pytest.fixture(scope="module")
def derived(example: Graph, ontology: Graph) -> Graph:
    return Validator(ontology=ontology).derive(example)


@pytest.mark.parametrize(
    ("relationship", "gap", "customer", "provider", "working"),
    [
        ("OfficeClimateRelationship", 2, CX.OutsideIn, CX.InsideOut, CX.SystemDriven),
        ("FranchiseLaptopRelationship", 2, CX.InsideOut, CX.InsideOut, CX.TechnologyDriven),
        ("FinanceCloseRelationship", 1, CX.OutsideIn, CX.InsideOut, CX.ServiceDriven),
    ],
)
def test_relationship_maturity_is_derived(
    derived: Graph, relationship: str, gap: int, customer: URIRef, provider: URIRef, working: URIRef
) -> None:
    node = URIRef(EX + relationship)
    # The store keeps integer-derived datatypes as xsd:integer; the value is what counts.
    assert derived.value(node, CX.maturityGap) == Literal(str(gap), datatype=XSD.integer)
    assert derived.value(node, CX.customerOrientation) == customer
    assert derived.value(node, CX.providerOrientation) == provider
    assert derived.value(node, CX.relationshipMaturityLevel) == working


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("LaptopBackToWorkOutcome", CX.OutcomeAchieved),  # latest 1.5 h against at most 2 h
        ("OfficeAt72Outcome", CX.OutcomeNotAchieved),  # 69.5 °F against exactly 72 °F
        ("BooksClosedOutcome", CX.OutcomeNotMeasured),  # no measurement yet
        ("HeatingUnitStatement", CX.OutcomeNotMeasured),  # no indicator at all
    ],
)
def test_outcome_status_is_derived(derived: Graph, outcome: str, status: URIRef) -> None:
    assert derived.value(URIRef(EX + outcome), CX.hasOutcomeStatus) == status


def test_party_orientation_is_derived(derived: Graph, example: Graph) -> None:
    parties = set(example.subjects(CX.hasMaturityLevel, None))
    assert parties and all(derived.value(p, CX.hasValueOrientation) for p in parties)


def test_achieved_margin_of_error_matches_the_worked_example(derived: Graph) -> None:
    margin = derived.value(URIRef(EX + "LaptopBenchmark2025Wave"), CX.achievedMarginOfError)
    assert isinstance(margin, Literal)
    assert abs(Decimal(str(margin)) - Decimal("0.058")) < Decimal("0.001")


def test_derived_facts_hold_only_additions(derived: Graph, example: Graph) -> None:
    assert len(derived) > 0
    assert not any(triple in example for triple in derived)


def test_infer_writes_a_file_and_bad_input_leaves_it_alone(tmp_path: Path) -> None:
    out = tmp_path / "derived.ttl"
    assert main(["infer", str(EXAMPLE), "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert (
        Graph()
        .parse(data=written, format="turtle")
        .value(URIRef(EX + "OfficeAt72Outcome"), CX.hasOutcomeStatus)
        == CX.OutcomeNotAchieved
    )
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://e/> .\nex:a ex:b .\n", encoding="utf-8")
    assert main(["infer", str(broken), "-o", str(out)]) == 3
    assert out.read_text(encoding="utf-8") == written
