"""Median time to judge a 100-triple write incrementally (`cxgraph.incremental`).

    python benchmarks/incremental.py build/bench/portfolio-1M.nt [--writes 15]

Each write adds twelve services (facility and support) and an outcome with a vague
statement: 100 triples. The working copy is built once; the writes are judged one after
another, every second one undone, as a server refusing half of them would.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from cxgraph.incremental import Change, ValidationState
from cxgraph.load import load_store
from cxgraph.ontology import load_ontology
from cxgraph.settings import RuleSettings
from cxgraph.validate import load_shapes

CX = "https://w3id.org/cxgraph#"
EX = "https://example.org/bench-writes#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def write(number: int) -> Change:
    """A write of 100 triples: twelve supported services and one outcome."""
    triples: list[ox.Triple] = []
    for index in range(12):
        service = ox.NamedNode(f"{EX}service-{number}-{index}")
        for part, kind in (("facility", "Facility"), ("support", "Support")):
            node = ox.NamedNode(f"{EX}{part}-{number}-{index}")
            link = "hasFacility" if part == "facility" else "hasSupport"
            triples += [
                ox.Triple(service, ox.NamedNode(CX + link), node),
                ox.Triple(node, RDF_TYPE, ox.NamedNode(CX + kind)),
                ox.Triple(node, LABEL, ox.Literal(part.title(), language="en")),
            ]
        triples += [
            ox.Triple(service, RDF_TYPE, ox.NamedNode(CX + "Service")),
            ox.Triple(service, LABEL, ox.Literal(f"Service {number}.{index}", language="en")),
        ]
    outcome = ox.NamedNode(f"{EX}outcome-{number}")
    triples += [
        ox.Triple(outcome, RDF_TYPE, ox.NamedNode(CX + "SuccessfulCustomerOutcome")),
        ox.Triple(
            outcome, ox.NamedNode(CX + "statement"), ox.Literal("IT fixes it fast", language="en")
        ),
        ox.Triple(
            outcome, ox.NamedNode(CX + "isStatedBy"), ox.NamedNode(f"{EX}service-{number}-0")
        ),
        ox.Triple(outcome, LABEL, ox.Literal("Outcome", language="en")),
    ]
    return Change(inserted=triples[:100])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path)
    parser.add_argument("--writes", type=int, default=15)
    args = parser.parse_args()
    portfolio = load_store([args.portfolio])
    started = time.perf_counter()
    state = ValidationState(
        (ox.Triple(q.subject, q.predicate, q.object) for q in portfolio),
        load_shapes(),
        load_ontology(),
        RuleSettings(),
    )
    print(
        f"working copy of {len(portfolio):,} triples built in {time.perf_counter() - started:.1f} s"
    )
    times = []
    for number in range(args.writes):
        started = time.perf_counter()
        _, _, journal = state.judge(write(number))
        times.append(time.perf_counter() - started)
        if number % 2:
            state.undo(journal)
    print(
        f"100-triple write judged: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {args.writes} writes"
    )


if __name__ == "__main__":
    main()
