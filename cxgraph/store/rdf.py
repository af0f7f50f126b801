"""RDF in and out of stores: the media types answers use, and files and request bodies read
into quads before any store sees them (so errors name their place and change nothing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from cxgraph.errors import InputError, TooLargeError
from cxgraph.load import find_rdf_files, parse_file
from cxgraph.safety.limits import Limits
from cxgraph.safety.payloads import checked_literals, checked_rdf
from cxgraph.terms import file_scope, request_scope, scoped, sparql_iri

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


DEFAULT_LIMITS = Limits()


def target_graph(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph name of a graph: an IRI, or the default graph for None."""
    if not graph:
        return ox.DefaultGraph()
    sparql_iri(graph)  # an InvalidIriError (a 400, or exit 3) rather than pyoxigraph's ValueError
    return ox.NamedNode(graph)


def file_quads(paths: Iterable[Path], graph: str | None = None) -> list[ox.Quad]:
    """Every triple of the RDF files, put in `graph`, blank nodes kept apart per file.

    Everything is parsed before anything is returned, so a syntax error (named by
    file:line:column) means no store is touched."""
    target = target_graph(graph)
    quads = []
    for path in find_rdf_files(paths):
        scope = file_scope(path)
        try:
            quads += [
                ox.Quad(scoped(q.subject, scope), q.predicate, scoped(q.object, scope), target)
                for q in parse_file(path)
            ]
        except InputError as error:
            raise InputError(
                str(path), error.message, line=error.line, column=error.column
            ) from None
    return quads


def body_quads(
    data: bytes, media_type: str, graph: str | None, limits: Limits = DEFAULT_LIMITS
) -> list[ox.Quad]:
    """The triples of a request body, put in `graph`; a syntax error names line and column,
    and what `cxgraph.safety` refuses (deep nesting, remote contexts, XML entities, long
    literals, triple terms) is refused before anything is stored."""
    rdf = GRAPH_FORMATS.get(media_type)
    if rdf is None:
        raise InputError("<body>", f"unsupported media type {media_type!r}")
    target = target_graph(graph)
    scope = request_scope()
    data = checked_rdf(data, rdf, "<body>", limits)
    try:
        return [
            ox.Quad(scoped(q.subject, scope), q.predicate, scoped(q.object, scope), target)
            for q in checked_literals(ox.parse(data, rdf), "<body>", limits)
        ]
    except SyntaxError as error:
        raise InputError("<body>", error.msg, line=error.lineno, column=error.offset) from None
    except TooLargeError:
        raise
    except InputError as error:
        raise InputError("<body>", error.message) from None


# Virtuoso 7 compiles each update operation to SQL and refuses one over 10,000 lines of it
# (about 2,000 triples), compiles a whole request into one code vector that overflows
# between 6 and 8 such operations, runs out of memory on a GRAPH block of more than about
# 5,000 triples, and refuses update texts over 10 MB; smaller pieces cost other servers
# nothing.
_OPERATION_TRIPLES = 1000
_REQUEST_OPERATIONS = 4
REQUEST_BYTES = 8_000_000


def insert_requests(
    quads: list[ox.Quad], default_graph: str | None = None, max_bytes: int = REQUEST_BYTES
) -> list[str]:
    """SPARQL updates that insert all quads, in as few requests as `max_bytes` and
    `_REQUEST_OPERATIONS` allow, each a sequence of operations of at most
    `_OPERATION_TRIPLES` triples.

    `INSERT {...} WHERE {}` rather than INSERT DATA, which Virtuoso refuses with blank
    nodes; the triples that share a blank node stay in one operation, as a label names one
    node only within one operation. Quads of the default graph go to `default_graph` when
    the server needs a named graph standing in for it."""
    requests: list[str] = []
    operations: list[str] = []
    lines: list[tuple[str | None, str]] = []
    size = 0
    for group in _blank_node_groups(quads):
        texts = [(_graph_name(q, default_graph), f"{q.subject} {q.predicate} {q.object} .")
                 for q in group]  # fmt: skip
        group_size = sum(len(text) + 1 for _, text in texts)
        if lines and (size + group_size > max_bytes
                      or len(lines) + len(texts) > _OPERATION_TRIPLES):  # fmt: skip
            operations.append(_insert(lines))
            lines = []
            if size + group_size > max_bytes or len(operations) == _REQUEST_OPERATIONS:
                requests.append(" ;\n".join(operations))
                operations, size = [], 0
        lines += texts
        size += group_size
    if lines:
        operations.append(_insert(lines))
    if operations:
        requests.append(" ;\n".join(operations))
    return requests


def _graph_name(quad: ox.Quad, default_graph: str | None) -> str | None:
    return default_graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


def _insert(lines: list[tuple[str | None, str]]) -> str:
    by_graph: dict[str | None, list[str]] = {}
    for graph, text in lines:
        by_graph.setdefault(graph, []).append(text)
    blocks = [
        f"GRAPH {sparql_iri(graph)} {{\n" + "\n".join(triples) + "\n}"
        if graph else "\n".join(triples)
        for graph, triples in by_graph.items()
    ]  # fmt: skip
    return "INSERT {\n" + "\n".join(blocks) + "\n} WHERE {}"


def _blank_node_groups(quads: list[ox.Quad]) -> Iterator[list[ox.Quad]]:
    """The quads in groups: one per quad without blank nodes, one per set of quads joined
    through shared blank nodes."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def labels(quad: ox.Quad) -> list[str]:
        return [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]

    for quad in quads:
        found = labels(quad)
        for label in found[1:]:
            parent[root(label)] = root(found[0])
    joined: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        found = labels(quad)
        if found:
            joined.setdefault(root(found[0]), []).append(quad)
        else:
            yield [quad]
    yield from joined.values()


def description_update(subject: str, quads: list[ox.Quad], default_graph: str | None) -> str:
    """A SPARQL update that removes what every graph says about `subject` (and about the blank
    nodes it points to), then inserts `quads`; `default_graph` as in `insert_requests`."""
    iri = sparql_iri(subject)
    described = f"{{ BIND({iri} AS ?x) }} UNION {{ {iri} ?link ?x FILTER(isBLANK(?x)) }} ?x ?p ?o"
    operations = [f"DELETE {{ GRAPH ?g {{ ?x ?p ?o }} }} WHERE {{ GRAPH ?g {{ {described} }} }}"]
    if default_graph is None:
        operations.append(f"DELETE {{ ?x ?p ?o }} WHERE {{ {described} }}")
    if quads:
        operations += insert_requests(quads, default_graph)
    return " ;\n".join(operations)
