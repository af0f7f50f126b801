"""The embedded store: persistent, atomic loads, SPARQL in every result format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from cxgraph.cli.main import main
from cxgraph.errors import InputError
from cxgraph.load import load_graph
from cxgraph.store import EmbeddedStore
from tests.conftest import EXAMPLE

SERVICES = "SELECT ?s WHERE { ?s a <https://w3id.org/cxgraph#Service> } ORDER BY ?s"


def test_a_store_on_disk_keeps_its_triples(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    added = store.load([EXAMPLE])
    assert added == len(load_graph([EXAMPLE])) == len(store.graph())
    del store
    reopened = EmbeddedStore(tmp_path / "db")
    assert len(reopened) == added


def test_a_load_with_a_broken_file_adds_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://e/> .\nex:a ex:b .\n", encoding="utf-8")
    store = EmbeddedStore()
    with pytest.raises(InputError, match=r"broken.ttl:2:"):
        store.load([EXAMPLE, broken])
    assert len(store) == 0


@pytest.mark.parametrize(
    ("media_type", "check"),
    [
        (
            "application/sparql-results+json",
            lambda b: len(json.loads(b)["results"]["bindings"]) == 6,
        ),
        ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) == 7),
        ("text/tab-separated-values", lambda b: len(b.decode().strip().splitlines()) == 7),
        ("application/sparql-results+xml", lambda b: b.count(b"<result>") == 6),
    ],
)
def test_select_answers_in_each_format(media_type: str, check) -> None:  # type: ignore[no-untyped-def]
    store = EmbeddedStore()
    store.load([EXAMPLE])
    answer = store.query(SERVICES, media_type)
    assert answer.media_type.startswith(media_type)
    assert check(answer.body)


def test_construct_answers_as_rdf() -> None:
    store = EmbeddedStore()
    store.load([EXAMPLE])
    answer = store.query("CONSTRUCT WHERE { ?s a ?t }", "text/turtle")
    assert len(Graph().parse(data=answer.body, format="turtle")) > 50


def test_named_graph_loads_and_update(tmp_path: Path) -> None:
    store = EmbeddedStore()
    store.load([EXAMPLE], graph="https://example.org/g")
    ask = "ASK { GRAPH <https://example.org/g> { ?s ?p ?o } }"
    assert json.loads(store.query(ask, "application/sparql-results+json").body)["boolean"]
    store.update("CLEAR GRAPH <https://example.org/g>")
    assert len(store) == 0


def test_a_malformed_query_names_its_position() -> None:
    with pytest.raises(InputError, match="1:10"):
        EmbeddedStore().query("SELEC nothing", "text/csv")


def test_cli_load_then_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "db")
    assert main(["load", "--store", store, str(EXAMPLE)]) == 0
    assert f"{len(load_graph([EXAMPLE]))} triples loaded" in capsys.readouterr().out
    assert main(["query", "--store", store, SERVICES]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["s"] and len(rows) == 7
    assert main(["query", "--store", store, "SELEC nothing"]) == 3


def test_inserts_are_split_by_size_keeping_blank_nodes_together() -> None:
    import pyoxigraph as ox

    from cxgraph.store.rdf import insert_requests

    turtle = "".join(
        f'<https://example.org/s{i}> <https://example.org/p> [ <https://example.org/q> "{i}" ; '
        f'<https://example.org/r> [ <https://example.org/q> "deep {i}" ] ] .\n'
        for i in range(300)
    )
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://example.org/g"))
             for q in ox.parse(turtle.encode(), ox.RdfFormat.TURTLE)]  # fmt: skip
    requests = insert_requests(quads, max_bytes=5_000)
    assert len(requests) > 10
    rebuilt = ox.Store()
    for request in requests:
        rebuilt.update(request)
    expected = Graph().parse(data=turtle, format="turtle")
    got = Graph().parse(
        data=rebuilt.dump(format=ox.RdfFormat.N_QUADS)
        .decode()
        .replace(" <https://example.org/g> .", " ."),
        format="nt",
    )
    assert isomorphic(got, expected)  # each blank node was written in one request


def test_inserts_are_cut_into_operations_a_server_can_compile() -> None:
    """Virtuoso compiles each operation to SQL and refuses one over 10,000 lines of it
    (about 2,000 triples): 2,500 triples go as operations of at most 1,000, in one request."""
    import pyoxigraph as ox

    from cxgraph.store.rdf import insert_requests

    quads = [ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                     ox.Literal(str(i))) for i in range(2500)]  # fmt: skip
    (request,) = insert_requests(quads)
    operations = request.split(" ;\n")
    assert [op.count(" .\n") for op in operations] == [1000, 1000, 500]
    store = ox.Store()
    store.update(request)
    assert len(store) == 2500
    # More than four operations make a second request (Virtuoso compiles a whole request
    # into one code vector).
    many = [ox.Quad(q.subject, q.predicate, ox.Literal(f"{q.object.value}b")) for q in quads]
    assert [len(r.split(" ;\n")) for r in insert_requests(quads + many)] == [4, 1]
