"""Metrics computed from the survey responses in a portfolio, per service and month, and
within that per touchpoint and per channel.

Each question names its metric (`cx:questionMetric`) and its scale. The store counts the
answers per group and score in one SPARQL aggregate (a million responses are counted in the
store, not in Python), and `cxgraph.metrics` turns each group's counts into the metric and
its margin of error. A response's service is the one its survey surveys; its touchpoint and
channel are where it was given (`cx:givenAtTouchpoint`, `cx:givenViaChannel`), when known.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cxgraph.authoring.vocabulary import CX_NS
from cxgraph.metrics import Distribution, ServqualItem, ces, csat, nps, servqual_gaps

if TYPE_CHECKING:
    from cxgraph.store.base import GraphStore

METRICS = {
    "NetPromoterScore": "NPS",
    "CustomerSatisfactionScore": "CSAT top-two-box %",
    "CustomerSatisfactionMean": "CSAT mean",
    "CustomerEffortScore": "CES mean",
    "CustomerEffortScoreAgreement": "CES agree %",
    "ServqualGap": "SERVQUAL gap",
}
"""The metrics computed from answers, as the ontology names them, and how to show them."""

_COUNTS = f"""PREFIX cx: <{CX_NS}>
SELECT ?metric ?low ?high ?service ?touchpoint ?channel ?period ?score (COUNT(*) AS ?n)
WHERE {{
  ?response a cx:Response ; cx:answersQuestion ?question ; cx:responseValue ?score ;
            cx:respondedAt ?at .
  ?question cx:questionMetric ?metric ; cx:questionScaleMinimum ?low ;
            cx:questionScaleMaximum ?high .
  OPTIONAL {{ ?survey cx:hasQuestion ?question ; cx:surveysService ?service }}
  OPTIONAL {{ ?response cx:givenAtTouchpoint ?touchpoint }}
  OPTIONAL {{ ?response cx:givenViaChannel ?channel }}
  BIND(SUBSTR(STR(?at), 1, 7) AS ?period)
}}
GROUP BY ?metric ?low ?high ?service ?touchpoint ?channel ?period ?score"""


@dataclass(frozen=True)
class MetricValue:
    metric: str
    """The metric's IRI (cx:NetPromoterScore, ...)."""
    service: str | None
    touchpoint: str | None
    channel: str | None
    period: str
    """The month, YYYY-MM."""
    value: float
    margin: float | None
    """Margin of error at 95 % (NPS points, or the share's percentage points); None for means."""
    responses: int
    dimension: str | None = None
    """The SERVQUAL dimension's IRI, for SERVQUAL gaps."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


Group = tuple[str, int, int, str | None, str | None, str | None, str]


def compute_metrics(source: ox.Store | GraphStore) -> list[MetricValue]:
    """Every metric the responses answer, per group: from an Oxigraph store (its union of
    graphs) or any cxgraph store, remote ones included (through SPARQL)."""
    counts: dict[Group, dict[int, int]] = defaultdict(dict)
    for row in _count_rows(source):
        metric = row["metric"]
        if not metric or not metric.startswith(CX_NS) or metric[len(CX_NS) :] not in METRICS:
            continue
        group: Group = (
            metric,
            int(float(row["low"] or 0)),
            int(float(row["high"] or 0)),
            row.get("service"),
            row.get("touchpoint"),
            row.get("channel"),
            row["period"] or "",
        )
        score = float(row["score"] or "nan")
        if score.is_integer():
            for rolled in _rollups(group):
                bucket = counts[rolled]
                bucket[int(score)] = bucket.get(int(score), 0) + int(row["n"] or 0)
    values = [v for g, c in counts.items() if (v := _metric(g, c)) is not None]
    values += _servqual_gaps(source)
    return sorted(values, key=lambda v: (v.metric, v.service or "", v.period, v.touchpoint or "",
                                         v.channel or "", v.dimension or ""))  # fmt: skip


_SERVQUAL = f"""PREFIX cx: <{CX_NS}>
SELECT ?item ?dimension ?side ?service ?touchpoint ?channel ?period (SUM(?score) AS ?sum)
       (COUNT(*) AS ?n)
