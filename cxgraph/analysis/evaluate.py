"""Score the statement analyzer against a labelled corpus: `python -m cxgraph.analysis.evaluate`.

A corpus is a CSV file with the columns `id`, `statement` and, per criterion, `yes` or `no`
in `outside_in`, `measurable` and `actionable`. Optional context columns give what a graph
would: `stated_by_kind` (customer, provider or unknown), `stated_by`, `customer`, `provider`
and `service`. The analyzer's job is to find the `no`s, so precision and recall are those of
its findings.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from cxgraph.analysis.context import StatementContext
from cxgraph.analysis.statements import Criterion, judge_statements

COLUMNS = {
    Criterion.OUTSIDE_IN: "outside_in",
    Criterion.MEASURABLE: "measurable",
    Criterion.ACTIONABLE: "actionable",
}


@dataclass(frozen=True)
class Score:
    """How well the analyzer's findings on one criterion match the labels."""

    criterion: Criterion
    statements: int
    true_findings: int
    false_findings: int
    missed: int

    @property
    def precision(self) -> float:
        found = self.true_findings + self.false_findings
        return self.true_findings / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_findings + self.missed
        return self.true_findings / relevant if relevant else 1.0

    @property
    def accuracy(self) -> float:
        return 1 - (self.false_findings + self.missed) / self.statements


def read_corpus(path: Path) -> list[dict[str, str]]:
    """The rows of a labelled corpus file."""
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def score(rows: list[dict[str, str]]) -> dict[Criterion, Score]:
    """Precision, recall and accuracy of the analyzer's findings, per criterion."""
    counts = {c: [0, 0, 0] for c in COLUMNS}
    judgements = judge_statements([(row["statement"], context_of(row)) for row in rows])
    for row, judgement in zip(rows, judgements, strict=True):
        for criterion, column in COLUMNS.items():
            flagged = not judgement.meets(criterion)
            fails = row[column].strip().lower() == "no"
            if flagged and fails:
                counts[criterion][0] += 1
            elif flagged:
                counts[criterion][1] += 1
            elif fails:
                counts[criterion][2] += 1
    return {c: Score(c, len(rows), *counts[c]) for c in COLUMNS}


def context_of(row: dict[str, str]) -> StatementContext:
    """The graph context a corpus row describes (none when it has no context columns)."""
    kind = (row.get("stated_by_kind") or "unknown").strip().lower() or "unknown"
    stater = (row.get("stated_by") or "").strip()
    provider, customer = (row.get("provider") or "").strip(), (row.get("customer") or "").strip()
    providers = (provider, stater) if kind == "provider" else (provider,)
    customers = (customer, stater) if kind == "customer" else (customer,)
    return StatementContext.of(
        kind,
        provider_names=providers,
        customer_names=customers,
        service_terms=((row.get("service") or "").strip(),),
    )


def table(scores: dict[Criterion, Score]) -> str:
    """The scores as a plain-text table."""
    lines = [f"{'criterion':12} {'n':>4} {'precision':>9} {'recall':>7} {'accuracy':>8}"]
    for s in scores.values():
        lines.append(
            f"{s.criterion.value:12} {s.statements:4} {s.precision:9.3f} {s.recall:7.3f} {s.accuracy:8.3f}"
        )
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    """Print a score table for each corpus file given, then for all of them together."""
    everything: list[dict[str, str]] = []
    for name in paths:
        rows = read_corpus(Path(name))
        everything += rows
        print(f"{name}\n{table(score(rows))}\n")
    if len(paths) > 1:
        print(f"all\n{table(score(everything))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
