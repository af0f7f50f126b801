"""Property-based fuzzing: whatever the input, a clear error or an answer, never a crash.

Hypothesis writes the inputs: SPARQL texts built from the tokens that matter (brackets,
keywords, IRIs, strings, triple-term syntax), RDF bodies mutated from valid ones, outcome
statements of any text, and quad deltas with blank nodes and odd literals. A native stack
overflow would end this test process, so passing also means none happened.

`CXGRAPH_FUZZ_EXAMPLES` sets the examples per property (CI: the default 150; by hand: 5000,
figures in benchmarks/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import os

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.update_dataset import UpdateDatasetError, with_dataset
from cxgraph.analysis import judge_statement
from cxgraph.analysis.statements import Criterion
from cxgraph.errors import InputError
from cxgraph.safety.limits import Limits
from cxgraph.store import EmbeddedStore
from cxgraph.store.atomic import delta_update
from cxgraph.store.rdf import GRAPH_FORMATS, body_quads
from cxgraph.store.writes import QuadDelta

EXAMPLES = int(os.environ.get("CXGRAPH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)  # fmt: skip

_SPARQL_TOKENS = [
    "SELECT", "*", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?p", "?o", "<urn:a>", "<urn:b>",
    '"x"', "'y'", "1", ".", ";", ",", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE",
    "SILENT", "BIND", "AS", "VALUES", "FROM", "NAMED", "PREFIX", "e:", "e:a", "BASE", "INSERT",
    "DELETE", "DATA", "LOAD", "INTO", "CLEAR", "DROP", "ALL", "<<", ">>", "<<(", ")>>", "{|", "|}",
    "~", "TRIPLE", "#", "\n", "\"\"\"", "\\", "<", ">", "!", "^", "/", "|", "+", "-", "&&",
]  # fmt: skip
_SPARQL = st.lists(st.sampled_from(_SPARQL_TOKENS), max_size=60).map(" ".join)
_DEEP = st.integers(min_value=50, max_value=5000).flatmap(
    lambda depth: st.sampled_from(["{", "(", "["]).map(
        lambda bracket: "SELECT * WHERE { " + bracket * depth + " ?s ?p ?o " + " }" * 2
    )
)


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore(limits=Limits(query_seconds=5))
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> . <urn:c> <urn:b> 1 }")
    return store


@FUZZ
@given(text=st.one_of(_SPARQL, _DEEP, st.text(max_size=200)))
def test_any_query_text_is_answered_or_refused(store: EmbeddedStore, text: str) -> None:
    with contextlib.suppress(InputError):
        store.query(text, "application/sparql-results+json")


@FUZZ
@given(text=st.one_of(_SPARQL, _DEEP))
def test_any_update_text_is_run_or_refused_and_the_store_stays_usable(text: str) -> None:
    store = EmbeddedStore()
    with contextlib.suppress(InputError):
        store.update(text)
    store.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert len(store) >= 1


_VALID_BODIES = {
    "text/turtle": b'@prefix e: <urn:e:> . e:a e:p [ e:q ( 1 "two"@en ) ] ; e:r """long""" .',
    "application/n-triples": b'<urn:a> <urn:p> "x" .\n_:b <urn:p> <urn:c> .\n',
    "application/rdf+xml": (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:e="urn:e:"><rdf:Description rdf:about="urn:a"><e:p>x</e:p></rdf:Description>'
        b"</rdf:RDF>"
    ),
    "application/ld+json": b'{"@context": {"e": "urn:e:"}, "@id": "urn:a", "e:p": [{"@id": "_:b"}]}',
}


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    media_type = draw(st.sampled_from(sorted(GRAPH_FORMATS)))
    body = bytearray(_VALID_BODIES[media_type])
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(body)))
        insert = draw(st.sampled_from([b"{", b"[", b"(", b"<<", b'"', b"<!ENTITY x 'y'>", b"\\",
                                       b"\x00", b"\xff", b"@context", b"_:", b"}", b"]"]))  # fmt: skip
        body[position:position] = insert * draw(st.integers(1, 200))
    return bytes(body), media_type


@FUZZ
@given(
    case=st.one_of(
        _mutated(), st.tuples(st.binary(max_size=300), st.sampled_from(sorted(GRAPH_FORMATS)))
    )
)
def test_any_body_is_parsed_or_refused_with_an_input_error(case: tuple[bytes, str]) -> None:
    body, media_type = case
    try:
        quads = body_quads(body, media_type, None)
    except InputError:
        return
    assert all(not isinstance(q.object, ox.Triple) for q in quads)


@FUZZ
@given(statement=st.text(max_size=400))
def test_any_statement_gets_a_verdict_on_each_criterion(statement: str) -> None:
    judgement = judge_statement(statement)
    assert {cue.criterion for cue in judgement.cues} <= set(Criterion)
    assert all(isinstance(judgement.meets(criterion), bool) for criterion in Criterion)


_IRIS = st.sampled_from([ox.NamedNode(f"urn:n{i}") for i in range(5)])
_BLANKS = st.sampled_from([ox.BlankNode(f"b{i}") for i in range(5)])
_LITERALS = st.one_of(
    st.text(max_size=20).map(ox.Literal),
    st.tuples(st.text(max_size=5), st.sampled_from(["en", "de-CH"])).map(
        lambda v: ox.Literal(v[0], language=v[1])
    ),
    st.integers().map(ox.Literal),
    st.sampled_from(["01", "abc", "1E0", "NaN", "2026-13-45"]).map(
        lambda v: ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    ),
)
_GRAPHS = st.one_of(
    st.just(ox.DefaultGraph()), st.sampled_from([ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2")])
)
_QUADS = st.builds(
    ox.Quad, st.one_of(_IRIS, _BLANKS), _IRIS, st.one_of(_IRIS, _BLANKS, _LITERALS), _GRAPHS
)


@FUZZ
@given(before=st.lists(_QUADS, max_size=30), added=st.lists(_QUADS, max_size=30), data=st.data())
def test_a_delta_as_one_update_makes_exactly_its_changes(
    before: list[ox.Quad], added: list[ox.Quad], data: st.DataObject
) -> None:
    reference, store = ox.Store(), ox.Store()
    reference.extend(before)
    store.extend(before)
    removed = data.draw(st.lists(st.sampled_from(before), unique=True)) if before else []
    for quad in removed:
        reference.remove(quad)
    reference.extend(added)
    text, functions = delta_update(QuadDelta(removed=removed, added=added))
    store.update(text, custom_functions=functions)  # type: ignore[arg-type]
    assert set(store) == set(reference)


@FUZZ
@given(
    text=_SPARQL,
    using=st.lists(st.sampled_from(["urn:g1", "urn:g2", "not an iri"]), max_size=2),
    named=st.lists(st.sampled_from(["urn:g1", "urn:g2"]), max_size=2),
)
def test_dataset_rewriting_gives_an_update_or_a_clear_refusal(
    text: str, using: list[str], named: list[str]
) -> None:
    try:
        rewritten = with_dataset(text, using, named)
    except UpdateDatasetError:
        return
    with contextlib.suppress(InputError):
        EmbeddedStore().update(rewritten)
