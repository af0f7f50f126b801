"""JSON Lines: one finding per line as the JSON report writes it, then one line with the
verdict. Written as the findings come, it lets a large judgement stream out of cxgraph (see
`Validator.stream`) rather than be held whole first."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator

from cxgraph.report import Finding, Report, Severity, Status


class Tally:
    """The verdict of findings seen one at a time: counts of active findings by severity."""

    def __init__(self) -> None:
        self._counts: Counter[Severity] = Counter()

    def add(self, finding: Finding) -> None:
        if finding.status is Status.ACTIVE:
            self._counts[finding.severity] += 1

    def summary(self) -> dict[str, int]:
        return {severity.value: self._counts.get(severity, 0) for severity in Severity}

    @property
    def conforms(self) -> bool:
        return self._counts.get(Severity.VIOLATION, 0) == 0

    def any_at_or_above(self, threshold: Severity) -> bool:
        return any(n for s, n in self._counts.items() if s.rank >= threshold.rank)


def lines(findings: Iterable[Finding], tally: Tally) -> Iterator[str]:
    """Each finding's line, counted in `tally` as it goes, then the verdict's line."""
    for finding in findings:
        tally.add(finding)
        yield json.dumps(finding.as_dict(), ensure_ascii=False) + "\n"
    verdict = {"conforms": tally.conforms, "summary": tally.summary()}
    yield json.dumps(verdict, ensure_ascii=False) + "\n"


def render(report: Report) -> str:
    """The whole report as JSON Lines.

    Example:
        >>> render(Report())
        '{"conforms": true, "summary": {"violation": 0, "warning": 0, "info": 0}}\\n'
    """
    return "".join(lines(report.findings, Tally()))
