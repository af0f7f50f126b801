"""The served derived facts (`DERIVED_GRAPH`), kept current by each write judged by its focus
nodes without deriving the whole store again.

A write judged incrementally leaves a working copy (`ValidationState`) whose cues and derived
facts are right for every node around the write, and a journal of what changed in them. The
facts served about a node are what validation adds about it (ontology terms, settings, text
cues, derived facts) and the RDFS closure of what is said about it (`rdfs_closure`). So the
nodes whose facts can have changed are the subjects the journal touched and the nodes the
write touched; their facts are replaced in one update, and those of every other node stand.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.store.base import DERIVED_GRAPH
from cxgraph.store.writes import Change, Resource
from cxgraph.terms import sparql_iri, to_ox
from cxgraph.validation.entailment import rdfs_closure
from cxgraph.validation.incremental import DERIVED, WORKING, Journal, ValidationState

_ADDED_GRAPHS = (WORKING, DERIVED)


def touched_subjects(journal: Journal, change: Change) -> set[Resource]:
    """The nodes whose served facts a write can have changed."""
    subjects = {q.subject for _, q in journal if q.graph_name in _ADDED_GRAPHS}
    return {s for s in subjects if isinstance(s, Resource)} | change.nodes()


def facts_about(
    state: ValidationState, subjects: set[Resource], ontology: Graph | None
) -> list[ox.Triple]:
    """What the served graph says about `subjects` now: what validation adds about them,
    and the entailments of what is said about them, minus what is asserted."""
    default = ox.DefaultGraph()
    scratch = ox.Store()
    added: dict[ox.Triple, None] = {}
    for subject in subjects:
        for quad in state.store.quads_for_pattern(subject, None, None, None):
            if quad.graph_name in _ADDED_GRAPHS:
                added[quad.triple] = None
            scratch.add(ox.Quad(quad.subject, quad.predicate, quad.object, default))
    terms = _ontology_triples(ontology)
    scratch.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in terms)
    asserted = state.store.quads_for_pattern
    facts = [
        t
        for t in added
        if t not in terms
        and next(asserted(t.subject, t.predicate, t.object, default), None) is None
    ]
    facts += [t for t in rdfs_closure(scratch) if t.subject in subjects]
    return list(dict.fromkeys(facts))


def _ontology_triples(ontology: Graph | None) -> frozenset[ox.Triple]:
    """The ontology is served in a graph of its own, not among the derived facts."""
    if ontology is None:
        return frozenset()
    if ontology not in _ONTOLOGY_TRIPLES:
        _ONTOLOGY_TRIPLES[ontology] = frozenset(
            ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
            for s, p, o in ontology
        )
    return _ONTOLOGY_TRIPLES[ontology]


_ONTOLOGY_TRIPLES: weakref.WeakKeyDictionary[Graph, frozenset[ox.Triple]] = (
    weakref.WeakKeyDictionary()
)


def replacement(subjects: Iterable[Resource], facts: list[ox.Triple]) -> str:
    """One SPARQL update that replaces the served facts about `subjects` with `facts`."""
    graph = sparql_iri(DERIVED_GRAPH)
    values = " ".join(str(s) for s in sorted(subjects, key=str))
    operations = [
        f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
        f"WHERE {{ VALUES ?s {{ {values} }} GRAPH {graph} {{ ?s ?p ?o }} }}"
    ]
    if facts:
        body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in facts)
        operations.append(f"INSERT DATA {{ GRAPH {graph} {{ {body} }} }}")
    return " ;\n".join(operations)
