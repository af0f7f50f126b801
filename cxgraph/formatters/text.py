"""The text report: findings grouped by rule, with counts, for a terminal."""

from __future__ import annotations

from cxgraph.report import Finding, Report, Status


def render(report: Report) -> str:
    """Render findings grouped by rule, then a one-line summary.

    Example:
        >>> print(render(Report()))
        conforms: 0 violations, 0 warnings, 0 infos
    """
    lines: list[str] = []
    for rule, findings in report.by_rule().items():
        lines.append(f"{rule} ({len(findings)} {findings[0].severity.value}{_s(len(findings))})")
        lines.extend(f"  {_describe(finding)}" for finding in findings)
        lines.append("")
    counts = report.summary()
    verdict = "conforms" if report.conforms else "does not conform"
    quiet = sum(1 for f in report.findings if f.status is not Status.ACTIVE)
    lines.append(
        f"{verdict}: {counts['violation']} violation{_s(counts['violation'])}, "
        f"{counts['warning']} warning{_s(counts['warning'])}, {counts['info']} info{_s(counts['info'])}"
        + (f" ({quiet} suppressed or baselined)" if quiet else "")
    )
    return "\n".join(lines)


def _describe(finding: Finding) -> str:
    """`file:line:column: severity rule message`, the form editors turn into links."""
    line = _located(finding)
    return line if finding.status is Status.ACTIVE else f"{line} ({finding.status.value})"


def _located(finding: Finding) -> str:
    place = finding.place
    if place is not None:
        return f"{place}: {finding.severity.value} {finding.rule} {finding.message} [{finding.focus_text}]"
    where = finding.focus_text
    if finding.path_text is not None:
        where += f" {finding.path_text}"
    return f"{where}: {finding.severity.value} {finding.rule} {finding.message}"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
