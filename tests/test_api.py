"""What the service's routes answer, checked against its own OpenAPI description and against
the validator they call (in process; tests/test_server.py runs `cxgraph serve` itself)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import OWL, RDF

import cxgraph
from api.main import create_app
from api.models import FindingModel, HealthModel, ReportModel
from cxgraph.namespace import CX
from cxgraph.store import EmbeddedStore
from cxgraph.validation import Validator
from tests.conftest import EXAMPLE

EX = "https://example.org/portfolio#"
TOKEN = "api-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="module")
def client(validator: Validator) -> TestClient:
    store = EmbeddedStore()
    store.load([EXAMPLE])
    return TestClient(create_app(store, validator=validator, token=TOKEN))


def test_health_answers_its_model(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert HealthModel.model_validate(response.json()).version == cxgraph.__version__


def test_the_ontology_is_served_as_turtle(client: TestClient) -> None:
    response = client.get("/ontology")
    assert response.headers["content-type"].startswith("text/turtle")
    assert (CX.Service, RDF.type, OWL.Class) in Graph().parse(data=response.text, format="turtle")


def test_openapi_describes_reports_and_refusals(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"ReportModel", "FindingModel", "TermModel", "HealthModel"} <= set(schemas)
    paths = document["paths"]

    def schema(path: str, method: str, status: str) -> str:
        content = paths[path][method]["responses"][status]["content"]["application/json"]
        return str(content["schema"])

    assert "ReportModel" in schema("/validate", "post", "200")
    assert "ReportModel" in schema("/validate", "get", "200")
    assert "FindingModel" in schema("/mismatches", "get", "200")
    for path, method in [("/store", "put"), ("/update", "post"), ("/services/{iri}", "put")]:
        assert "ReportModel" in schema(path, method, "422"), (path, method)


def test_the_stored_portfolio_is_validated_as_the_validator_does(
    client: TestClient, validator: Validator
) -> None:
    response = client.get("/validate")
    assert response.status_code == 200
    answered = ReportModel.model_validate(response.json())
    store = EmbeddedStore()
    store.load([EXAMPLE])
    expected = validator.validate(store)
    assert answered.summary.model_dump() == expected.summary()
    assert sorted(f.focus for f in answered.findings) == sorted(
        f.focus_text for f in expected.findings
    )


def test_a_posted_portfolio_is_validated_blank_nodes_kept(client: TestClient) -> None:
    body = (
        "@prefix cx: <https://w3id.org/cxgraph#> .\n"
        "[] a cx:Service ; cx:hasFacility [ a cx:Facility ] .\n"
    )
    response = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 200
    report = ReportModel.model_validate(response.json())
    (missing,) = [f for f in report.findings if f.rule == "service-supported-facility"]
    assert missing.focus_node.type == "bnode" and missing.focus.startswith("_:")
    assert missing.component == "http://www.w3.org/ns/shacl#MinCountConstraintComponent"
    assert report.conforms is False


@pytest.mark.parametrize(
    ("body", "content_type", "status", "says"),
    [
        ("<a> <b> .", "text/turtle", 400, "1:"),
        ("{}", "application/xml", 415, "text/turtle"),
        ("<a> <b> <c> .", "text/turtle; charset=latin-1", 400, "UTF-8"),
    ],
)
def test_a_bad_body_is_refused_with_the_reason(
    client: TestClient, body: str, content_type: str, status: int, says: str
) -> None:
    response = client.post("/validate", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status and says in response.text


def test_mismatches_are_the_maturity_findings(client: TestClient) -> None:
    response = client.get("/mismatches")
    findings = [FindingModel.model_validate(item) for item in response.json()]
    assert {f.rule for f in findings} == {"maturity-mismatch", "maturity-boundary"}
    assert {f.focus.removeprefix(EX) for f in findings if f.rule == "maturity-mismatch"} == {
        "FranchiseLaptopRelationship",
        "OfficeClimateRelationship",
        "NorthwindFinance",  # no relationship recorded: reported on the customer
    }


def test_services_are_framed_with_what_they_are_made_of(client: TestClient) -> None:
    graph = client.get("/services").json()["@graph"]
    assert {s["@type"] for s in graph} == {"cx:Service"} and len(graph) == 6
    laptop = next(s for s in graph if s["@id"] == EX + "LaptopService")
    facility = laptop["cx:hasFacility"]
    assert facility["@id"] == EX + "LaptopFacility"
    assert {g["@id"] for g in facility["cx:hasGood"]} == {EX + "StandardLaptop", EX + "UsbHeadset"}
    assert laptop["cx:hasSupport"]["@type"] == "cx:Support"
    assert len(laptop["cx:hasQualityFacet"]) == 4
    outcomes = {o["@id"] for o in laptop["outcomesAddressed"]}
    assert EX + "LaptopBackToWorkOutcome" in outcomes
    one = client.get(f"/services/{quote(EX + 'LaptopService', safe='')}").json()["@graph"]
    assert [s["@id"] for s in one] == [EX + "LaptopService"]


def test_resources_answer_json_ld(client: TestClient) -> None:
    listed = client.get("/services")
    assert listed.headers["content-type"] == "application/ld+json"
    assert EX + "LaptopService" in listed.text
    one = client.get(f"/services/{quote(EX + 'LaptopService', safe='')}")
    assert one.status_code == 200 and "hasFacility" in one.text
    assert client.get(f"/services/{quote(EX + 'NoSuchService', safe='')}").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/services/" + quote("not an iri", safe="")),
        ("GET", "/services/" + quote("https://e/a> } ; DROP ALL #", safe="")),
        ("DELETE", "/services/" + quote("relative/path", safe="")),
        ("GET", "/store?graph=" + quote("urn:a b", safe="")),
        ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=" + quote("not an iri", safe="")),
        ("GET", "/sparql?query=ASK%7B%7D&named-graph-uri=" + quote("<x>", safe="")),
    ],
)
def test_what_is_not_an_iri_is_a_400_never_a_500(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url, headers=WRITE)
    assert response.status_code == 400, response.text
    assert "IRI" in response.text


def test_a_refused_write_answers_the_report_and_changes_nothing(client: TestClient) -> None:
    before = client.get("/validate").json()["summary"]
    body = "@prefix cx: <https://w3id.org/cxgraph#> .\n<https://e/Fax> a cx:Service .\n"
    response = client.post(
        "/store?default", content=body, headers={**WRITE, "Content-Type": "text/turtle"}
    )
    assert response.status_code == 422
    report = ReportModel.model_validate(response.json())
    assert {f.rule for f in report.findings} == {"service-supported-facility"}
    assert client.get("/validate").json()["summary"] == before
