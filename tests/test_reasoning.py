"""OWL reasoning: the ontology and the example are consistent and every class satisfiable.

HermiT (through owlready2, needs Java) is the real OWL 2 DL check; the OWL 2 RL rules are the
pure-Python check that still says something where Java is absent. Both must also catch faults.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from cxgraph.errors import ReasonerUnavailableError
from cxgraph.namespace import CX
from cxgraph.reasoning import check_owl_dl, check_owl_rl, named_classes
from tests.conftest import require_java

EX = "https://example.org/test#"


def _with(ontology: Graph, *triples: tuple[URIRef, URIRef, URIRef]) -> Graph:
    graph = Graph()
    graph += ontology
    for triple in triples:
        graph.add(triple)
    return graph


def test_hermit_with_default_settings_classifies_the_ontology(ontology: Graph) -> None:
    """Strict: no "ignore unsupported datatypes"; a datatype outside OWL 2 fails the run."""
    require_java()
    result = check_owl_dl(ontology, strict=True)
    assert result.consistent
    assert result.unsatisfiable == ()


def test_hermit_with_default_settings_refuses_a_datatype_outside_owl_2(ontology: Graph) -> None:
    require_java()
    broken = Graph()
    broken += ontology
    broken.add((CX.period, RDFS.range, XSD.duration))
    with pytest.raises(ReasonerUnavailableError, match="HermiT failed"):
        check_owl_dl(broken, strict=True)


def test_hermit_accepts_the_example_portfolio(ontology_and_example: Graph) -> None:
    require_java()
    result = check_owl_dl(ontology_and_example)
    assert result.ok, result


def test_hermit_runs_from_the_filesystem_root(
    ontology: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HermiT cannot derive a base IRI from `/`, the working directory of many containers.
    require_java()
    monkeypatch.chdir("/")
    assert check_owl_dl(ontology).ok


def test_hermit_detects_an_inconsistent_portfolio(ontology: Graph) -> None:
    require_java()
    both = URIRef(f"{EX}ticket")
    graph = _with(ontology, (both, RDF.type, CX.Wish), (both, RDF.type, CX.Incident))
    assert not check_owl_dl(graph).consistent


def test_hermit_detects_an_unsatisfiable_class(ontology: Graph) -> None:
    require_java()
    hybrid = URIRef(f"{EX}WishIncident")
    graph = _with(
        ontology,
        (hybrid, RDF.type, OWL.Class),
        (hybrid, RDFS.subClassOf, CX.Wish),
        (hybrid, RDFS.subClassOf, CX.Incident),
    )
    result = check_owl_dl(graph)
    assert result.consistent
    assert result.unsatisfiable == (str(hybrid),)


def test_owl_rl_finds_the_ontology_consistent_and_satisfiable(ontology: Graph) -> None:
    result = check_owl_rl(ontology)
    assert result.ok, result


def test_owl_rl_accepts_the_example_portfolio(ontology_and_example: Graph) -> None:
    assert check_owl_rl(ontology_and_example, classes=[]).ok


def test_owl_rl_detects_an_inconsistent_portfolio(ontology: Graph) -> None:
    both = URIRef(f"{EX}ticket")
    graph = _with(ontology, (both, RDF.type, CX.Wish), (both, RDF.type, CX.Incident))
    assert not check_owl_rl(graph, classes=[]).consistent


def test_owl_rl_detects_an_unsatisfiable_class(ontology: Graph) -> None:
    hybrid = URIRef(f"{EX}WishIncident")
    graph = _with(
        ontology,
        (hybrid, RDF.type, OWL.Class),
        (hybrid, RDFS.subClassOf, CX.Wish),
        (hybrid, RDFS.subClassOf, CX.Incident),
    )
    result = check_owl_rl(graph, classes=[hybrid, CX.Wish])
    assert result.unsatisfiable == (str(hybrid),)


def test_every_contract_class_is_checked(ontology: Graph) -> None:
    assert {CX.Service, CX.SuccessfulCustomerOutcome, CX.ValueMaturityLevel} <= set(
        named_classes(ontology)
    )
