"""The graph given to pySHACL parses each SPARQL text once, and patches nothing in rdflib."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query

from cxgraph.engine import Engine, derive_in_store, pyshacl_graph, shape_results
from cxgraph.engine.pyshacl_graph import PreparedQueryGraph
from cxgraph.engine.run import store_from_graph

EX = Namespace("http://e/")
FAILING = ["http://e/b", "http://e/c"]  # no ex:label
RDFLIB_QUERY = processor.SPARQLProcessor.query
PREPARED = pyshacl_graph.prepared  # the cache, also while `seen` observes it
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://e/> .
ex:S a sh:NodeShape ;
    sh:targetClass ex:Item ;
    sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://e/label> ?l } }" ] ;
    sh:rule [ a sh:SPARQLRule ;
        sh:construct "CONSTRUCT { $this <http://e/seen> true } WHERE { $this a <http://e/Item> }" ] .
"""
DATA = """
@prefix ex: <http://e/> .
ex:a a ex:Item ; ex:label "a" .
ex:b a ex:Item .
ex:c a ex:Item .
"""


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """rdflib's SPARQLProcessor.query as it is each time the graph prepares a query."""
    found: list[object] = []

    def observed(*args: Any) -> Query:
        found.append(processor.SPARQLProcessor.query)
        return PREPARED(*args)

    monkeypatch.setattr(pyshacl_graph, "prepared", observed)
    yield found


def _validate() -> tuple[list[str], int]:
    """pySHACL's rules and validation on a fresh store: failing focus nodes, triples derived."""
    store = store_from_graph(Graph().parse(data=DATA, format="turtle"))
    shapes = Graph().parse(data=SHAPES, format="turtle")
    derive_in_store(store, shapes, Engine.PYSHACL)
    seen = len(list(store.quads_for_pattern(None, ox.NamedNode(EX.seen), None)))
    return sorted(r.focus.value for r in shape_results(store, shapes, Engine.PYSHACL)), seen


def test_a_second_validation_translates_nothing_new(seen: list[object]) -> None:
    assert _validate() == (FAILING, 3)
    first, queries = PREPARED.cache_info(), len(seen)
    # At least the rule and the constraint, once per focus node, go through the graph.
    assert queries >= 6
    assert _validate() == (FAILING, 3)
    second = PREPARED.cache_info()
    assert len(seen) == 2 * queries
    assert second.misses == first.misses
    assert second.hits == first.hits + queries


def test_rdflib_is_not_patched_during_or_after_validations_in_two_threads(
    seen: list[object],
) -> None:
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda _: _validate(), range(4)))
    assert outcomes == [(FAILING, 3)] * 4
    assert seen and all(query is RDFLIB_QUERY for query in seen)
    assert processor.SPARQLProcessor.query is RDFLIB_QUERY
    assert RDFLIB_QUERY.__module__ == "rdflib.plugins.sparql.processor"


def test_answers_as_rdflib_gives_them_per_text_base_and_namespaces() -> None:
    plain = Graph()
    prepared = PreparedQueryGraph()
    for graph in (plain, prepared):
        graph.add((EX.a, EX.p, Literal(1)))
        graph.add((EX.b, EX.p, Literal(2)))
        graph.add((URIRef("http://f/a"), EX.p, Literal(3)))
    text = "SELECT ?v WHERE { ?s <http://e/p> ?v FILTER(?s = x:a) }"
    for graph in (plain, prepared):
        graph.bind("x", "http://e/")
    for namespaces in ({"x": "http://e/"}, {"x": "http://f/"}, None):
        expected = [row.v for row in plain.query(text, initNs=namespaces)]  # type: ignore[union-attr]
        actual = [row.v for row in prepared.query(text, initNs=namespaces)]  # type: ignore[union-attr]
        assert actual == expected
    relative = "SELECT ?v WHERE { <a> <http://e/p> ?v }"
    for base in ("http://e/", "http://f/"):
        expected = [row.v for row in plain.query(relative, base=base)]  # type: ignore[union-attr]
        assert [row.v for row in prepared.query(relative, base=base)] == expected  # type: ignore[union-attr]
    bound = "SELECT ?v WHERE { ?s <http://e/p> ?v }"
    rows = prepared.query(bound, initBindings={"s": EX.b})
    assert [row.v for row in rows] == [Literal(2)]  # type: ignore[union-attr]
