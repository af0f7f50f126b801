"""Answers kept between writes (cxgraph/store/answers.py): never stale, never unbounded."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.store.answers import AnswerCache, repeatable
from cxgraph.store.base import QueryAnswer
from cxgraph.store.embedded import EmbeddedStore

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(store: EmbeddedStore) -> int:
    body = json.loads(store.query(COUNT, JSON).body)
    return int(body["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "isolated workers"])
def test_every_kind_of_write_changes_the_next_answer(tmp_path: Path, on_disk: bool) -> None:
    store = EmbeddedStore(tmp_path / "store" if on_disk else None)
    if on_disk:
        store.isolate_queries()
    try:
        assert _count(store) == 0
        store.update("INSERT DATA { <urn:a> <urn:p> 1 }")
        assert _count(store) == 1
        store.load_bytes(b'<urn:b> <urn:p> "2" .\n', ox.RdfFormat.N_TRIPLES, None)
        assert _count(store) == 2
        store.drop_graph(None)
        assert _count(store) == 0
    finally:
        store.close()


def test_a_repeated_query_is_answered_from_the_cache() -> None:
    store = EmbeddedStore()
    store.update("INSERT DATA { <urn:a> <urn:p> 1 }")
    first = store.query(COUNT, JSON)
    assert store.query(COUNT, JSON) is first
    assert store.query(COUNT, "application/sparql-results+xml") is not first


def test_answers_that_change_from_run_to_run_are_not_kept() -> None:
    store = EmbeddedStore()
    query = "SELECT (RAND() AS ?r) WHERE {}"
    assert not repeatable(query) and not repeatable("SELECT (struuid() AS ?u) {}")
    assert repeatable(COUNT) and repeatable('SELECT ?s { ?s <urn:p> "RAND" }')
    assert store.query(query, JSON) is not store.query(query, JSON)


def test_an_answer_from_before_a_write_is_not_kept() -> None:
    cache = AnswerCache()
    writes = cache.writes
    cache.clear()  # a write lands while the query runs
    cache.put("q", QueryAnswer(b"old", JSON), writes)
    assert cache.get("q") is None
    cache.put("q", QueryAnswer(b"new", JSON), cache.writes)
    assert cache.get("q") == QueryAnswer(b"new", JSON)


def test_the_cache_stays_within_its_budget_and_drops_the_least_recent() -> None:
    cache = AnswerCache(budget=10, largest=4)
    cache.put("big", QueryAnswer(b"12345", JSON), cache.writes)
    assert cache.get("big") is None
    for key in "abc":
        cache.put(key, QueryAnswer(b"1234", JSON), cache.writes)
    assert cache.get("a") is None and cache.get("b") and cache.get("c")
