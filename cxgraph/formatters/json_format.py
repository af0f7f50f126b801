"""The JSON report: a stable structure for scripts and CI."""

from __future__ import annotations

import json

from cxgraph.report import Report


def render(report: Report) -> str:
    """Render as `{"conforms", "summary", "findings"}`.

    Example:
        >>> render(Report())
        '{"conforms": true, "summary": {"violation": 0, "warning": 0, "info": 0}, "findings": []}'
    """
    document = {
        "conforms": report.conforms,
        "summary": report.summary(),
        "findings": [finding.as_dict() for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False)


def render_findings(report: Report) -> str:
    """Only the findings, as a JSON array of the objects `render` lists.

    Example:
        >>> render_findings(Report())
        '[]'
    """
    return json.dumps([finding.as_dict() for finding in report.findings], ensure_ascii=False)
