"""The interface every graph store implements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.safety.limits import Limits

DERIVED_GRAPH = "urn:cxgraph:derived"
"""The named graph where a server keeps what the rules derive (statuses, monthly
assessments, maturity gaps, margins) and the class hierarchy's entailments, for SPARQL
clients. Validation never reads it: it derives afresh from what the portfolio says."""
ONTOLOGY_GRAPH = "urn:cxgraph:ontology"
"""The named graph where a server keeps the ontology, for SPARQL clients. Validation adds
its own copy rather than reading this one."""
SYSTEM_GRAPHS = (DERIVED_GRAPH, ONTOLOGY_GRAPH)
ASSERTED_GRAPH = "urn:cxgraph:asserted"
"""Named as the only default graph of a query (`default-graph-uri`), it stands for what the
portfolio asserts: the default graph and every named graph but cxgraph's own."""
"""cxgraph's own graphs in a store: never part of the portfolio that is judged."""


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised SPARQL answer: its bytes and their media type."""

    body: bytes
    media_type: str


@runtime_checkable
class GraphStore(Protocol):
    """What cxgraph needs from a store: load, query, update and read the whole graph."""

    limits: Limits
    """What queries, updates and request bodies are held to (`cxgraph.safety`)."""

    def load(self, paths: Iterable[Path], graph: str | None = None) -> int:
        """Add the triples of RDF files atomically (all or nothing); return how many."""
        ...

    def query(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base: str | None = None,
    ) -> QueryAnswer:
        """Answer a SPARQL query, serialised as `media_type`."""
        ...

    def update(self, sparql: str, base: str | None = None) -> None:
        """Run a SPARQL 1.1 Update."""
        ...

    def rehearse(self, sparql: str, base: str | None = None) -> None:
        """Try an update where it changes nothing, within the update time limit, before it
        runs for real (`TimeLimitError`, `InputError`); a store that cannot does nothing."""
        ...

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (on a remote store: holds a triple)."""
        ...

    def read_graph(self, graph: str | None, media_type: str) -> QueryAnswer | None:
        """One graph (None: the default graph) serialised; None if a named graph is absent."""
        ...

    def write_graph(
        self, graph: str | None, data: bytes, media_type: str, *, replace: bool
    ) -> None:
        """Add RDF to a graph, or replace its content."""
        ...

    def put_graph(
        self, graph: str | None, payloads: Sequence[tuple[bytes, str]], *, replace: bool
    ) -> None:
        """Add several payloads (data, media type) to a graph, or replace its content with
        them, as one write: all of it or nothing."""
        ...

    def drop_graph(self, graph: str | None) -> bool:
        """Empty the default graph or remove a named one; False if it was absent."""
        ...

    def replace_description(self, subject: str, data: bytes, media_type: str) -> None:
        """In one transaction, remove what every graph says about `subject` (its triples and
        those of the blank nodes it points to) and add `data` to the default graph."""
        ...

    def snapshot(self) -> GraphStore:
        """A scratch copy on which a write can be tried and judged first."""
        ...

    def union_store(self) -> ox.Store:
        """Every triple of every graph in the default graph of a new in-memory Oxigraph store:
        a copy validation may add its working triples to."""
        ...

    def graph(self) -> Graph:
        """Every triple of every graph, merged, as an rdflib graph."""
        ...

    def __len__(self) -> int:
        """The number of quads stored."""
        ...
