"""Cases the rules' own passing and failing examples do not show: implied relationships,
unknown terms, the reference date, and the edges of the newer rules."""

from __future__ import annotations

import datetime

import pytest
from rdflib import Graph

from cxgraph.engine import Engine
from cxgraph.namespace import PREFIXES
from cxgraph.report import Finding
from cxgraph.settings import RuleSettings
from cxgraph.validation import load_shapes, validate_graph

SHAPES = load_shapes()
PROLOGUE = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + (
    "@prefix ex: <https://example.org/portfolio#> .\n"
)
EX = "https://example.org/portfolio#"


def _findings(
    snippet: str,
    ontology: Graph | None,
    rule: str,
    settings: RuleSettings | None = None,
    engine: Engine = Engine.AUTO,
) -> list[Finding]:
    data = Graph().parse(data=PROLOGUE + snippet, format="turtle")
    report = validate_graph(data, SHAPES, ontology=ontology, settings=settings, engine=engine)
    return [f for f in report.findings if f.rule == rule]


def _foci(findings: list[Finding]) -> set[str]:
    return {str(f.focus).removeprefix(EX) for f in findings}


# ---------------------------------------------------------------- implied relationships

PARTIES = """
ex:Finance a cx:Customer ; rdfs:label "Finance"@en ; cx:hasMaturityLevel cx:CustomerDriven ;
    cx:consumesService ex:Erp .
ex:ErpTeam a cx:Provider ; rdfs:label "ERP team"@en ; cx:hasMaturityLevel cx:SystemDriven ;
    cx:providesService ex:Erp .
"""


@pytest.mark.parametrize("engine", [Engine.COMPILED, Engine.PYSHACL])
def test_an_implied_relationship_is_judged_on_the_customer(ontology: Graph, engine: Engine) -> None:
    (finding,) = _findings(PARTIES, ontology, "maturity-mismatch", engine=engine)
    assert _foci([finding]) == {"Finance"}
    assert str(finding.value) == EX + "Erp"
    assert finding.path_text == "https://w3id.org/cxgraph#consumesService"
    assert EX + "ErpTeam" in finding.message and "no relationship recorded" in finding.message


@pytest.mark.parametrize(
    "recorded",
    [
        "ex:R a cx:ServiceRelationship ; cx:customer ex:Finance ; cx:provider ex:ErpTeam ; cx:service ex:Erp .",
        "ex:R a cx:ServiceRelationship ; cx:customer ex:Finance ; cx:provider ex:ErpTeam .",
    ],
    ids=["for this service", "for no service in particular"],
)
def test_a_recorded_relationship_is_judged_alone(ontology: Graph, recorded: str) -> None:
    found = _findings(PARTIES + recorded, ontology, "maturity-mismatch")
    assert _foci(found) == {"R"}


def test_a_relationship_for_another_service_does_not_cover_this_one(ontology: Graph) -> None:
    other = (
        "ex:R a cx:ServiceRelationship ; cx:customer ex:Finance ; cx:provider ex:ErpTeam ; "
        "cx:service ex:Payroll ."
    )
    assert _foci(_findings(PARTIES + other, ontology, "maturity-mismatch")) == {"R", "Finance"}


def test_an_implied_relationship_across_the_boundary_is_a_boundary_warning(
    ontology: Graph,
) -> None:
    snippet = PARTIES.replace("cx:SystemDriven", "cx:ServiceDriven")
    assert _findings(snippet, ontology, "maturity-mismatch") == []
    assert _foci(_findings(snippet, ontology, "maturity-boundary")) == {"Finance"}


def test_the_threshold_applies_to_implied_relationships(ontology: Graph) -> None:
    settings = RuleSettings(maturity_mismatch_threshold=3)
    assert _findings(PARTIES, ontology, "maturity-mismatch", settings) == []


# ---------------------------------------------------------------- unknown terms


@pytest.mark.parametrize("engine", [Engine.COMPILED, Engine.PYSHACL])
def test_unknown_terms_are_named_with_the_nearest_defined_one(
    ontology: Graph, engine: Engine
) -> None:
    snippet = 'ex:Mail a cx:Servise ; rdfs:label "Mail"@en ; cx:hasFacilty ex:Box .'
    found = {
        (f.path_text, str(f.value), f.message)
        for f in _findings(snippet, ontology, "unknown-term", engine=engine)
    }
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert {(path, value) for path, value, _ in found} == {
        (rdf_type, "https://w3id.org/cxgraph#Servise"),
        ("https://w3id.org/cxgraph#hasFacilty", "https://w3id.org/cxgraph#hasFacilty"),
    }
    messages = sorted(message for _, _, message in found)
    assert "did you mean cx:Service?" in messages[0]
    assert "did you mean cx:hasFacility?" in messages[1]


