"""Turn the analyzer's cues into RDF, so the SHACL shapes stay the one place rules live.

Each SCO statement's cues become `cx:TextCue` nodes (criterion, kind, the words, and an
explanation); shapes such as `sco-measurable` then only ask whether such a cue exists.
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from cxgraph.analysis.statements import Criterion, Cue, judge_statement
from cxgraph.namespace import CX

CRITERIA = {
    Criterion.OUTSIDE_IN: CX.CustomerPerspective,
    Criterion.MEASURABLE: CX.Measurable,
    Criterion.ACTIONABLE: CX.Actionable,
}
"""The ontology's outcome criterion for each criterion the analyzer judges."""


def annotate_statements(graph: Graph) -> Graph:
    """Return the cue triples for every SCO statement in `graph` (the graph is not changed).

    Cue nodes get IRIs derived from the outcome, the criterion and the words, so the same
    input always yields the same triples.

    Example:
        >>> from rdflib import URIRef
        >>> g = Graph()
        >>> sco = URIRef("https://example.org/sco")
        >>> _ = g.add((sco, RDF.type, CX.SuccessfulCustomerOutcome))
        >>> _ = g.add((sco, CX.statement, Literal("IT will maintain the heating units")))
        >>> sorted(str(o) for o in annotate_statements(g).objects(None, CX.cueKind))
        ['no-customer-voice, provider-subject', 'no-quantity']
    """
    cues = Graph()
    for outcome in sorted(set(graph.subjects(RDF.type, CX.SuccessfulCustomerOutcome)), key=str):
        for statement in sorted(graph.objects(outcome, CX.statement), key=str):
            judgement = judge_statement(str(statement))
            for criterion in CRITERIA:
                found = [cue for cue in judgement.cues if cue.criterion == criterion]
                if found:
                    _add_cue(cues, outcome, _combined(found))
            for criterion, term in CRITERIA.items():
                if judgement.meets(criterion):
                    cues.add((outcome, CX.meetsCriterion, term))
    return cues


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


def _add_cue(cues: Graph, outcome: Node, cue: Cue) -> None:
    digest = hashlib.sha1(
        f"{outcome}|{cue.criterion}|{cue.kind}|{cue.text}".encode(), usedforsecurity=False
    ).hexdigest()[:16]
    node = URIRef(f"urn:cxgraph:cue:{digest}")
    cues.add((outcome, CX.hasTextCue, node))
    cues.add((node, RDF.type, CX.TextCue))
    cues.add((node, CX.cueCriterion, CRITERIA[cue.criterion]))
    cues.add((node, CX.cueKind, Literal(cue.kind)))
    cues.add((node, CX.cueText, Literal(cue.text)))
    cues.add((node, CX.cueExplanation, Literal(cue.explanation)))
