"""Time to judge and apply a 100-triple write to a large store, as the server does.

    python benchmarks/incremental.py build/bench/portfolio-1M.nt [--writes 21] [--memory]

The portfolio is loaded into an embedded store (on disk in a temporary folder, as
`cxgraph serve --store` keeps it; `--memory` for an in-memory one) and a write guard over it
builds its validated working copy once (`WriteGuard.warm`, what `cxgraph serve` does at
start). Then each write is a Graph Store Protocol POST body of 100 N-Triples lines about
existing entities: 19 new measurements (five triples each) of an existing outcome's
indicator and one new outcome (five triples) stated by the same customer and addressed by the
same service. Every second outcome has a vague statement, so half the writes are refused, as
they would be from a careless client. Timed: parsing, working out the quads, judging and
applying, i.e. `WriteGuard.write`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from cxgraph.report import Severity
from cxgraph.store import EmbeddedStore
from cxgraph.store.writes import PutGraph
from cxgraph.validation import Validator, WriteRefusedError

CX = "https://w3id.org/cxgraph#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EX = "https://example.org/bench-writes#"

OUTCOMES = f"""
SELECT ?outcome ?customer ?service ?indicator WHERE {{
  ?outcome a <{CX}SuccessfulCustomerOutcome> ; <{CX}isStatedBy> ?customer ;
           <{CX}isAddressedBy> ?service ; <{CX}isMeasuredBy> ?indicator .
}} ORDER BY ?outcome LIMIT 200
"""


def outcomes(store: EmbeddedStore) -> list[dict[str, str]]:
    """Existing outcomes with who states them, what addresses them and how they are measured."""
    import json

    answer = store.query(OUTCOMES, "application/sparql-results+json")
    rows = json.loads(answer.body)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def write_body(number: int, about: dict[str, str]) -> bytes:
    """100 N-Triples lines: 19 measurements of an indicator and one outcome."""
    lines = []
    for month in range(19):
        node = f"<{EX}measurement-{number}-{month}>"
        lines += [
            f"{node} <{RDF_TYPE}> <{CX}Measurement> .",
            f'{node} <{LABEL}> "Measurement {number}.{month}"@en .',
            f"{node} <{CX}measuresIndicator> <{about['indicator']}> .",
            f'{node} <{CX}measuredValue> "{1 + month / 10}"^^<{XSD}decimal> .',
            f'{node} <{CX}measuredAt> "2026-{month % 12 + 1:02d}-15T09:00:00Z"^^<{XSD}dateTime> .',
        ]
    outcome = f"<{EX}outcome-{number}>"
    statement = (
        "It is fast"
        if number % 2
        else "I can book a meeting room for the next day in under 2 minutes."
    )
    lines += [
        f"{outcome} <{RDF_TYPE}> <{CX}SuccessfulCustomerOutcome> .",
        f'{outcome} <{CX}statement> "{statement}"@en .',
        f"{outcome} <{CX}isStatedBy> <{about['customer']}> .",
        f"{outcome} <{CX}isAddressedBy> <{about['service']}> .",
        f"{outcome} <{CX}isMeasuredBy> <{about['indicator']}> .",
    ]
    assert len(lines) == 100
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path)
    parser.add_argument("--writes", type=int, default=21)
    parser.add_argument("--memory", action="store_true", help="an in-memory store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(None if args.memory else Path(folder) / "store")
        started = time.perf_counter()
        store.load([args.portfolio])
        print(f"{len(store):,} triples loaded in {time.perf_counter() - started:.1f} s")
        guard = Validator().guard(store, Severity.VIOLATION)
        started = time.perf_counter()
        guard.warm()
        print(f"validated working copy built in {time.perf_counter() - started:.1f} s")
        candidates = outcomes(store)
        times, refused, ways = [], 0, set()
        for number in range(args.writes):
            body = write_body(number, candidates[number * 7 % len(candidates)])
            started = time.perf_counter()
            try:
                guard.write(PutGraph(None, ((body, "application/n-triples"),), False))
            except WriteRefusedError:
                refused += 1
            times.append(time.perf_counter() - started)
            ways.add(guard.judged_by)
        times.sort()
        print(
            f"100-triple write judged and applied: median {statistics.median(times) * 1000:.0f} ms,"
            f" p90 {times[int(len(times) * 0.9)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
            f" over {args.writes} writes ({refused} refused; judged by {', '.join(sorted(ways))})"
        )
        print(f"store now holds {len(store):,} quads")


if __name__ == "__main__":
    main()
