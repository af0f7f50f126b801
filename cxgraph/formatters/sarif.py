"""SARIF 2.1.0, the format GitHub code scanning and other static-analysis viewers read."""

from __future__ import annotations

import json
from collections.abc import Sequence

import cxgraph
from cxgraph.catalog import RuleDoc
from cxgraph.report import Finding, Report, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_URI = "https://w3id.org/cxgraph/rules"
_LEVELS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, rules: Sequence[RuleDoc] = ()) -> str:
    """One run of the cxgraph driver: its rules, and a result per finding with its places.

    Example:
        >>> json.loads(render(Report()))["runs"][0]["results"]
        []
    """
    documented = {doc.rule: doc for doc in rules}
    rule_ids = sorted(set(documented) | {f.rule for f in report.findings})
    driver = {
        "name": "cxgraph",
        "version": cxgraph.__version__,
        "informationUri": "https://w3id.org/cxgraph",
        "rules": [_rule(rule, documented.get(rule)) for rule in rule_ids],
    }
    results = [_result(finding, rule_ids.index(finding.rule)) for finding in report.findings]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "repository root"}}},
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _rule(rule: str, doc: RuleDoc | None) -> dict[str, object]:
    entry: dict[str, object] = {"id": rule, "helpUri": f"{RULES_URI}#{rule}"}
    if doc is not None:
        entry |= {
            "name": "".join(part.capitalize() for part in rule.split("-")),
            "shortDescription": {"text": doc.label},
            "fullDescription": {"text": doc.problem},
            "help": {
                "text": f"{doc.problem}\n\nWhy: {doc.rationale}\n\nFix: {doc.fix}",
                "markdown": f"{doc.problem}\n\n**Why.** {doc.rationale}\n\n**Fix.** {doc.fix}",
            },
            "defaultConfiguration": {"level": _LEVELS[doc.severity]},
        }
    return entry


def _result(finding: Finding, index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity],
        "message": {"text": f"{finding.message} ({finding.focus_text})"},
        "partialFingerprints": {"cxgraphFinding/v1": finding.fingerprint},
    }
    places = [
        *finding.triple_source,
        *(p for p in finding.source if p not in finding.triple_source),
    ]
    if places:
        result["locations"] = [_location(place) for place in places[:1]]
        if len(places) > 1:
            result["relatedLocations"] = [
                {"id": i, **_location(place)} for i, place in enumerate(places[1:], start=1)
            ]
    return result


def _location(place: object) -> dict[str, object]:
    from cxgraph.positions import Location

    assert isinstance(place, Location)
    physical: dict[str, object] = {
        "artifactLocation": {"uri": place.file, "uriBaseId": "%SRCROOT%"}
    }
    if place.line is not None:
        region: dict[str, int] = {"startLine": place.line}
        if place.column is not None:
            region["startColumn"] = place.column
        physical["region"] = region
    return {"physicalLocation": physical}