WHERE {{
  ?item cx:questionMetric cx:ServqualGap ; cx:questionDimension ?dimension ;
        cx:expectationQuestion ?expected .
  {{ ?response cx:answersQuestion ?item . BIND("perceived" AS ?side) }}
  UNION
  {{ ?response cx:answersQuestion ?expected . BIND("expected" AS ?side) }}
  ?response cx:responseValue ?score ; cx:respondedAt ?at .
  OPTIONAL {{ ?survey cx:hasQuestion ?item ; cx:surveysService ?service }}
  OPTIONAL {{ ?response cx:givenAtTouchpoint ?touchpoint }}
  OPTIONAL {{ ?response cx:givenViaChannel ?channel }}
  BIND(SUBSTR(STR(?at), 1, 7) AS ?period)
}}
GROUP BY ?item ?dimension ?side ?service ?touchpoint ?channel ?period"""


def _servqual_gaps(source: ox.Store | GraphStore) -> list[MetricValue]:
    """Each dimension's gap per group: the mean over its items of the mean perceived score
    minus the mean expected one (perception and expectation are asked of the same people,
    so this is the mean of their own gaps when everyone answers both)."""
    sums: dict[tuple[Group, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for row in _rows(source, _SERVQUAL, _SERVQUAL_VARIABLES):
        group: Group = (CX_NS + "ServqualGap", 1, 7, row.get("service"), row.get("touchpoint"),
                        row.get("channel"), row["period"] or "")  # fmt: skip
        side = 0 if row["side"] == "perceived" else 2
        for rolled in _rollups(group):
            totals = sums[(rolled, row["dimension"] or "", row["item"] or "")]
            totals[side] += float(row["sum"] or 0)
            totals[side + 1] += int(row["n"] or 0)
    gaps: dict[tuple[Group, str], list[tuple[float, int]]] = defaultdict(list)
    for (group, dimension, _item), (perceived, p_n, expected, e_n) in sums.items():
        if p_n and e_n:
            gaps[(group, dimension)].append((perceived / p_n - expected / e_n, int(p_n)))
    values = []
    for (group, dimension), items in gaps.items():
        metric, _, _, service, touchpoint, channel, period = group
        gap = servqual_gaps([ServqualItem(dimension, 0.0, g) for g, _ in items])[dimension]
        values.append(MetricValue(metric, service, touchpoint, channel, period, gap, None,
                                  max(n for _, n in items), dimension))  # fmt: skip
    return values


_SERVQUAL_VARIABLES = ("item", "dimension", "side", "service", "touchpoint", "channel", "period",
                       "sum", "n")  # fmt: skip


def _rollups(group: Group) -> list[Group]:
    """The groups an answer counts in: its service's month over all touchpoints and
    channels, its touchpoint's month and its channel's month."""
    metric, low, high, service, touchpoint, channel, period = group
    rolled: list[Group] = [(metric, low, high, service, None, None, period)]
    if touchpoint is not None:
        rolled.append((metric, low, high, service, touchpoint, None, period))
    if channel is not None:
        rolled.append((metric, low, high, service, None, channel, period))
    return rolled


def _count_rows(source: ox.Store | GraphStore) -> Iterable[dict[str, str | None]]:
    return _rows(source, _COUNTS, _VARIABLES)


def _rows(
    source: ox.Store | GraphStore, query: str, variables: tuple[str, ...]
) -> Iterable[dict[str, str | None]]:
    """A query's rows as {variable: IRI or lexical form}; blank nodes as None."""
    if isinstance(source, ox.Store):
        for row in source.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            yield {v: _text(row[v]) for v in variables}
        return
    answer = json.loads(source.query(query, "application/sparql-results+json").body)
    for binding in answer["results"]["bindings"]:
        yield {
            v: binding[v]["value"] if v in binding and binding[v]["type"] != "bnode" else None
            for v in variables
        }


_VARIABLES = ("metric", "low", "high", "service", "touchpoint", "channel", "period", "score", "n")


def _text(term: object) -> str | None:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return None


