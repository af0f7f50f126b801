"""The bundled example portfolio holds the source documents' own cases."""

from __future__ import annotations

import pytest
from rdflib import Graph

from cxgraph.namespace import PREFIXES


def ask(graph: Graph, where: str) -> bool:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return bool(graph.query(f"{prologue}ASK {{ {where} }}").askAnswer)


def count(graph: Graph, select: str) -> int:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return len(list(graph.query(prologue + select)))


CASES = {
    "heating unit maintained (inside-out)": """
        ?sco a cx:SuccessfulCustomerOutcome ; cx:statement ?s ; cx:isStatedBy ?who .
        FILTER(CONTAINS(LCASE(STR(?s)), "heating unit"))""",
    "office kept at 72 degrees: a band of 70 to 74 degrees Fahrenheit": """
        ?sco a cx:SuccessfulCustomerOutcome ; cx:statement ?s ; cx:isMeasuredBy ?low , ?high .
        ?low cx:targetValue 70.0 ; cx:targetComparison cx:AtLeast ; cx:unit unit:DEG_F ;
             cx:period ?p ; cx:metric ?m .
        ?high cx:targetValue 74.0 ; cx:targetComparison cx:AtMost ; cx:unit unit:DEG_F ;
              cx:period ?p ; cx:metric ?m .
        FILTER(CONTAINS(STR(?s), "72"))""",
    "planned maintenance belongs to the facility": """
        ?f a cx:Facility ; cx:hasAction ?a . ?a rdfs:label ?l .
        FILTER(CONTAINS(LCASE(STR(?l)), "planned maintenance"))
        FILTER NOT EXISTS { ?support cx:hasSupportAction ?a }""",
    "providers are organisations or teams, people are their members": """
        ?person a prov:Person ; org:memberOf ?team . ?team a cx:Provider .
        FILTER NOT EXISTS { ?p a cx:Provider , prov:Person }""",
    "a customer consuming a service with no relationship recorded": """
        ?c cx:consumesService ?s . ?p cx:providesService ?s .
        FILTER NOT EXISTS { ?r cx:customer ?c ; cx:provider ?p }""",
    "provider at level 2 serving a customer at level 4": """
        ?r a cx:ServiceRelationship ; cx:customer ?c ; cx:provider ?p ; cx:service ?s .
        ?c cx:hasMaturityLevel cx:CustomerDriven . ?p cx:hasMaturityLevel cx:SystemDriven .""",
    "customer at level 1 with a provider at level 3": """
        ?r a cx:ServiceRelationship ; cx:customer ?c ; cx:provider ?p .
        ?c cx:hasMaturityLevel cx:TechnologyDriven . ?p cx:hasMaturityLevel cx:ServiceDriven .""",
    "a hotel offering of goods, access to resources and service actions": """
        ?o a cx:ServiceOffering ; cx:offersGood ?g ; cx:offersResourceAccess ?r ;
           cx:offersServiceAction ?a .
        ?g cx:ownershipTransferred true . ?r a cx:ResourceAccess ; cx:ownershipTransferred false .
        ?a a cx:ServiceAction .""",
    "a service without support": """
        ?s a cx:Service ; cx:hasFacility ?f . FILTER NOT EXISTS { ?s cx:hasSupport ?x }""",
    "a transactional survey": "?s a cx:TransactionalSurvey ; cx:hasQuestion ?q .",
    "an experience map with both kinds of influence": """
        ?m a cx:ExperienceMap ; cx:hasInfluence ?p , ?n .
        ?p a cx:PositiveInfluencer . ?n a cx:NegativeImpact .""",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_example_contains(example: Graph, case: str) -> None:
    assert ask(example, CASES[case]), case


def test_several_good_and_several_bad_outcome_statements(example: Graph) -> None:
    complete = """
        SELECT DISTINCT ?sco WHERE {
            ?sco a cx:SuccessfulCustomerOutcome ; cx:statement ?s ; cx:isMeasuredBy ?i .
            ?i cx:metric ?m ; cx:targetValue ?t ; cx:unit ?u ; cx:period ?p .
        }"""
    incomplete = """
        SELECT DISTINCT ?sco WHERE {
            ?sco a cx:SuccessfulCustomerOutcome ; cx:statement ?s .
            FILTER NOT EXISTS {
                ?sco cx:isMeasuredBy ?i . ?i cx:metric ?m ; cx:targetValue ?t ; cx:unit ?u ; cx:period ?p .
            }
        }"""
    assert count(example, complete) >= 3
    assert count(example, incomplete) >= 3


def test_every_example_individual_is_labelled(example: Graph) -> None:
    unlabelled = """
        SELECT ?x WHERE {
            ?x a ?type . FILTER(isIRI(?x))
            FILTER NOT EXISTS { ?x rdfs:label ?label }
        }"""
    assert count(example, unlabelled) == 0
