"""The source-position lexer against the W3C RDF 1.1 Turtle test suite (../shared/w3c/rdf11-turtle).

Findings point at `file:line:column`; the lexer that finds those places is the project's own
(no maintained Turtle grammar with positions installs offline from the package registry, see
benchmarks/RESULTS.md). On every file the suite says is good Turtle, each IRI subject and each
of its statements that the parser reads must be found, at a place where that subject is
written; on every bad file the lexer must not fail (the parser reports the error).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef

from cxgraph.positions import index_sources

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "rdf11-turtle"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
GOOD = {RDFT.TestTurtleEval, RDFT.TestTurtlePositiveSyntax}
BAD = {RDFT.TestTurtleNegativeSyntax, RDFT.TestTurtleNegativeEval}


def _entries(kinds: set[URIRef]) -> list[str]:
    if not (SUITE / "manifest.ttl").exists():
        return []
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/")
    return sorted(
        Path(str(manifest.value(test, MF.action))).name
        for kind in kinds
        for test in manifest.subjects(predicate=None, object=kind)
        if manifest.value(test, MF.action) is not None
    )


needs_suite = pytest.mark.skipif(
    not (SUITE / "manifest.ttl").exists(),
    reason="the W3C Turtle suite is not at ../shared/w3c/rdf11-turtle",
)


@needs_suite
@pytest.mark.parametrize("name", _entries(GOOD))
def test_every_subject_and_statement_of_good_turtle_is_located(name: str) -> None:
    path = SUITE / name
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))
    index = index_sources([path])
    lines = path.read_text(encoding="utf-8").splitlines()
    for triple in triples:
        if not isinstance(triple.subject, ox.NamedNode):
            continue
        subject = triple.subject.value
        places = index.locate(subject)
        assert places, f"{subject} is not located"
        assert index.locate_statement(subject, triple.predicate.value), (subject, triple)
        for place in places:
            assert place.line is not None and place.column is not None
            written = lines[place.line - 1][place.column - 1 :]
            assert written[:1] in {"<", ":"} or written[:1].isalpha(), (place, written)


@needs_suite
@pytest.mark.parametrize("name", _entries(BAD))
def test_the_lexer_survives_bad_turtle(name: str) -> None:
    path = SUITE / name
    index_sources([path])  # no exception: the parser, not the lexer, reports bad syntax
