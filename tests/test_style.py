"""The ontology's style gate: the real ontology passes, and each style rule catches its fault."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cxgraph.namespace import CX
from cxgraph.style import check_ontology_style

CORE = URIRef("https://w3id.org/cxgraph/core")


def test_the_ontology_passes_its_style_rules(ontology: Graph) -> None:
    report = check_ontology_style(ontology)
    assert report.findings == (), "\n".join(
        f"{f.rule} {f.focus}: {f.message}" for f in report.findings
    )


def _finished_class(graph: Graph, term: URIRef, label: str) -> None:
    graph.add((term, RDF.type, OWL.Class))
    graph.add((term, RDFS.label, Literal(label, lang="en")))
    graph.add((term, SKOS.definition, Literal("A test class.", lang="en")))
    graph.add((term, RDFS.isDefinedBy, CORE))


@pytest.fixture
def faulty(ontology: Graph) -> Graph:
    graph = Graph()
    graph += ontology
    graph.add((CX.Unlabelled, RDF.type, OWL.Class))
    graph.add((CX.Unlabelled, SKOS.definition, Literal("No label.", lang="en")))
    graph.add((CX.Unlabelled, RDFS.isDefinedBy, CORE))
    _finished_class(graph, CX.lowerCaseClass, "Lower Case Class")
    _finished_class(graph, CX.Dangling, "Dangling")
    graph.add((CX.Dangling, RDFS.subClassOf, CX.NeverDeclared))
    graph.add((CX.HasThing, RDF.type, OWL.ObjectProperty))
    graph.add((CX.HasThing, RDFS.label, Literal("has thing", lang="en")))
    graph.add((CX.HasThing, SKOS.definition, Literal("A test property.", lang="en")))
    graph.add((CX.HasThing, RDFS.isDefinedBy, URIRef("https://example.org/not-a-module")))
    graph.remove((CORE, URIRef("http://purl.org/dc/terms/license"), None))
    return graph


@pytest.mark.parametrize(
    ("rule", "focus"),
    [
        ("ontology-term-label", CX.Unlabelled),
        ("ontology-class-naming", CX.lowerCaseClass),
        ("ontology-dangling-reference", CX.Dangling),
        ("ontology-property-naming", CX.HasThing),
        ("ontology-term-defined-by", CX.HasThing),
        ("ontology-property-signature", CX.HasThing),
        ("ontology-module-header", CORE),
    ],
)
def test_each_style_rule_catches_its_fault(faulty: Graph, rule: str, focus: URIRef) -> None:
    report = check_ontology_style(faulty)
    assert (rule, focus) in {(f.rule, f.focus) for f in report.findings}


def test_a_term_without_definition_is_reported(ontology: Graph) -> None:
    graph = Graph()
    graph += ontology
    graph.remove((CX.Service, SKOS.definition, None))
    findings = check_ontology_style(graph).findings
    assert [(f.rule, f.focus) for f in findings] == [("ontology-term-definition", CX.Service)]
