"""The embedded store: Oxigraph on disk (RocksDB) or in memory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.errors import InputError
from cxgraph.load import to_rdflib
from cxgraph.store.base import QueryAnswer
from cxgraph.store.rdf import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    body_quads,
    description_update,
    file_quads,
    target_graph,
)


class EmbeddedStore:
    """A persistent store in `directory`, or an in-memory one when `directory` is None."""

    def __init__(self, directory: Path | None = None) -> None:
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        self._store = ox.Store(str(directory)) if directory is not None else ox.Store()

    def load(self, paths: Iterable[Path], graph: str | None = None) -> int:
        """Parse every file first, so a syntax error (named by file:line:column) adds nothing."""
        quads = file_quads(paths, graph)
        self._store.extend(quads)  # one transaction
        self._store.flush()
        return len(quads)

    def load_bytes(self, data: bytes, rdf_format: ox.RdfFormat, graph: str | None) -> None:
        """Bulk-load serialised RDF into one graph, parsed natively."""
        self._store.bulk_load(data, rdf_format, to_graph=target_graph(graph))

    def query(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base: str | None = None,
    ) -> QueryAnswer:
        try:
            answer = self._store.query(
                sparql,
                base_iri=base,
                default_graph=[ox.NamedNode(g) for g in default_graphs] if default_graphs else None,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs else None,
                use_default_graph_as_union=not default_graphs,
            )
        except SyntaxError as error:
            raise InputError("<query>", str(error)) from None
        if isinstance(answer, ox.QueryTriples):
            rdf = GRAPH_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
            body = answer.serialize(format=rdf)
            return QueryAnswer(body or b"", rdf.media_type)
        results = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
        return QueryAnswer(answer.serialize(format=results) or b"", results.media_type)

    def update(self, sparql: str, base: str | None = None) -> None:
        try:
            self._store.update(sparql, base_iri=base)
        except SyntaxError as error:
            raise InputError("<update>", str(error)) from None
        self._store.flush()

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def read_graph(self, graph: str | None, media_type: str) -> QueryAnswer | None:
        """One graph (None: the default graph) serialised, or None if a named graph is absent."""
        if graph is not None and not self.has_graph(graph):
            return None
        target = target_graph(graph)
        rdf = GRAPH_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self._store.quads_for_pattern(None, None, None, target)
        ]
        return QueryAnswer(ox.serialize(triples, format=rdf) or b"", rdf.media_type)

    def write_graph(
        self, graph: str | None, data: bytes, media_type: str, *, replace: bool
    ) -> None:
        """Add RDF to one graph, or replace its content; a syntax error changes nothing."""
        quads = body_quads(data, media_type, graph)
        if replace:
            self.drop_graph(graph)
        if graph:
            self._store.add_graph(ox.NamedNode(graph))
        self._store.extend(quads)
        self._store.flush()

    def replace_description(self, subject: str, data: bytes, media_type: str) -> None:
        quads = body_quads(data, media_type, None) if data else []
        self.update(description_update(subject, quads, None))

    def drop_graph(self, graph: str | None) -> bool:
        """Empty the default graph or remove a named one; False if the named graph is absent."""
        if graph is None:
            self._store.clear_graph(ox.DefaultGraph())
            return True
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._store.remove_graph(node)
        return True

    def snapshot(self) -> EmbeddedStore:
        """An in-memory copy to try a write on before it touches this store."""
        copy = EmbeddedStore()
        copy._store.extend(list(self._store.quads_for_pattern(None, None, None, None)))
        return copy

    def graph(self) -> Graph:
        graph = Graph()
        graph.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
            for q in self._store.quads_for_pattern(None, None, None, None)
        )
        return graph

    def __len__(self) -> int:
        return len(self._store)
