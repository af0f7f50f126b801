"""RDF in and out of stores: the media types answers use, and files and request bodies read
into quads before any store sees them (so errors name their place and change nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cxgraph.errors import InputError
from cxgraph.load import blank_node_scope, find_rdf_files, parse_file

# Media types a SPARQL answer can be written in, by kind of answer.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# Media types a graph can be written and read in.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def target_graph(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph name of a graph: an IRI, or the default graph for None."""
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


def file_quads(paths: Iterable[Path], graph: str | None = None) -> list[ox.Quad]:
    """Every triple of the RDF files, put in `graph`, blank nodes kept apart per file.

    Everything is parsed before anything is returned, so a syntax error (named by
    file:line:column) means no store is touched."""
    target = target_graph(graph)
    quads = []
    for path in find_rdf_files(paths):
        scope = blank_node_scope(path)
        quads += [
            ox.Quad(_scoped(q.subject, scope), q.predicate, _scoped(q.object, scope), target)
            for q in parse_file(path)
        ]
    return quads


def body_quads(data: bytes, media_type: str, graph: str | None) -> list[ox.Quad]:
    """The triples of a request body, put in `graph`; a syntax error names line and column."""
    rdf = GRAPH_FORMATS.get(media_type)
    if rdf is None:
        raise InputError("<body>", f"unsupported media type {media_type!r}")
    target = target_graph(graph)
    try:
        return [ox.Quad(q.subject, q.predicate, q.object, target) for q in ox.parse(data, rdf)]
    except SyntaxError as error:
        raise InputError("<body>", error.msg, line=error.lineno, column=error.offset) from None


def _scoped(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, scope: str) -> Any:
    """Blank node labels are local to their file: tag them as the rdflib loader does."""
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}_{scope}")
    return term


def insert_data(quads: list[ox.Quad], default_graph: str | None = None) -> str:
    """One SPARQL INSERT DATA operation for all quads, grouped by graph; quads of the default
    graph go to `default_graph` when the server needs a named graph standing in for it."""
    by_graph: dict[str | None, list[str]] = {}
    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph.setdefault(name or default_graph, []).append(triple)
    blocks = [
        f"GRAPH <{name}> {{\n" + "\n".join(triples) + "\n}" if name else "\n".join(triples)
        for name, triples in by_graph.items()
    ]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def description_update(subject: str, quads: list[ox.Quad], default_graph: str | None) -> str:
    """A SPARQL update that removes what every graph says about `subject` (and about the blank
    nodes it points to), then inserts `quads`; `default_graph` as in `insert_data`."""
    described = (
        f"{{ BIND(<{subject}> AS ?x) }} UNION {{ <{subject}> ?link ?x FILTER(isBLANK(?x)) }} "
        "?x ?p ?o"
    )
    operations = [f"DELETE {{ GRAPH ?g {{ ?x ?p ?o }} }} WHERE {{ GRAPH ?g {{ {described} }} }}"]
    if default_graph is None:
        operations.append(f"DELETE {{ ?x ?p ?o }} WHERE {{ {described} }}")
    if quads:
        operations.append(insert_data(quads, default_graph))
    return " ;\n".join(operations)
