"""What the portfolio report shows, gathered from a judged working store as plain data.

The working store holds the portfolio, the ontology and every derived fact (maturity gaps,
monthly assessments, outcome statuses), so each section is one SPARQL query over it; the
findings come from the same validation run. The page (`cxgraph.web.report_page`) only
draws this data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from cxgraph.authoring.vocabulary import CX_NS
from cxgraph.report import Finding, Report, Severity, Status

PREFIXES = f"""PREFIX cx: <{CX_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

Row = dict[str, str]
Data = dict[str, Any]

CHARTED_METRICS = {
    "NetPromoterScore": ("NPS", -100.0, 100.0),
    "CustomerSatisfactionScore": ("CSAT, top two boxes (%)", 0.0, 100.0),
    "CustomerSatisfactionMean": ("CSAT, mean", None, None),
    "CustomerEffortScore": ("CES, mean", None, None),
    "CustomerEffortScoreAgreement": ("CES, agree (%)", 0.0, 100.0),
}
"""The metrics charted per service: title, and the axis range when the scale fixes one."""


def anchor(iri: str) -> str:
    """The id of a thing's place in the page: stable, and safe in a URL fragment."""
    return "n-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]


def gather(store: ox.Store, report: Report, *, title: str) -> Data:
    """Every section of the report, as JSON-ready data."""
    labels = _Labels(store)
    findings = [f for f in report.findings if f.status is Status.ACTIVE]
    shown: set[str] = set()
    data: Data = {
        "title": title,
        "summary": {**report.summary(), "conforms": report.conforms},
        "maturity": _maturity(store, labels, findings, shown),
        "outcomes": _outcomes(store, labels, findings, shown),
        "metrics": _metrics(store, labels),
        "services": _services(store, labels, shown),
        "experienceMaps": _experience_maps(store, labels, shown),
    }
    data["findings"] = _findings_by_rule(findings, labels, shown)
    return data


def _rows(store: ox.Store, query: str) -> list[Row]:
    answer = store.query(PREFIXES + query, use_default_graph_as_union=True)
    variables = [v.value for v in answer.variables]  # type: ignore[union-attr]
    rows = []
    for solution in answer:  # type: ignore[union-attr]
        row = {}
        for name in variables:
            term = solution[name]
            if isinstance(term, ox.NamedNode | ox.Literal):
                row[name] = term.value
            elif isinstance(term, ox.BlankNode):
                row[name] = f"_:{term.value}"
        rows.append(row)
    return rows


class _Labels:
    """People's names for things: rdfs:label or skos:prefLabel, English first, else the
    IRI's last segment."""

    def __init__(self, store: ox.Store) -> None:
        found: dict[str, tuple[int, str]] = {}
        query = """SELECT ?s ?label (LANG(?label) AS ?lang) WHERE {
            { ?s rdfs:label ?label } UNION { ?s skos:prefLabel ?label } }"""
        for row in _rows(store, query):
            rank = {"en": 0, "": 1}.get(row.get("lang", ""), 2)
            if row["s"] not in found or rank < found[row["s"]][0]:
                found[row["s"]] = (rank, row["label"])
        self._found = {s: label for s, (_, label) in found.items()}

    def __call__(self, iri: str | None) -> str:
        if not iri:
            return ""
        return self._found.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _node(iri: str, labels: _Labels) -> Data:
    return {"iri": iri, "label": labels(iri), "anchor": anchor(iri)}


def _messages(findings: Iterable[Finding], focus: str) -> list[Data]:
    return [
        {"rule": f.rule, "severity": f.severity.value, "message": f.message}
        for f in findings
        if str(f.focus) == focus
    ]


def _maturity(store: ox.Store, labels: _Labels, findings: list[Finding], shown: set[str]) -> Data:
    """Recorded relationships, and consumptions of a service with no relationship recorded
    (which the maturity rules judge too), with their levels and the maturity findings."""
    rows = _rows(
        store,
        """SELECT ?rel ?customer ?provider ?service ?c ?p WHERE {
            {
                ?rel a cx:ServiceRelationship .
                OPTIONAL { ?rel cx:customer ?customer }
                OPTIONAL { ?rel cx:provider ?provider }
                OPTIONAL { ?rel cx:service ?service }
            } UNION {
                ?customer cx:consumesService ?service . ?provider cx:providesService ?service .
                FILTER NOT EXISTS { ?recorded cx:customer ?customer ; cx:provider ?provider ;
                                              cx:service ?service }
            }
            OPTIONAL { ?customer cx:hasMaturityLevel/cx:levelNumber ?c }
            OPTIONAL { ?provider cx:hasMaturityLevel/cx:levelNumber ?p }
        } ORDER BY ?rel ?customer ?service""",
    )
    levels = _rows(
        store,
        """SELECT ?n ?level WHERE { ?level a cx:ValueMaturityLevel ; cx:levelNumber ?n }
           ORDER BY ?n""",
    )
    judged = [f for f in findings if f.rule.startswith("maturity-")]
    relationships = []
    for row in rows:
        focus = row.get("rel") or row.get("customer", "")
        about = [f for f in judged if str(f.focus) == focus
                 and (row.get("rel") or row.get("service", "") in f.message)]  # fmt: skip
        if row.get("rel"):
            shown.add(row["rel"])
            node = _node(row["rel"], labels)
        else:
            node = {"iri": None, "anchor": None,
                    "label": f"{labels(row.get('customer'))} consumes "
                             f"{labels(row.get('service'))} (no relationship recorded)"}  # fmt: skip
        c, p = _int(row.get("c")), _int(row.get("p"))
        relationships.append({
            **node,
            "customer": labels(row.get("customer")),
            "provider": labels(row.get("provider")),
            "service": labels(row.get("service")),
            "customerLevel": c,
            "providerLevel": p,
            "gap": None if c is None or p is None else c - p,
            "mismatch": any(f.rule == "maturity-mismatch" for f in about),
            "boundary": any(f.rule == "maturity-boundary" for f in about),
            "findings": [{"rule": f.rule, "severity": f.severity.value, "message": f.message}
                         for f in about],
        })  # fmt: skip
    return {
        "levels": [labels(r["level"]) for r in levels],
        "relationships": relationships,
    }


def _outcomes(
    store: ox.Store, labels: _Labels, findings: list[Finding], shown: set[str]
) -> list[Data]:
    outcomes = _rows(
        store,
        """SELECT ?o ?statement ?status WHERE {
            ?o a cx:SuccessfulCustomerOutcome .
            OPTIONAL { ?o cx:statement ?statement }
            OPTIONAL { ?o cx:hasOutcomeStatus ?status }
        } ORDER BY ?o""",
    )
    indicators = _rows(
        store,
        """SELECT ?o ?i ?target ?comparison ?unit WHERE {
            ?o a cx:SuccessfulCustomerOutcome ; cx:isMeasuredBy ?i .
            OPTIONAL { ?i cx:targetValue ?target }
            OPTIONAL { ?i cx:targetComparison ?comparison }
            OPTIONAL { ?i cx:unit ?unit }
        } ORDER BY ?i""",
    )
    assessed = _rows(
        store,
        """SELECT ?i ?period ?value ?status WHERE {
            ?a cx:assessesIndicator ?i ; cx:assessmentPeriod ?period ;
               cx:assessedStatus ?status .
            OPTIONAL { ?a cx:assessedValue ?value }
        } ORDER BY ?period""",
    )
    months = _rows(
        store,
        """SELECT ?o ?period ?status WHERE {
            ?a cx:assessesOutcome ?o ; cx:assessmentPeriod ?period ; cx:assessedStatus ?status
        } ORDER BY ?period""",
    )
    series: dict[str, list[Data]] = defaultdict(list)
    for row in assessed:
        series[row["i"]].append({
            "period": row["period"], "value": _float(row.get("value")),
            "status": _local(row["status"]),
        })  # fmt: skip
    per_outcome: dict[str, list[Data]] = defaultdict(list)
    for row in indicators:
        shown.add(row["i"])
        per_outcome[row["o"]].append({
            **_node(row["i"], labels),
            "target": _float(row.get("target")),
            "comparison": _local(row.get("comparison")) or "AtLeast",
            "unit": labels(row.get("unit")),
            "assessments": series.get(row["i"], []),
        })  # fmt: skip
    history: dict[str, list[Data]] = defaultdict(list)
    for row in months:
        history[row["o"]].append({"period": row["period"], "status": _local(row["status"])})
    cards = []
    for row in outcomes:
        shown.add(row["o"])
        cards.append({
            **_node(row["o"], labels),
            "statement": row.get("statement", ""),
            "status": _local(row.get("status")) or "OutcomeNotMeasured",
            "indicators": per_outcome.get(row["o"], []),
            "months": history.get(row["o"], []),
            "findings": _messages(findings, row["o"]),
        })  # fmt: skip
    return cards


def _metrics(store: ox.Store, labels: _Labels) -> list[Data]:
    rows = _rows(
        store,
        """SELECT ?service ?metric ?period ?value ?margin ?n ?touchpoint ?channel WHERE {
            ?s cx:scoreOfMetric ?metric ; cx:scoredService ?service ; cx:scorePeriod ?period ;
               cx:scoreValue ?value .
            OPTIONAL { ?s cx:scoreMarginOfError ?margin }
            OPTIONAL { ?s cx:responseCount ?n }
            OPTIONAL { ?s cx:scoredTouchpoint ?touchpoint }
            OPTIONAL { ?s cx:scoredChannel ?channel }
        } ORDER BY ?service ?metric ?period""",
    )
    charts: dict[tuple[str, str], Data] = {}
    for row in rows:
        name = _local(row["metric"])
        if name not in CHARTED_METRICS or row.get("channel"):
            continue
        title, low, high = CHARTED_METRICS[name]
        chart = charts.setdefault((row["service"], name), {
            "service": _node(row["service"], labels), "metric": name, "title": title,
            "min": low, "max": high, "overall": [], "touchpoints": {},
        })  # fmt: skip
        point = {
            "period": row["period"],
            "value": _float(row["value"]),
            "margin": _float(row.get("margin")),
            "responses": _int(row.get("n")),
        }
        if row.get("touchpoint"):
            chart["touchpoints"].setdefault(labels(row["touchpoint"]), []).append(point)
        else:
            chart["overall"].append(point)
    return [c for c in charts.values() if c["overall"]]


def _services(store: ox.Store, labels: _Labels, shown: set[str]) -> list[Data]:
    rows = _rows(
        store,
        """SELECT ?service ?role ?thing ?kind WHERE {
            ?service a cx:Service .
            {
                ?service cx:hasFacility ?thing . BIND("facility" AS ?role)
            } UNION {
                ?service cx:hasFacility/cx:hasGood ?thing . BIND("good" AS ?role)
            } UNION {
                ?service cx:hasFacility/cx:hasAction ?thing . BIND("action" AS ?role)
            } UNION {
                ?service cx:hasSupport ?thing . BIND("support" AS ?role)
            } UNION {
                ?service cx:hasSupport/cx:hasSupportAction ?thing . BIND("supportAction" AS ?role)
            } UNION {
                ?service cx:hasQualityFacet ?thing . BIND("facet" AS ?role)
                OPTIONAL { ?thing a ?kind . FILTER(STRSTARTS(STR(?kind), STR(cx:))
                           && ?kind != cx:QualityFacet) }
            } UNION {
                { ?thing cx:isAddressedBy ?service } UNION { ?service cx:addressesOutcome ?thing }
                BIND("outcome" AS ?role)
            } UNION {
                ?rel cx:service ?service ; cx:customer ?thing . BIND("customer" AS ?role)
            } UNION {
                ?rel cx:service ?service ; cx:provider ?thing . BIND("provider" AS ?role)
            }
        } ORDER BY ?service ?role ?thing""",
    )
    services: dict[str, Data] = {}
    for row in rows:
        service = services.setdefault(
            row["service"], {**_node(row["service"], labels), "parts": {}}
        )
        parts = service["parts"].setdefault(row["role"], [])
        if all(p["iri"] != row["thing"] for p in parts):
            part = _node(row["thing"], labels)
            if row.get("kind"):
                part["kind"] = labels(row["kind"])
            parts.append(part)
    for iri in services:
        shown.add(iri)
    return list(services.values())


def _experience_maps(store: ox.Store, labels: _Labels, shown: set[str]) -> list[Data]:
    rows = _rows(
        store,
        """SELECT ?map ?service ?influence ?kind ?touchpoint WHERE {
            ?map a cx:ExperienceMap .
            OPTIONAL { ?map cx:mapsService ?service }
            OPTIONAL { ?map cx:hasInfluence ?influence .
                       OPTIONAL { ?influence a ?kind .
                                  FILTER(?kind IN (cx:PositiveInfluencer, cx:NegativeImpact)) }
                       OPTIONAL { ?influence cx:atTouchpoint ?touchpoint } }
        } ORDER BY ?map ?influence""",
    )
    maps: dict[str, Data] = {}
    for row in rows:
        shown.add(row["map"])
        entry = maps.setdefault(row["map"], {
            **_node(row["map"], labels), "service": labels(row.get("service")),
            "influences": [],
        })  # fmt: skip
        if row.get("influence"):
            entry["influences"].append({
                "label": labels(row["influence"]),
                "positive": _local(row.get("kind")) == "PositiveInfluencer",
                "touchpoint": labels(row.get("touchpoint")) or "(no touchpoint)",
            })  # fmt: skip
    return list(maps.values())


def _findings_by_rule(findings: list[Finding], labels: _Labels, shown: set[str]) -> list[Data]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.rule].append(finding)
    order = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}
    rules = []
    for rule, items in sorted(grouped.items(), key=lambda kv: (order[kv[1][0].severity], kv[0])):
        rules.append({
            "rule": rule,
            "severity": items[0].severity.value,
            "items": [_finding(f, labels, shown) for f in items],
        })  # fmt: skip
    return rules


def _finding(finding: Finding, labels: _Labels, shown: set[str]) -> Data:
    focus = str(finding.focus)
    place = finding.place
    return {
        "focus": labels(focus) if focus.startswith(("http", "urn")) else finding.focus_text,
        "iri": focus,
        "link": anchor(focus) if focus in shown else None,
        "message": finding.message,
        "place": (
            None if place is None
            else f"{place.file}:{place.line}" if place.line else place.file
        ),
    }  # fmt: skip


def _local(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    value = _float(text)
    return int(value) if value is not None and value.is_integer() else None