def test_a_term_like_no_defined_one_gets_no_suggestion(ontology: Graph) -> None:
    (finding,) = _findings("ex:X a cx:Zzyzx .", ontology, "unknown-term")
    assert "did you mean" not in finding.message and "cxgraph ontology docs" in finding.message


def test_defined_terms_and_other_namespaces_are_not_reported(ontology: Graph) -> None:
    snippet = (
        'ex:Mail a cx:Service , ex:Servise ; cxs:suppress "touchpoint-channel" ; '
        "ex:hasFacilty ex:Box ; cx:hasFacility ex:Box ."
    )
    assert _findings(snippet, ontology, "unknown-term") == []


def test_without_an_ontology_nothing_is_known_to_be_unknown() -> None:
    assert _findings("ex:Mail a cx:Servise .", None, "unknown-term") == []


# ---------------------------------------------------------------- the reference date

WAVES = """
ex:Benchmark a cx:BenchmarkSurvey ; rdfs:label "Annual survey"@en .
ex:Wave a cx:SurveyWave ; rdfs:label "Wave"@en ; cx:waveOf ex:Benchmark ;
    cx:wavePurpose "Baseline"@en ; cx:fieldworkEndedOn "2025-03-14"^^xsd:date ;
    cx:resultsSharedOn "2025-04-20"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("today", "reported"),
    [
        (datetime.date(2026, 3, 14), False),  # 12 months to the day: still within
        (datetime.date(2026, 3, 15), True),
        (datetime.date(2025, 12, 1), False),
    ],
)
def test_the_latest_wave_is_judged_as_of_the_reference_date(
    ontology: Graph, today: datetime.date, reported: bool
) -> None:
    settings = RuleSettings(reference_date=today)
    found = _findings(WAVES, ontology, "benchmark-closes-loop", settings)
    assert bool(found) == reported
    if reported:
        assert _foci(found) == {"Benchmark"} and today.isoformat() in found[0].message


def test_without_a_reference_date_today_is_the_day_of_the_run(ontology: Graph) -> None:
    recent = datetime.date.today() - datetime.timedelta(days=30)
    snippet = WAVES.replace("2025-03-14", recent.isoformat())
    assert _findings(snippet, ontology, "benchmark-closes-loop") == []
    assert _foci(_findings(WAVES.replace("2025-03-14", "2001-01-01"), ontology,
                           "benchmark-closes-loop")) == {"Benchmark"}  # fmt: skip


def test_a_benchmark_survey_without_waves_is_reported_and_undated_waves_on_their_own(
    ontology: Graph,
) -> None:
    lonely = 'ex:Benchmark a cx:BenchmarkSurvey ; rdfs:label "Annual survey"@en .'
    (finding,) = _findings(lonely, ontology, "benchmark-closes-loop")
    assert "no wave at all" in finding.message
    undated = WAVES.replace('cx:fieldworkEndedOn "2025-03-14"^^xsd:date ;', "")
    found = _findings(undated, ontology, "benchmark-closes-loop")
    assert [(f.focus.removeprefix(EX), f.path_text) for f in found] == [
        ("Wave", "https://w3id.org/cxgraph#fieldworkEndedOn")
    ]


def test_waves_of_other_surveys_are_not_asked_to_close_the_loop(ontology: Graph) -> None:
    snippet = WAVES.replace("cx:BenchmarkSurvey", "cx:TransactionalSurvey")
    assert _findings(snippet, ontology, "benchmark-closes-loop") == []


# ---------------------------------------------------------------- the other newer rules


def test_facets_linked_from_the_facet_side_count(ontology: Graph) -> None:
    snippet = """
        ex:Mail a cx:Service ; cx:hasFacility ex:Box ; cx:hasSupport ex:Desk .
        ex:A a cx:FacilityFunctionality ; cx:isFacetOf ex:Mail .
        ex:B a cx:FacilityFunctioning ; cx:isFacetOf ex:Mail .
        ex:C a cx:SupportFunctionality ; cx:isFacetOf ex:Mail .
        ex:D a cx:SupportFunctioning ; cx:isFacetOf ex:Mail ."""
    assert _findings(snippet, ontology, "service-four-facets") == []


def test_a_service_without_support_is_asked_only_for_its_facility_facets(
    ontology: Graph,
) -> None:
    (finding,) = _findings("ex:Mail a cx:Service ; cx:hasFacility ex:Box .", ontology,
                           "service-four-facets")  # fmt: skip
    assert "facility functionality" in finding.message and "support" not in finding.message


@pytest.mark.parametrize(
    ("offering", "reported"),
    [
        ("cx:offersGood ex:Thing . ex:Thing a cx:Good ; cx:ownershipTransferred true", False),
        ("cx:offersGood ex:Thing . ex:Thing a cx:Good ; cx:ownershipTransferred false", True),
        ("cx:offersGood ex:Thing . ex:Thing a cx:Good", True),
        ("cx:offersGood ex:Thing . ex:Thing a cx:ResourceAccess", True),
        ("cx:offersResourceAccess ex:Thing . ex:Thing a cx:ResourceAccess", False),
        ("cx:offersResourceAccess ex:Thing . ex:Thing cx:ownershipTransferred true", True),
    ],
)
def test_offerings_hand_over_goods_and_lend_resources(
    ontology: Graph, offering: str, reported: bool
) -> None:
    found = _findings(f"ex:Offer a cx:ServiceOffering ; {offering} .", ontology,
                      "offering-ownership")  # fmt: skip
    assert bool(found) == reported
    assert all(str(f.value) == EX + "Thing" for f in found)


@pytest.mark.parametrize(
    ("question", "answer", "reported"),
    [
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5", 2, True),
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5", 3, False),
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5", 0, False),  # off the scale
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5 ; "
         "cx:questionMetric cx:CustomerEffortScore", 5, True),  # effort: lower is better
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5 ; "
         "cx:questionMetric cx:CustomerEffortScore", 1, False),
        ("cx:questionScaleMinimum 0 ; cx:questionScaleMaximum 10 ; "
         "cx:questionMetric cx:NetPromoterScore", 6, True),
        ("cx:questionScaleMinimum 0 ; cx:questionScaleMaximum 10 ; "
         "cx:questionMetric cx:NetPromoterScore", 7, False),
        ("cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 7", 1, False),
    ],
)  # fmt: skip
def test_negative_answers_are_told_by_their_scale(
    ontology: Graph, question: str, answer: int, reported: bool
) -> None:
    snippet = (
        f"ex:Answer a cx:Response ; cx:answersQuestion ex:Q ; cx:responseValue {answer}.0 .\n"
        f"ex:Q a cx:Question ; {question} ."
    )
    assert bool(_findings(snippet, ontology, "negative-feedback-reviewed")) == reported


def test_an_outcome_stated_by_a_nameless_provider_is_reported_once(ontology: Graph) -> None:
    snippet = (
        "ex:Outcome a cx:SuccessfulCustomerOutcome ; cx:isStatedBy ex:It ; "
        "cx:isAddressedBy ex:Mail .\nex:It a cx:Provider ."
    )
    assert _findings(snippet, ontology, "sco-linked") == []
    assert _foci(_findings(snippet, ontology, "sco-stakeholder")) == {"Outcome"}


def test_an_outcome_its_service_names_is_linked(ontology: Graph) -> None:
    snippet = (
        "ex:Outcome a cx:SuccessfulCustomerOutcome ; cx:isStatedBy ex:Finance .\n"
        'ex:Finance a cx:Customer ; skos:prefLabel "Finance"@en .\n'
        "ex:Close a cx:Service ; cx:addressesOutcome ex:Outcome ."
    )
    assert _findings(snippet, ontology, "sco-linked") == []


def test_a_score_beside_a_result_is_enough(ontology: Graph) -> None:
    snippet = (
        "ex:Outcome a cx:SuccessfulCustomerOutcome ; cx:isMeasuredBy ex:Nps , ex:Ces .\n"
        "ex:Nps a cx:Indicator ; cx:metric cx:NetPromoterScore .\n"
        "ex:Ces a cx:Indicator ; cx:metric cx:CustomerEffortScore ."
    )
    (finding,) = _findings(snippet, ontology, "sco-score-only")
    assert "(NPS, CES)" in finding.message
    result = snippet + "\nex:Hours a cx:Indicator ; cx:metric ex:Hours .\n"
    result = result.replace("ex:Nps , ex:Ces", "ex:Nps , ex:Ces , ex:Hours")
    assert _findings(result, ontology, "sco-score-only") == []
