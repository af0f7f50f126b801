"""`using-graph-uri` / `using-named-graph-uri`: the update rewriting, and /update using it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.update_dataset import UpdateDatasetError, tokens, with_dataset
from cxgraph.store import EmbeddedStore

G1, G2 = "http://example.org/g1", "http://example.org/g2"


def test_no_graphs_leave_the_update_alone() -> None:
    text = "WITH <http://w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert with_dataset(text, [], []) is text


def test_default_and_named_graphs_go_before_the_where() -> None:
    rewritten = with_dataset("INSERT { ?s a ?o } WHERE { ?s a ?o }", [G1, G2], [G2])
    assert rewritten == (
        f"INSERT {{ ?s a ?o }} USING <{G1}> USING <{G2}> USING NAMED <{G2}> WHERE {{ ?s a ?o }}"
    )


def test_where_in_strings_iris_comments_and_names_is_not_a_keyword() -> None:
    text = """PREFIX where: <http://example.org/WHERE#where>
INSERT { ?s <http://p/WHERE> "WHERE", 'WHERE', '''a 'WHERE' {''', \"\"\"}WHERE\"\"\" ;
            where:WHERE ?where ; <http://p> "x"@where , _:where }  # WHERE {
  where
  { ?s ?p "}" FILTER(?where != "WHERE") }"""
    rewritten = with_dataset(text, [G1], [])
    assert rewritten.count(f"USING <{G1}>") == 1
    assert f'_:where }}  # WHERE {{\n  USING <{G1}> where\n  {{ ?s ?p "}}"' in rewritten
    ox.Store().update(rewritten)  # still valid SPARQL


def test_a_where_inside_a_subquery_is_not_the_operations() -> None:
    text = "INSERT { ?s a ?o } WHERE { { SELECT ?s ?o WHERE { ?s a ?o } } }"
    assert with_dataset(text, [G1], []) == (
        f"INSERT {{ ?s a ?o }} USING <{G1}> WHERE {{ {{ SELECT ?s ?o WHERE {{ ?s a ?o }} }} }}"
    )


def test_every_operation_gets_the_clauses_and_data_operations_none() -> None:
    text = (
        "CLEAR ALL ; INSERT DATA { <http://a> <http://p> 1 } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } WHERE { ?s ?p ?o } ;\n"
        "DELETE DATA { <http://a> <http://p> 1 } ; LOAD <http://x> ;\n"
        "INSERT { ?s ?p 2 } WHERE { ?s ?p 1 }"
    )
    rewritten = with_dataset(text, [], [G1])
    assert rewritten.count(f"USING NAMED <{G1}> WHERE") == 2
    assert rewritten.replace(f"USING NAMED <{G1}> ", "") == text


def test_delete_where_is_written_out_in_its_long_form() -> None:
    text = "DELETE WHERE { ?s <http://p> ?o } ; DELETE WHERE{GRAPH ?g{?s ?p ?o}}"
    assert with_dataset(text, [G1], [G2]) == (
        f"DELETE {{ ?s <http://p> ?o }} USING <{G1}> USING NAMED <{G2}> WHERE {{ ?s <http://p> ?o }}"
        f" ; DELETE {{GRAPH ?g{{?s ?p ?o}}}} USING <{G1}> USING NAMED <{G2}> "
        "WHERE{GRAPH ?g{?s ?p ?o}}"
    )


def test_delete_where_then_applies_only_to_the_given_graphs() -> None:
    store = ox.Store()
    store.update(
        f"INSERT DATA {{ <http://a> <http://p> 1 GRAPH <{G1}> {{ <http://a> <http://p> 1 }} }}"
    )
    store.update(with_dataset("DELETE WHERE { ?s ?p ?o }", [G1], []))
    # The pattern matched in G1, the template deletes from the default graph: G1 is kept.
    assert [q.graph_name for q in store] == [ox.NamedNode(G1)]


@pytest.mark.parametrize(
    "text",
    [
        "WITH <http://w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <http://u> WHERE { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } using named <http://u> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "INSERT DATA { <http://a> <http://p> 1 } ; With <http://w> INSERT { ?s ?p 2 } WHERE {}",
    ],
)
def test_an_update_with_its_own_dataset_is_refused(text: str) -> None:
    with pytest.raises(UpdateDatasetError, match=r"own (USING|WITH)"):
        with_dataset(text, [G1], [])


def test_using_and_with_in_strings_iris_and_names_are_not_clauses() -> None:
    text = 'INSERT { ?s <http://with/using> "USING WITH", ?using, ex:with } WHERE { ?s ?p ?o }'
    assert f"USING <{G1}> WHERE" in with_dataset(text, [G1], [])


@pytest.mark.parametrize("graph", ["relative", "http://g> } ; DROP ALL ; INSERT {", "", "a b:c"])
def test_a_graph_that_is_not_an_absolute_iri_is_refused(graph: str) -> None:
    with pytest.raises(UpdateDatasetError, match="absolute IRI"):
        with_dataset("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", [graph], [])


def test_the_lexer_skips_strings_with_escapes_and_iris() -> None:
    text = r""""a\"}" 'b\\' <urn:x> <urn:x{> {"""
    # A "<" that cannot open an IRI (here, a brace follows) is an operator, not an IRI.
    expected = [r'"a\"}"', r"'b\\'", "<urn:x>", "<", "urn:x", "{", ">", "{"]
    assert [t.text for t in tokens(text)] == expected


TOKEN = "t"
INSERT = "INSERT { GRAPH <http://example.org/out> { ?s ?p ?o } } WHERE { ?s ?p ?o }"


def _client() -> tuple[TestClient, EmbeddedStore]:
    store = EmbeddedStore()
    store.update(
        f"INSERT DATA {{ GRAPH <{G1}> {{ <http://a> <http://p> 1 }}"
        f" GRAPH <{G2}> {{ <http://b> <http://p> 2 }} }}"
    )
    return TestClient(create_app(store, token=TOKEN, fail_on=None)), store


def _copied(store: EmbeddedStore) -> set[str]:
    answer = store.read_graph("http://example.org/out", "application/n-triples")
    return set(answer.body.decode().splitlines()) if answer else set()


def test_update_takes_using_graph_uri_from_the_query_string_of_a_direct_post() -> None:
    client, store = _client()
    response = client.post(
        "/update",
        params={"using-graph-uri": G1},
        content=INSERT,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204, response.text
    assert _copied(store) == {
        '<http://a> <http://p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    }


def test_update_takes_using_graph_uri_from_the_form_of_a_form_post() -> None:
    client, store = _client()
    response = client.post(
        "/update",
        data={"update": INSERT, "using-graph-uri": G2},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204, response.text
    assert _copied(store) == {
        '<http://b> <http://p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    }


def test_update_with_parameters_and_its_own_with_is_a_400() -> None:
    client, store = _client()
    response = client.post(
        "/update",
        data={"update": f"WITH <{G1}> {INSERT}", "using-named-graph-uri": G2},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400 and "WITH" in response.text
    assert _copied(store) == set()
