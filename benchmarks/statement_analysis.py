"""Throughput of the SCO statement analyzer, uncached and cached by text.

Statements are the three labelled corpora, made unique by a numbered suffix ("... (site 17)")
so the uncached figure is honest; the cached figure replays the same texts, as a portfolio
does when many services share statement templates.

    python benchmarks/statement_analysis.py [--statements 40000]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from cxgraph.analysis.statements import judge_statement

CORPORA = sorted((Path(__file__).resolve().parent.parent / "tests" / "corpus").glob("*.csv"))


def statements(count: int) -> list[str]:
    """`count` distinct statements built from the corpora."""
    base = [row["statement"] for path in CORPORA for row in csv.DictReader(path.open())]
    return [f"{base[i % len(base)]} (site {i // len(base)})" for i in range(count)]


def per_second(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        judge_statement(text)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=40_000)
    count = parser.parse_args().statements
    texts = statements(count)
    judge_statement.cache_clear()
    uncached = per_second(texts)
    cached = per_second(texts)
    print(f"| {count:,} distinct statements | {uncached:,.0f} /s | {cached:,.0f} /s |")


if __name__ == "__main__":
    main()
