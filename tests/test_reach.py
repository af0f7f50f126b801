"""The links the shapes read, by direction, bound what incremental validation walks."""

from __future__ import annotations

from rdflib import Graph

from cxgraph.engine.reach import shape_reads
from cxgraph.validation import load_shapes

EX = "https://e.org/"
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://e.org/> .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "https://e.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
"""


def _reads(turtle: str) -> tuple[set[str], set[str]] | None:
    shapes = Graph().parse(data=PREFIXES + turtle, format="turtle")
    reads = shape_reads(shapes)
    if reads is None:
        return None
    return _short(reads.forward), _short(reads.inverse)


def _short(names: set[str]) -> set[str]:
    return {name.removeprefix(EX) for name in names}


def test_paths_are_read_forward_and_inverse_paths_backward() -> None:
    found = _reads(
        """ex:s sh:targetClass ex:C ; sh:property [ sh:path ( ex:a [ sh:inversePath ex:b ] ) ] ,
            [ sh:path [ sh:alternativePath ( ex:c [ sh:zeroOrMorePath ex:d ] ) ] ] ."""
    )
    assert found == ({"a", "c", "d"}, {"b"})


def test_sparql_patterns_are_oriented_by_their_distance_from_this() -> None:
    found = _reads(
        '''ex:s sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:decl ; sh:select """
            SELECT $this WHERE {
              $this ex:near ?x . ?x ex:far/ex:farther ?y .
              FILTER NOT EXISTS { ?z ex:towards $this }
              MINUS { ?w ex:pointsAt ?y }
            }""" ] .'''
    )
    assert found == ({"near", "far", "farther"}, {"towards", "pointsAt"})


def test_a_variable_predicate_means_every_link() -> None:
    found = _reads(
        '''ex:s sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:decl ; sh:select """
            SELECT $this WHERE { $this ex:p ?x . ?x ?any ?y }""" ] .'''
    )
    assert found is None


def test_the_cxgraph_rules_read_outcomes_from_their_indicators() -> None:
    reads = shape_reads(load_shapes())
    assert reads is not None
    assert "https://w3id.org/cxgraph#isMeasuredBy" in reads.forward
    assert "https://w3id.org/cxgraph#measuresIndicator" in reads.inverse
