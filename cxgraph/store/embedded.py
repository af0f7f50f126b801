"""The embedded store: Oxigraph on disk (RocksDB) or in memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.errors import InputError
from cxgraph.safety.limits import Limits
from cxgraph.safety.outbound import prepared_update
from cxgraph.safety.sparql import check_sparql
from cxgraph.store.answers import AnswerCache, repeatable
from cxgraph.store.atomic import delta_update
from cxgraph.store.base import ASSERTED_GRAPH, SYSTEM_GRAPHS, QueryAnswer
from cxgraph.store.plans import planned
from cxgraph.store.query_worker import AnswerTooLargeError, serialized
from cxgraph.store.rdf import (
    DEFAULT_LIMITS,
    GRAPH_FORMATS,
    body_quads,
    description_update,
    file_quads,
    target_graph,
)
from cxgraph.store.workers import QueryJob, QueryWorkers, answer_too_large, worker_count
from cxgraph.store.writes import (
    Change,
    DropGraph,
    PutGraph,
    QuadDelta,
    ReplaceDescription,
    SparqlUpdate,
    Write,
    data_update_delta,
)
from cxgraph.terms import to_rdflib

_SYSTEM = frozenset(ox.NamedNode(g) for g in SYSTEM_GRAPHS)


class EmbeddedStore:
    """A persistent store in `directory`, or an in-memory one when `directory` is None;
    queries, updates and bodies from users are held to `limits`."""

    def __init__(self, directory: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        self._store = ox.Store(str(directory)) if directory is not None else ox.Store()
        self.directory = directory
        self.limits = limits
        self._workers: QueryWorkers | None = None
        self._answers = AnswerCache()

    def isolate_queries(self) -> None:
        """From now on, answer queries in worker processes that are stopped at the time
        limit (`cxgraph.store.workers`); needs an on-disk store."""
        if self.directory is None:
            raise ValueError("queries can be isolated only in an on-disk store")
        if self._workers is None:
            self._workers = QueryWorkers(
                self._store, self.directory, self.limits, worker_count(self.limits)
            )

    def rehearse(self, sparql: str, base: str | None = None) -> None:
        """With isolated queries, run an update on a private snapshot first: one that would
        run past `limits.update_seconds` is stopped there (`TimeLimitError`)."""
        if self._workers is not None:
            self._workers.rehearse(sparql, base)

    def close(self) -> None:
        """Stop the query workers, if any, and write everything to disk."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        self._store.flush()

    def _changed(self) -> None:
        self._answers.clear()
        self._store.flush()
        if self._workers is not None:
            self._workers.changed()

    def load(self, paths: Iterable[Path], graph: str | None = None) -> int:
        """Parse every file first, so a syntax error (named by file:line:column) adds nothing."""
        quads = file_quads(paths, graph)
        self._store.extend(quads)  # one transaction
        self._changed()
        return len(quads)

    def load_file(self, path: Path, rdf_format: ox.RdfFormat, graph: str | None) -> None:
        """Bulk-load a file cxgraph wrote itself (already checked), parsed natively."""
        self._store.bulk_load(path=str(path), format=rdf_format, to_graph=target_graph(graph))
        self._changed()

    def load_bytes(self, data: bytes, rdf_format: ox.RdfFormat, graph: str | None) -> None:
        """Bulk-load serialised RDF into one graph, parsed natively."""
        self._store.bulk_load(data, rdf_format, to_graph=target_graph(graph))
        self._changed()

    def extend_parsed(self, data: bytes, rdf_format: ox.RdfFormat, graph: str | None) -> None:
        """Add serialised RDF to one graph, keeping its blank node labels: parts of one
        dataset, loaded one after the other, then share their blank nodes."""
        target = target_graph(graph)
        self._store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, target) for q in ox.parse(data, rdf_format)
        )
        self._changed()

    def query(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base: str | None = None,
    ) -> QueryAnswer:
        text = check_sparql(sparql, self.limits, update=False, base=base)
        defaults: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
        if default_graphs == [ASSERTED_GRAPH]:
            defaults = [target_graph(g) for g in self._portfolio_graphs()]
        else:
            defaults = [target_graph(g) for g in default_graphs or []]
        named = [target_graph(g) for g in named_graphs or []]
        # The union stands for the default graph unless the request or the query (FROM,
        # FROM NAMED) names the dataset.
        union = not defaults and not named and not text.has_dataset
        key = (sparql, media_type, tuple(default_graphs or ()), tuple(named_graphs or ()), base)
        kept = self._answers.get(key)
        if kept is not None:
            return kept
        writes = self._answers.writes
        rewritten = planned(sparql)
        try:
            answer = self._answer(rewritten, media_type, defaults, named, base, union)
        except InputError:
            if rewritten == sparql:
                raise
            # The error's positions must be in the text as written.
            answer = self._answer(sparql, media_type, defaults, named, base, union)
        if repeatable(sparql):
            self._answers.put(key, answer, writes)
        return answer

    def _answer(
        self,
        sparql: str,
        media_type: str,
        defaults: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph],
        named: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph],
        base: str | None,
        union: bool,
    ) -> QueryAnswer:
        if self._workers is not None:
            job = QueryJob(sparql, media_type, [_name(g) for g in defaults],
                           [_name(g) or "" for g in named], base, union)  # fmt: skip
            return self._workers.query(job)
        try:
            answer = self._store.query(
                sparql,
                base_iri=base,
                default_graph=list(defaults) or None,
                named_graphs=list(named) or None,  # type: ignore[arg-type]
                use_default_graph_as_union=union,
            )
            body, answered = serialized(answer, media_type, self.limits.result_bytes)
        except SyntaxError as error:
            raise InputError("<query>", str(error)) from None
        except (OSError, RuntimeError) as error:  # the query's own failure (a SERVICE call)
            raise InputError("<query>", str(error)) from None
        except AnswerTooLargeError:
            raise InputError("<query>", answer_too_large(self.limits)) from None
        return QueryAnswer(body, answered)

    def update(self, sparql: str, base: str | None = None) -> None:
        sparql = prepared_update(sparql, self.limits, base)
        try:
            self._store.update(sparql, base_iri=base)
        except (SyntaxError, RuntimeError) as error:  # RuntimeError: CREATE of an existing graph
            raise InputError("<update>", str(error)) from None
        self._changed()

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
        self.put_graph(graph, ((data, media_type),), replace=replace)

    def put_graph(
        self, graph: str | None, payloads: Sequence[tuple[bytes, str]], *, replace: bool
    ) -> None:
        """Add the payloads to one graph, or replace its content with them, in one
        transaction; a syntax error changes nothing."""
        self.apply(self._put_delta(PutGraph(graph, tuple(payloads), replace)))

    def replace_description(self, subject: str, data: bytes, media_type: str) -> None:
        quads = body_quads(data, media_type, None, self.limits) if data else []
        self.update(description_update(subject, quads, None))

    def drop_graph(self, graph: str | None) -> bool:
        """Empty the default graph or remove a named one; False if the named graph is absent."""
        if graph is None:
            self._store.clear_graph(ox.DefaultGraph())
            self._changed()
            return True
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._store.remove_graph(node)
        self._changed()
        return True

    def delta(self, write: Write) -> QuadDelta | None:
        """Exactly the quads `write` would remove and add, or None when that is known only by
        running it (a SPARQL update). Request bodies are parsed here, once: applying the delta
        keeps their blank nodes."""
        if isinstance(write, PutGraph):
            return self._put_delta(write)
        if isinstance(write, DropGraph):
            return self._drop_delta(write)
        if isinstance(write, ReplaceDescription):
            return self._description_delta(write)
        if isinstance(write, SparqlUpdate):
            return self._data_delta(write)
        return None

    def apply(self, delta: QuadDelta) -> None:
        """Make the changes `delta` describes, in one transaction: a process killed at any
        moment leaves all of them made or none."""
        text, functions = delta_update(delta)
        self._store.update(text, custom_functions=functions)  # type: ignore[arg-type]
        self._changed()

    def union_change(self, delta: QuadDelta) -> Change:
        """What `delta` does to the union of all graphs (what validation sees), as triples."""
        removed = {q for q in delta.removed if q.graph_name not in _SYSTEM}
        added = dict.fromkeys(_triple(q) for q in delta.added if q.graph_name not in _SYSTEM)
        inserted = [t for t in added if not self._holds(t)]
        deleted = [
            t
            for t in dict.fromkeys(_triple(q) for q in removed)
            if t not in added and all(q in removed for q in self._quads_of(t))
        ]
        return Change(inserted=inserted, deleted=deleted)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every graph but the derived facts' (a triple in two graphs comes
        twice)."""
        return (_triple(q) for q in self._asserted())

    def _put_delta(self, write: PutGraph) -> QuadDelta:
        target = target_graph(write.graph)
        parsed = dict.fromkeys(
            q
            for data, media_type in write.payloads
            for q in body_quads(data, media_type, write.graph, self.limits)
        )
        existing = (
            set(self._store.quads_for_pattern(None, None, None, target)) if write.replace else set()
        )
        delta = QuadDelta(
            removed=[q for q in existing if q not in parsed],
            added=[q for q in parsed if q not in existing and q not in self._store],
        )
        if isinstance(target, ox.NamedNode) and not self._store.contains_named_graph(target):
            delta.created_graphs.append(target)
        return delta

    def _drop_delta(self, write: DropGraph) -> QuadDelta:
        target = target_graph(write.graph)
        delta = QuadDelta(removed=list(self._store.quads_for_pattern(None, None, None, target)))
        if isinstance(target, ox.NamedNode) and self._store.contains_named_graph(target):
            delta.dropped_graphs.append(target)
        return delta

    def _description_delta(self, write: ReplaceDescription) -> QuadDelta:
        """As `description_update`: in each graph, the subject's quads and those of the blank
        nodes it points to there; then the body, into the default graph."""
        subject = ox.NamedNode(write.subject)
        removed: dict[ox.Quad, None] = {}
        for quad in self._store.quads_for_pattern(subject, None, None, None):
            removed[quad] = None
            if isinstance(quad.object, ox.BlankNode):
                blank = self._store.quads_for_pattern(quad.object, None, None, quad.graph_name)
                removed.update(dict.fromkeys(blank))
        parsed = dict.fromkeys(
            body_quads(write.data, write.media_type, None, self.limits) if write.data else []
        )
        return QuadDelta(
            removed=[q for q in removed if q not in parsed],
            added=[q for q in parsed if q not in removed and q not in self._store],
        )

    def _data_delta(self, write: SparqlUpdate) -> QuadDelta | None:
        """An update of INSERT DATA and DELETE DATA only: the quads it names that are there
        to remove or not there yet to add (`data_update_delta`)."""
        named = data_update_delta(write)
        if named is None:
            return None
        present = self._store.__contains__
        return QuadDelta(
            removed=[q for q in named.removed if present(q)],
            added=[q for q in named.added if not present(q)],
        )

    def _holds(self, triple: ox.Triple) -> bool:
        return next(iter(self._quads_of(triple)), None) is not None

    def _quads_of(self, triple: ox.Triple) -> Iterator[ox.Quad]:
        found = self._store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
        return (q for q in found if q.graph_name not in _SYSTEM)

    def snapshot(self) -> EmbeddedStore:
        """An in-memory copy to try a write on before it touches this store."""
        copy = EmbeddedStore(limits=self.limits)
        copy._store.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        return copy

    def union_store(self) -> ox.Store:
        """Every triple of every graph but the derived facts' (`DERIVED_GRAPH`), in the
        default graph of a new in-memory store: what the portfolio says, to judge."""
        union = ox.Store()
        default = ox.DefaultGraph()
        union.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, default) for q in self._asserted()
        )
        return union

    def graph(self) -> Graph:
        graph = Graph()
        graph.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
            for q in self._asserted()
        )
        return graph

    def _portfolio_graphs(self) -> list[str | None]:
        """The default graph (None) and every named graph but cxgraph's own."""
        named = [g.value for g in self._store.named_graphs()
                 if isinstance(g, ox.NamedNode) and g not in _SYSTEM]  # fmt: skip
        return [None, *named]

    def _asserted(self) -> Iterator[ox.Quad]:
        return (q for q in self._store.quads_for_pattern(None, None, None, None)
                if q.graph_name not in _SYSTEM)  # fmt: skip

    def __len__(self) -> int:
        return len(self._store)


def _name(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str | None:
    return None if isinstance(graph, ox.DefaultGraph) else graph.value


def _triple(quad: ox.Quad) -> ox.Triple:
    return ox.Triple(quad.subject, quad.predicate, quad.object)
