"""The public contract of the ontology: IRIs external tools rely on, with their meanings."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from cxgraph.namespace import CX
from cxgraph.resources import ONTOLOGY_MODULES, ontology_files

CONTRACT_CLASSES = [
    "Service", "Facility", "Good", "Action", "Support", "ServiceOffering", "Stakeholder",
    "Customer", "Provider", "User", "SuccessfulCustomerOutcome", "Indicator", "Metric",
    "ValueMaturityLevel", "ServiceRelationship", "Survey", "Touchpoint", "Channel",
]  # fmt: skip

# property: (kind, domain, range)
CONTRACT_PROPERTIES: dict[str, tuple[URIRef, URIRef, URIRef]] = {
    "hasFacility": (OWL.ObjectProperty, CX.Service, CX.Facility),
    "hasSupport": (OWL.ObjectProperty, CX.Service, CX.Support),
    "hasGood": (OWL.ObjectProperty, CX.Facility, CX.Good),
    "hasAction": (OWL.ObjectProperty, CX.Facility, CX.Action),
    "statement": (OWL.DatatypeProperty, CX.SuccessfulCustomerOutcome, RDFS.Literal),
    "isStatedBy": (OWL.ObjectProperty, CX.SuccessfulCustomerOutcome, CX.Stakeholder),
    "isAddressedBy": (OWL.ObjectProperty, CX.SuccessfulCustomerOutcome, CX.Service),
    "isMeasuredBy": (OWL.ObjectProperty, CX.SuccessfulCustomerOutcome, CX.Indicator),
    "metric": (OWL.ObjectProperty, CX.Indicator, CX.Metric),
    "targetValue": (OWL.DatatypeProperty, CX.Indicator, XSD.decimal),
    "period": (OWL.DatatypeProperty, CX.Indicator, RDFS.Literal),  # xsd:duration, see SHACL
    "hasMaturityLevel": (OWL.ObjectProperty, CX.Stakeholder, CX.ValueMaturityLevel),
    "levelNumber": (OWL.DatatypeProperty, CX.ValueMaturityLevel, XSD.integer),
    "customer": (OWL.ObjectProperty, CX.ServiceRelationship, CX.Customer),
    "provider": (OWL.ObjectProperty, CX.ServiceRelationship, CX.Provider),
    "service": (OWL.ObjectProperty, CX.ServiceRelationship, CX.Service),
}

LEVELS = {
    "TechnologyDriven": 1, "SystemDriven": 2, "ServiceDriven": 3, "CustomerDriven": 4,
    "BusinessDriven": 5,
}  # fmt: skip


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_exists(ontology: Graph, name: str) -> None:
    assert (CX[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", sorted(CONTRACT_PROPERTIES))
def test_contract_property_has_its_signature(ontology: Graph, name: str) -> None:
    kind, domain, range_ = CONTRACT_PROPERTIES[name]
    prop = CX[name]
    assert (prop, RDF.type, kind) in ontology
    assert set(ontology.objects(prop, RDFS.domain)) == {domain}
    assert set(ontology.objects(prop, RDFS.range)) == {range_}


def test_unit_is_on_indicator_and_points_at_a_unit(ontology: Graph) -> None:
    assert set(ontology.objects(CX.unit, RDFS.domain)) == {CX.Indicator}
    assert (CX.unit, RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize(("name", "number"), sorted(LEVELS.items()))
def test_value_maturity_levels_carry_their_rank(ontology: Graph, name: str, number: int) -> None:
    level = CX[name]
    assert (level, RDF.type, CX.ValueMaturityLevel) in ontology
    assert (level, RDF.type, OWL.NamedIndividual) in ontology
    assert (level, CX.levelNumber, Literal(number, datatype=XSD.integer)) in ontology
    assert (level, SKOS.inScheme, CX.ValueMaturityModel) in ontology


def test_maturity_model_has_exactly_five_levels(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, CX.ValueMaturityLevel)) == {CX[n] for n in LEVELS}
    assert (CX.ValueMaturityModel, RDF.type, SKOS.ConceptScheme) in ontology


def test_levels_one_to_three_are_inside_out_four_and_five_outside_in(ontology: Graph) -> None:
    for name, number in LEVELS.items():
        expected = CX.InsideOut if number <= 3 else CX.OutsideIn
        assert ontology.value(CX[name], CX.hasOrientation) == expected


def test_a_service_is_a_supported_facility(ontology: Graph) -> None:
    query = """
        ASK {
            cx:Service owl:equivalentClass [ owl:intersectionOf ?members ] .
            ?members rdf:rest*/rdf:first [ owl:onProperty cx:hasFacility ; owl:someValuesFrom cx:Facility ] .
            ?members rdf:rest*/rdf:first [ owl:onProperty cx:hasSupport ; owl:someValuesFrom cx:Support ] .
        }"""
    assert ontology.query(query, initNs={"cx": CX, "owl": OWL, "rdf": RDF}).askAnswer


def test_five_usm_processes_and_four_request_types(ontology: Graph) -> None:
    processes = set(ontology.subjects(RDF.type, CX.ServiceManagementProcess))
    assert processes == {
        CX.AgreeProcess,
        CX.ChangeProcess,
        CX.RecoverProcess,
        CX.OperateProcess,
        CX.ImproveProcess,
    }
    requests = set(ontology.subjects(RDFS.subClassOf, CX.CustomerRequest))
    assert requests == {CX.Wish, CX.RequestForChange, CX.ServiceRequest, CX.Incident}


def test_fifteen_cxm_dimensions_numbered(ontology: Graph) -> None:
    dimensions = set(ontology.subjects(RDF.type, CX.CxmDimension))
    notations = sorted(int(ontology.value(d, SKOS.notation)) for d in dimensions)  # type: ignore[arg-type]
    assert notations == list(range(1, 16))
    assert ontology.value(CX.CxInnovation, SKOS.editorialNote) is not None


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.stem)
def test_each_module_is_an_ontology_with_a_header(path) -> None:  # type: ignore[no-untyped-def]
    module = Graph().parse(path)
    (iri,) = list(module.subjects(RDF.type, OWL.Ontology))
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionInfo):
        assert module.value(iri, predicate) is not None, f"{path.name} lacks {predicate}"


def test_every_module_is_listed_and_imported_by_the_umbrella(ontology: Graph) -> None:
    imported = set(ontology.objects(URIRef("https://w3id.org/cxgraph"), OWL.imports))
    expected = {
        URIRef(f"https://w3id.org/cxgraph/{m}") for m in ONTOLOGY_MODULES if m != "external"
    }
    assert imported == expected


@pytest.mark.parametrize(
    ("term", "external"),
    [
        (CX.Stakeholder, URIRef("http://www.w3.org/ns/prov#Agent")),
        (CX.Service, URIRef("https://schema.org/Service")),
        (CX.ValueMaturityLevel, SKOS.Concept),
        (CX.Metric, URIRef("http://www.w3.org/ns/dqv#Metric")),
        (CX.Channel, URIRef("https://schema.org/ServiceChannel")),
    ],
)
def test_aligned_with_standard_vocabularies(
    ontology: Graph, term: URIRef, external: URIRef
) -> None:
    assert (term, RDFS.subClassOf, external) in ontology


def test_stated_by_specialises_prov_attribution(ontology: Graph) -> None:
    assert (
        CX.isStatedBy,
        RDFS.subPropertyOf,
        URIRef("http://www.w3.org/ns/prov#wasAttributedTo"),
    ) in ontology
