"""Findings and reports: what validation tells the user, independent of any output format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


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

    def as_dict(self) -> dict[str, str | None]:
        """Return the finding as the JSON object of the `--format json` output."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
        }


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph: every finding, sorted for stable output."""

    findings: tuple[Finding, ...] = field(default=())

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos do not break conformance)."""
        return not any(f.severity is Severity.VIOLATION for f in self.findings)

    def summary(self) -> dict[str, int]:
        """Count findings per severity, every severity present.

        Example:
            >>> Report().summary()
            {'violation': 0, 'warning': 0, 'info': 0}
        """
        counts = Counter(f.severity for f in self.findings)
        return {severity.value: counts.get(severity, 0) for severity in Severity}

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        """Return the findings at least as serious as `threshold`."""
        return [f for f in self.findings if f.severity.rank >= threshold.rank]

    def by_rule(self) -> dict[str, list[Finding]]:
        """Group findings by rule id, rules sorted."""
        groups: dict[str, list[Finding]] = {}
        for finding in sorted(self.findings, key=lambda f: (f.rule, f.focus)):
            groups.setdefault(finding.rule, []).append(finding)
        return groups
