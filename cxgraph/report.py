"""Findings and reports: what validation tells the user, independent of any output format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum

from rdflib import Graph

from cxgraph.positions import Location, SourceIndex


class Severity(StrEnum):
    """How serious a finding is, mirroring sh:Violation, sh:Warning and sh:Info."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order of seriousness: violation 3, warning 2, info 1.

        Example:
            >>> Severity.WARNING.rank > Severity.INFO.rank
            True
        """
        return {Severity.VIOLATION: 3, Severity.WARNING: 2, Severity.INFO: 1}[self]


@dataclass(frozen=True)
class Finding:
    """One rule broken by one node."""

    rule: str
    severity: Severity
    focus: str
    message: str
    shape: str
    path: str | None = None
    value: str | None = None
    source: tuple[Location, ...] = ()
    """Where the focus node is written (defining place first), then the offending triple."""
    triple_source: tuple[Location, ...] = ()
    """Where the offending triple (focus, path, ...) is written, when there is a path."""
    status: str = "active"
    """`active`, or `suppressed` (by a cxs:suppress annotation) or `baselined` (recorded in
    a baseline file): only active findings count towards the exit code."""

    @property
    def fingerprint(self) -> str:
        """What identifies a finding across runs: rule, focus node and path.

        Blank nodes get new ids on every parse, so they are identified by where they are
        written instead.
        """
        focus = self.focus
        if ":" not in focus and self.source:
            focus = f"@{self.source[0]}"
        return f"{self.rule}|{focus}|{self.path or ''}"

    @property
    def place(self) -> Location | None:
        """The most precise place to point an editor at: the triple, else the node."""
        for places in (self.triple_source, self.source):
            if places:
                return places[0]
        return None

    def as_dict(self) -> dict[str, object]:
        """Return the finding as the JSON object of the `--format json` output."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "source": [location.as_dict() for location in self.source],
            "status": self.status,
        }


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph: every finding, sorted for stable output."""

    findings: tuple[Finding, ...] = field(default=())

    @property
    def conforms(self) -> bool:
        """True when no active violation remains (warnings, infos, suppressed do not count)."""
        return not any(
            f.severity is Severity.VIOLATION and f.status == "active" for f in self.findings
        )

    def summary(self) -> dict[str, int]:
        """Count findings per severity, every severity present.

        Example:
            >>> Report().summary()
            {'violation': 0, 'warning': 0, 'info': 0}
        """
        counts = Counter(f.severity for f in self.findings if f.status == "active")
        return {severity.value: counts.get(severity, 0) for severity in Severity}

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        """Return the active findings at least as serious as `threshold`."""
        return [
            f for f in self.findings if f.severity.rank >= threshold.rank and f.status == "active"
        ]

    def suppressing(self, pairs: set[tuple[str, str]]) -> Report:
        """Mark active findings whose (focus, rule) the data suppresses as `suppressed`."""
        return Report(
            tuple(
                replace(f, status="suppressed")
                if f.status == "active" and (f.focus, f.rule) in pairs
                else f
                for f in self.findings
            )
        )

    def with_status(self, fingerprints: set[str], status: str) -> Report:
        """Mark the active findings whose fingerprint is listed with `status`."""
        return Report(
            tuple(
                replace(f, status=status)
                if f.status == "active" and f.fingerprint in fingerprints
                else f
                for f in self.findings
            )
        )

    def located(self, index: SourceIndex, data: Graph | None = None) -> Report:
        """The same findings, each with the places its focus node and triple are written.

        With the data graph, anonymous blank nodes are located through their parents.
        """
        return Report(tuple(_located(finding, index, data) for finding in self.findings))

    def by_rule(self) -> dict[str, list[Finding]]:
        """Group findings by rule id, rules sorted."""
        groups: dict[str, list[Finding]] = {}
        for finding in sorted(self.findings, key=lambda f: (f.rule, f.focus)):
            groups.setdefault(finding.rule, []).append(finding)
        return groups


def _located(finding: Finding, index: SourceIndex, data: Graph | None) -> Finding:
    nodes = index.locate_in(finding.focus, data)
    triples = index.locate_statement(finding.focus, finding.path) if finding.path else []
    source = tuple(dict.fromkeys([*nodes, *triples]))
    return replace(finding, source=source, triple_source=tuple(triples))
