"""Turn the analyzer's cues into RDF, so the SHACL shapes stay the one place rules live.

Each outcome's statement is read from the working store together with what the graph says
around it (who states it and on which side they stand, the provider's and customer's names,
the labels of the service's facility and support: `StatementContext`). Each statement's cues
become `cx:TextCue` nodes (criterion, kind, the words, and an explanation); shapes such as
`sco-measurable` then only ask whether such a cue exists.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from cxgraph.analysis.context import Party, StatementContext
from cxgraph.analysis.statements import Criterion, Cue, judge_statements
from cxgraph.namespace import CX
from cxgraph.terms import sparql_term

CRITERIA = {
    Criterion.OUTSIDE_IN: CX.CustomerPerspective,
    Criterion.MEASURABLE: CX.Measurable,
    Criterion.ACTIONABLE: CX.Actionable,
}
"""The ontology's outcome criterion for each criterion the analyzer judges."""

_PROLOGUE = (
    f"PREFIX cx: {sparql_term(CX[''])}\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_LABEL = "(rdfs:label|skos:prefLabel)"
_SERVICE = "{ ?this cx:isAddressedBy ?service } UNION { ?service cx:addressesOutcome ?this }"
_SIDES = {
    "customer": "cx:Customer cx:User cx:Funder",
    "provider": "cx:Provider",
}
_QUERIES = {
    "statement": "?this cx:statement ?value .",
    "customer": f"?this cx:isStatedBy ?party . ?party a/rdfs:subClassOf* ?side . VALUES ?side {{ {_SIDES['customer']} }} BIND(1 AS ?value)",
    "provider": f"?this cx:isStatedBy ?party . ?party a/rdfs:subClassOf* ?side . VALUES ?side {{ {_SIDES['provider']} }} BIND(1 AS ?value)",
    "stater": f"?this cx:isStatedBy/{_LABEL} ?value .",
    "provider-name": f"{_SERVICE} {{ ?party cx:providesService ?service }} UNION {{ ?relationship cx:service ?service ; cx:provider ?party }} ?party {_LABEL} ?value .",
    "customer-name": f"{_SERVICE} {{ ?party cx:consumesService ?service }} UNION {{ ?relationship cx:service ?service ; cx:customer ?party }} ?party {_LABEL} ?value .",
    "service-term": f"{_SERVICE} ?service (cx:hasFacility|cx:hasSupport|cx:hasFacility/(cx:hasGood|cx:hasAction)|cx:hasSupport/cx:hasSupportAction)* ?part . ?part {_LABEL} ?value .",
}  # fmt: skip


@dataclass(frozen=True)
class OutcomeStatement:
    """One statement of an outcome, with the graph's context for it."""

    outcome: ox.NamedNode | ox.BlankNode
    text: str
    context: StatementContext


def outcome_statements(store: ox.Store, within: str | None = None) -> list[OutcomeStatement]:
    """Every outcome statement in the store (or those of the outcomes `within`, a pattern on
    ?this, selects), with its context; the ontology must be in the store (class hierarchy)."""
    facts: dict[str, dict[ox.NamedNode | ox.BlankNode, list[str]]] = {}
    for name, pattern in _QUERIES.items():
        facts[name] = defaultdict(list)
        scope = f"{{ {within} }}" if within else ""
        query = (
            f"{_PROLOGUE}SELECT DISTINCT ?this ?value WHERE {{ {scope} "
            f"?this a cx:SuccessfulCustomerOutcome . {pattern} }}"
        )
        for this, value in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            facts[name][this].append(value.value)
    return sorted(
        (
            OutcomeStatement(outcome, text, _context(facts, outcome))
            for outcome, texts in facts["statement"].items()
            for text in texts
        ),
        key=lambda s: (str(s.outcome), s.text),
    )


def _context(
    facts: dict[str, dict[ox.NamedNode | ox.BlankNode, list[str]]],
    outcome: ox.NamedNode | ox.BlankNode,
) -> StatementContext:
    customer, provider = bool(facts["customer"].get(outcome)), bool(facts["provider"].get(outcome))
    side = (
        Party.CUSTOMER
        if customer and not provider
        else Party.PROVIDER
        if provider
        else Party.UNKNOWN
    )
    staters = tuple(facts["stater"].get(outcome, ()))
    return StatementContext.of(
        side,
        provider_names=(
            *facts["provider-name"].get(outcome, ()),
            *(staters if side is Party.PROVIDER else ()),
        ),
        customer_names=(
            *facts["customer-name"].get(outcome, ()),
            *(staters if side is Party.CUSTOMER else ()),
        ),
        service_terms=tuple(facts["service-term"].get(outcome, ())),
    )


def cue_quads(
    statements: Iterable[OutcomeStatement], graph: ox.NamedNode | ox.DefaultGraph | None = None
) -> list[ox.Quad]:
    """The cue quads (and `cx:meetsCriterion` quads) of every statement, in `graph`."""
    statements = list(statements)
    judgements = judge_statements([(s.text, s.context) for s in statements])
    target = graph if graph is not None else ox.DefaultGraph()
    quads: dict[ox.Quad, None] = {}
    for statement, judgement in zip(statements, judgements, strict=True):
        for criterion in CRITERIA:
            found = [cue for cue in judgement.cues if cue.criterion == criterion]
            if found:
                quads.update(dict.fromkeys(_cue(statement.outcome, _combined(found), target)))
        for criterion, term in CRITERIA.items():
            if judgement.meets(criterion):
                quads[ox.Quad(statement.outcome, _node(CX.meetsCriterion), _node(term), target)] = (
                    None
                )
    return list(quads)


def _combined(cues: list[Cue]) -> Cue:
    """One cue per criterion, words and explanations in the order the analyzer found them.

    Shapes then need no GROUP_CONCAT, whose order SPARQL leaves open.
    """
    return Cue(
        cues[0].criterion,
        ", ".join(dict.fromkeys(c.kind for c in cues)),
        ", ".join(c.text for c in cues if c.text),
        "; ".join(c.explanation for c in cues),
    )


def _cue(
    outcome: ox.NamedNode | ox.BlankNode, cue: Cue, graph: ox.NamedNode | ox.DefaultGraph
) -> Iterator[ox.Quad]:
    digest = hashlib.sha1(
        f"{outcome}|{cue.criterion}|{cue.kind}|{cue.text}".encode(), usedforsecurity=False
    ).hexdigest()[:16]
    node = ox.NamedNode(f"urn:cxgraph:cue:{digest}")
    yield ox.Quad(outcome, _node(CX.hasTextCue), node, graph)
    yield ox.Quad(node, _TYPE, _node(CX.TextCue), graph)
    yield ox.Quad(node, _node(CX.cueCriterion), _node(CRITERIA[cue.criterion]), graph)
    yield ox.Quad(node, _node(CX.cueKind), ox.Literal(cue.kind), graph)
    yield ox.Quad(node, _node(CX.cueText), ox.Literal(cue.text), graph)
    yield ox.Quad(node, _node(CX.cueExplanation), ox.Literal(cue.explanation), graph)


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))
