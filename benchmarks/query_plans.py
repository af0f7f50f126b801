"""Each query of the endpoint mix as written and as `cxgraph.store.plans` rewrites it, timed
in pyoxigraph without a server (what the rewrites buy, apart from HTTP and workers).

    python benchmarks/query_plans.py --size 1M --entities 20
    python benchmarks/query_plans.py --smoke     # CI: 10k, 3 entities; fails on a difference

For each template, the same entities (drawn by a seeded generator) are queried both ways;
the p50 of each is printed, and the answers must be the same rows.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from random import Random

import endpoint
import pyoxigraph as ox
import run
from generate import size as parse_size

from cxgraph.store.plans import planned


def rows(store: ox.Store, query: str) -> tuple[float, object]:
    started = time.perf_counter()
    answer = store.query(query)
    found: object = (
        bool(answer)
        if isinstance(answer, ox.QueryBoolean)
        else Counter(
            tuple(str(v) for v in row)
            for row in answer  # type: ignore[union-attr]
        )
    )
    return (time.perf_counter() - started) * 1000, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--entities", type=int, default=20)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.size, args.entities = "10k", 3
    data = run.portfolio(parse_size(args.size), 1)
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    pool = endpoint.entities(data)
    rng = Random(7)
    differences = 0
    print(f"| query | as written p50 ms | rewritten p50 ms | rewritten |  ({args.size})")
    for template in endpoint.MIX:
        iris = [
            rng.choice(pool[template.kind]) if template.kind else "" for _ in range(args.entities)
        ]
        written, rewritten = [], []
        first = endpoint.PREFIXES + template.text.replace("{iri}", iris[0])
        changed = planned(first) != first
        for iri in iris:
            text = endpoint.PREFIXES + template.text.replace("{iri}", iri)
            before, expected = rows(store, text)
            after, got = rows(store, planned(text))
            written.append(before)
            rewritten.append(after)
            differences += expected != got
        print(
            f"| {template.name} | {sorted(written)[len(written) // 2]:.2f} "
            f"| {sorted(rewritten)[len(rewritten) // 2]:.2f} | {'yes' if changed else 'no'} |"
        )
    print(f"answers that differ: {differences}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