def _metric(group: Group, counts: dict[int, int]) -> MetricValue | None:
    metric, low, high, service, touchpoint, channel, period = group
    name = metric[len(CX_NS) :]
    inside = {s: c for s, c in counts.items() if low <= s <= high}  # outside: a rule's finding
    if not inside or name == "ServqualGap":  # gaps pair two questions: `_servqual_gaps`
        return None
    answers = Distribution(inside, low, high)
    value: float
    margin: float | None = None
    if name == "NetPromoterScore":
        result = nps(
            sum(c for s, c in inside.items() if s >= 9),
            sum(c for s, c in inside.items() if 7 <= s <= 8),
            sum(c for s, c in inside.items() if s <= 6),
        )
        value, margin = result.score, result.margin
    elif name == "CustomerSatisfactionScore":
        value = csat(answers).top_two_box
    elif name == "CustomerSatisfactionMean":
        value = csat(answers).mean
    elif name == "CustomerEffortScore":
        value = answers.mean
    else:
        agreed = ces(answers).agree if (low, high) == (1, 7) else None
        if agreed is None:
            return None
        value = agreed
    return MetricValue(metric, service, touchpoint, channel, period, value, margin,
                       answers.responses)  # fmt: skip


def metric_rows(values: Iterable[MetricValue]) -> list[list[str]]:
    """A table of metric values for people: header first."""
    rows = [["metric", "service", "touchpoint", "channel", "period", "value", "margin", "n"]]
    for v in values:
        rows.append([
            _metric_name(v), _short(v.service), _short(v.touchpoint),
            _short(v.channel), v.period, f"{v.value:.1f}",
            "" if v.margin is None else f"±{v.margin:.1f}", str(v.responses),
        ])  # fmt: skip
    return rows


def _metric_name(value: MetricValue) -> str:
    name = METRICS[value.metric[len(CX_NS) :]]
    return f"{name} ({_short(value.dimension)})" if value.dimension else name


def _short(iri: str | None) -> str:
    if iri is None:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def score_triples(values: Iterable[MetricValue]) -> list[ox.Triple]:
    """The metric values as `cx:MetricScore`s, so they can be kept in the portfolio, queried
    over SPARQL and assessed against outcome targets by the rules.

    Each score's IRI is derived from what it scores (service, metric, month, touchpoint or
    channel), so writing the scores again replaces nothing and adds nothing.
    """
    cx = CX_NS
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples = []
    for v in values:
        key = "|".join((v.metric, v.service or "", v.period, v.touchpoint or "", v.channel or "",
                        v.dimension or ""))  # fmt: skip
        base = v.service or f"{cx}score"
        score = ox.NamedNode(f"{base}/score/{hashlib.md5(key.encode()).hexdigest()}")
        facts: list[tuple[str, ox.NamedNode | ox.Literal]] = [
            (RDF_TYPE, ox.NamedNode(cx + "MetricScore")),
            (RDFS_LABEL, ox.Literal(_label(v), language="en")),
            (cx + "scoreOfMetric", ox.NamedNode(v.metric)),
            (cx + "scorePeriod", ox.Literal(v.period, datatype=ox.NamedNode(xsd + "gYearMonth"))),
            (cx + "scoreValue", ox.Literal(f"{v.value:.4f}", datatype=ox.NamedNode(xsd + "decimal"))),
            (cx + "responseCount",
             ox.Literal(str(v.responses), datatype=ox.NamedNode(xsd + "nonNegativeInteger"))),
        ]  # fmt: skip
        if v.margin is not None:
            facts.append((cx + "scoreMarginOfError",
                          ox.Literal(f"{v.margin:.4f}", datatype=ox.NamedNode(xsd + "decimal"))))  # fmt: skip
        for prop, iri in (("scoredService", v.service), ("scoredTouchpoint", v.touchpoint),
                          ("scoredChannel", v.channel), ("scoreDimension", v.dimension)):  # fmt: skip
            if iri is not None:
                facts.append((cx + prop, ox.NamedNode(iri)))
        triples += [ox.Triple(score, ox.NamedNode(p), o) for p, o in facts]
    return triples


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _label(value: MetricValue) -> str:
    """`NPS, 2025-03, LaptopService, at WalkInTechBar`: what a person needs to tell scores apart."""
    parts = [_metric_name(value), value.period]
    if value.service:
        parts.append(_short(value.service))
    if value.touchpoint:
        parts.append(f"at {_short(value.touchpoint)}")
    if value.channel:
        parts.append(f"via {_short(value.channel)}")
    return ", ".join(parts)
