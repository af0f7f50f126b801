"""Throughput of the SCO statement analyzer: parsing new text, reading parses from the disk
cache, and judging parses already in memory.

Statements are the labelled corpora, made distinct by a numbered suffix ("... (site 17)") so
nothing is cached by accident. Each figure is distinct statements per second through
`judge_statements` (batches of 1,000, as a portfolio's statements are judged):

- *parsed*: an empty parse cache; spaCy tags, parses and finds entities for every text;
- *disk cache*: a new process's view, parses read from the SQLite cache of a previous run;
- *in memory*: the same process again (the parse and judgement caches warm).

    python benchmarks/statement_analysis.py [--statements 20000]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

CORPORA = sorted((Path(__file__).resolve().parent.parent / "tests" / "corpus").rglob("*.csv"))
BATCH = 1_000


def statements(count: int) -> list[str]:
    """`count` distinct statements built from the corpora."""
    base = [row["statement"] for path in CORPORA for row in csv.DictReader(path.open())]
    return [f"{base[i % len(base)]} (site {i // len(base)})" for i in range(count)]


def per_second(texts: list[str]) -> float:
    from cxgraph.analysis.context import NO_CONTEXT
    from cxgraph.analysis.statements import judge_statements

    started = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        judge_statements([(t, NO_CONTEXT) for t in texts[start : start + BATCH]])
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=20_000)
    count = parser.parse_args().statements
    texts = statements(count)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CXGRAPH_CACHE_DIR"] = folder
        from cxgraph.analysis.parse_cache import ParseCache
        from cxgraph.analysis.parsing import _pipeline
        from cxgraph.analysis.statements import _judged

        _pipeline()  # the model loads once per process (about 2 s), not counted
        parsed = per_second(texts)
        ParseCache.shared.cache_clear()  # a new process: only the disk cache is warm
        _judged.cache_clear()
        from_disk = per_second(texts)
        in_memory = per_second(texts)
    print(
        f"| {count:,} distinct statements | {parsed:,.0f} /s | {from_disk:,.0f} /s "
        f"| {in_memory:,.0f} /s |"
    )


if __name__ == "__main__":
    main()
