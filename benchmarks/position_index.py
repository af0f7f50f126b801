"""What the source-position index costs next to validation itself.

    python benchmarks/position_index.py [TRIPLES]   (default 100000)

Generates a synthetic portfolio of about TRIPLES triples (services, parties, relationships,
outcomes with statements and indicators), then times loading, indexing and validating it.
Results are written down in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from cxgraph.load import load_graph
from cxgraph.ontology import load_ontology
from cxgraph.positions import index_sources
from cxgraph.validation import load_shapes, validate_graph

LEVELS = ["TechnologyDriven", "SystemDriven", "ServiceDriven", "CustomerDriven", "BusinessDriven"]
STATEMENTS = [
    "I can use every application my job needs by the end of my first working day.",
    "IT will maintain the heating units.",
    "I get fast, efficient help whenever I need it.",
    "When my laptop breaks, I am working again within 2 hours.",
]

# One block is about 40 triples: a service, its facility and support, two parties, a
# relationship, an outcome with its statement and a complete indicator.
BLOCK = """
ex:service{i} a cx:Service ; rdfs:label "Service {i}"@en ;
    cx:hasFacility ex:facility{i} ; cx:hasSupport ex:support{i} .
ex:facility{i} a cx:Facility ; rdfs:label "Facility {i}"@en ; cx:hasGood ex:good{i} ; cx:hasAction ex:action{i} .
ex:good{i} a cx:Good ; rdfs:label "Good {i}"@en ; cx:ownershipTransferred true .
ex:action{i} a cx:Action ; rdfs:label "Action {i}"@en .
ex:support{i} a cx:Support ; rdfs:label "Support {i}"@en ; cx:hasSupportAction ex:help{i} .
ex:help{i} a cx:Action ; rdfs:label "Help {i}"@en .
ex:customer{i} a cx:Customer ; rdfs:label "Customer {i}"@en ; cx:hasMaturityLevel cx:{customer} .
ex:provider{i} a cx:Provider ; rdfs:label "Provider {i}"@en ; cx:hasMaturityLevel cx:{provider} .
ex:relationship{i} a cx:ServiceRelationship ; rdfs:label "Relationship {i}"@en ;
    cx:customer ex:customer{i} ; cx:provider ex:provider{i} ; cx:service ex:service{i} .
ex:outcome{i} a cx:SuccessfulCustomerOutcome ; rdfs:label "Outcome {i}"@en ;
    cx:statement "{statement}"@en ; cx:isStatedBy ex:customer{i} ; cx:isAddressedBy ex:service{i} ;
    cx:isMeasuredBy ex:indicator{i} .
ex:indicator{i} a cx:Indicator ; rdfs:label "Indicator {i}"@en ; cx:metric ex:metric{i} ;
    cx:targetValue 95.0 ; cx:unit unit:PERCENT ; cx:period "P3M"^^xsd:duration .
ex:metric{i} a cx:Metric ; rdfs:label "Metric {i}"@en .
"""

HEADER = """@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/bench#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def portfolio(triples: int) -> str:
    blocks = [
        BLOCK.format(
            i=i,
            customer=LEVELS[i % 5],
            provider=LEVELS[(i * 3) % 5],
            statement=STATEMENTS[i % len(STATEMENTS)],
        )
        for i in range(max(1, triples // 40))
    ]
    return HEADER + "".join(blocks)


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:28} {elapsed:8.2f} s")
    return result, elapsed


def main(triples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.ttl"
        path.write_text(portfolio(triples), encoding="utf-8")
        data, _ = timed("load (pyoxigraph parse)", lambda: load_graph([path]))
        print(f"{'triples':28} {len(data):8d}")
        index, indexing = timed("position index", lambda: index_sources([path]))
        ontology, shapes = load_ontology(), load_shapes()
        report, validating = timed(
            "validate (derive + SHACL)",
            lambda: validate_graph(data, shapes, ontology=ontology),
        )
        _, locating = timed("attach sources", lambda: report.located(index))
        print(f"{'findings':28} {len(report.findings):8d}")
        overhead = (indexing + locating) / validating
        print(f"{'index overhead':28} {overhead:8.1%} of validation")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
