"""JUnit XML, which CI dashboards show as tests: one test case per rule."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from cxgraph.catalog import RuleDoc
from cxgraph.report import Finding, Report, Severity, Status


def render(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """A suite with a case per rule: violations are failures, lesser findings system-out.

    Example:
        >>> "<testsuites" in render(Report())
        True
    """
    groups = report.by_rule()
    names = sorted({doc.rule for doc in rules} | set(groups))
    failing = [n for n in names if any(_fails(f) for f in groups.get(n, []))]
    counts = {"tests": str(len(names)), "failures": str(len(failing)), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "cxgraph", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "cxgraph rules", "skipped": "0", **counts})
    for name in names:
        case = ET.SubElement(suite, "testcase", {"classname": "cxgraph.rules", "name": name})
        findings = groups.get(name, [])
        for finding in (f for f in findings if _fails(f)):
            failure = ET.SubElement(
                case, "failure", {"type": finding.severity.value, "message": _line(finding)}
            )
            failure.text = _line(finding)
        lesser = [f for f in findings if not _fails(f)]
        if lesser:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.severity.value} ({f.status.value}): {_line(f)}" for f in lesser
            )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _fails(finding: Finding) -> bool:
    return finding.severity is Severity.VIOLATION and finding.status is Status.ACTIVE


def _line(finding: Finding) -> str:
    place = finding.place
    where = str(place) if place is not None else finding.focus_text
    return f"{where}: {finding.message} [{finding.focus_text}]"
