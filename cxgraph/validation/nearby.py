"""A small write to a remote store, judged by the neighbourhood the shapes read.

The embedded store keeps a validated working copy beside it (`cxgraph.validation.incremental`).
A database cxgraph does not own cannot be copied for every write, so a guarded write there
fetches only the part of the graph the write can matter to, and judges it in memory:

1. `remote_change`: what the write adds to and removes from the portfolio, worked out without
   running it: the body of a Graph Store POST or a resource PUT, or the data of an update made
   only of INSERT DATA and DELETE DATA operations. One query asks which of those triples the
   database already holds.
2. `fetch_neighbourhood`: the *region* first, every node within `RADIUS` links of the write
   walking against the direction the shapes read links (the focus nodes whose results could
   change); then the *context*, `CONTEXT` further links along the direction the shapes read
   (what those focus nodes' rules read, and what the facts they read are derived from). Each
   step is one query for all the links of a set of nodes, so the cost follows the size of the
   neighbourhood, not of the database. The ontology's terms (maturity levels, metrics,
   classes) are not walked through: the rules read what the ontology says of them, never the
   portfolio through them. Nodes with more than `HUB_DEGREE` links are fetched but not walked
   through either, as in the embedded store.
3. A `ValidationState` over the fetched triples judges the write on the region's focus nodes,
   before and after, exactly as the embedded store's working copy does.

What cannot be judged this way (a blank node on the path, a neighbourhood over `MAX_NODES`, an
update with a WHERE clause) raises `TooWide`, and the write is judged on a copy of the whole
store instead.

Consistency: the neighbourhood is read in several queries, not in one transaction. Before a
write is applied, the neighbourhood is read again; if another client changed it meanwhile,
the write is judged again, up to `ATTEMPTS` times (then `ConcurrentChange`). A write by another
client that lands between that last read and the update itself (one request) is not seen.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from cxgraph.engine.reach import Reads
from cxgraph.errors import CxgraphError
from cxgraph.store.base import DERIVED_GRAPH, ONTOLOGY_GRAPH
from cxgraph.store.pushdown import WORKING_PREFIX, parse_answer
from cxgraph.store.pushdown import term_text as _text
from cxgraph.store.rdf import body_quads
from cxgraph.store.remote import RemoteStore
from cxgraph.store.writes import (
    Change,
    PutGraph,
    ReplaceDescription,
    Resource,
    SparqlUpdate,
    Write,
    data_update_delta,
)
from cxgraph.terms import sparql_iri
from cxgraph.validation.incremental import HUB_DEGREE, RADIUS, TooWide

CONTEXT = 6
"""Links read beyond the region: three a rule reads from its focus node, and three more that
the facts it reads were derived from."""
MAX_NODES = 5000
"""Nodes a neighbourhood may hold before the write is judged on the whole store instead."""
ATTEMPTS = 3
"""Judgements of one write when other clients keep changing its neighbourhood."""
_CHUNK = 200
_OURS = (
    f"{{0}} IN ({sparql_iri(DERIVED_GRAPH)}, {sparql_iri(ONTOLOGY_GRAPH)}) "
    f'|| STRSTARTS(STR({{0}}), "{WORKING_PREFIX}")'
)
"""Whether a graph is cxgraph's own (the ontology, the derived facts, a validation run's
working graph), given the graph's variable."""
_JSON = "application/sparql-results+json"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class ConcurrentChange(CxgraphError):  # noqa: N818 (a state of the database, not a bug)
    """Other clients kept changing the write's neighbourhood while it was judged."""


@dataclass
class Neighbourhood:
    """The triples around a write, and which of their nodes are hubs (not walked through)."""

    triples: set[ox.Triple] = field(default_factory=set)
    hubs: set[Resource] = field(default_factory=set)
    walls: frozenset[Resource] = frozenset()
    fetched: set[Resource] = field(default_factory=set)
    """Nodes whose links were all fetched (in order to read them again before applying)."""


# ---------------------------------------------------------------------- what a write changes


def remote_change(store: RemoteStore, write: Write) -> Change | None:
    """What `write` does to the union of the store's graphs, or None when that is known only
    by running it (an update with a WHERE clause, a graph replaced or dropped whole) or when it
    names blank nodes (which a query cannot name)."""
    if isinstance(write, PutGraph) and not write.replace:
        added = [
            q.triple for d, kind in write.payloads for q in body_quads(d, kind, None, store.limits)
        ]
        return _change(store, added, [])
    if isinstance(write, ReplaceDescription):
        added = [q.triple for q in body_quads(write.data, write.media_type, None, store.limits)] \
            if write.data else []  # fmt: skip
        subject = ox.NamedNode(write.subject)
        described = _select(store, f"SELECT ?p ?o WHERE {{ {sparql_iri(write.subject)} ?p ?o }}")
        removed = [ox.Triple(subject, row[0], row[1]) for row in described]
        return _change(store, added, removed, every_graph=True)
    if isinstance(write, SparqlUpdate):
        return _data_update_change(store, write)
    return None


def _data_update_change(store: RemoteStore, write: SparqlUpdate) -> Change | None:
    delta = data_update_delta(write, store.default_graph)
    if delta is None:
        return None
    removed_from: dict[ox.Triple, set[str | None]] = {}
    for quad in delta.removed:
        graph = quad.graph_name
        removed_from.setdefault(quad.triple, set()).add(
            graph.value if isinstance(graph, ox.NamedNode) else None
        )
    added = [q.triple for q in delta.added]
    return _change(store, added, list(removed_from), removed_from=removed_from)


def _change(
    store: RemoteStore,
    added: list[ox.Triple],
    removed: list[ox.Triple],
    *,
    every_graph: bool = False,
    removed_from: dict[ox.Triple, set[str | None]] | None = None,
) -> Change | None:
    """Inserted: the added triples no graph holds yet. Deleted: the removed triples no graph
    will hold afterwards."""
    if any(_blank(t) for t in [*added, *removed]):
        return None
    holders = _holders(store, [*added, *removed])
    kept = set(added)
    inserted = [t for t in dict.fromkeys(added) if t not in holders]
    deleted = []
    for triple in dict.fromkeys(removed):
        if triple in kept or triple not in holders:
            continue
        if every_graph or holders[triple] <= (removed_from or {}).get(triple, set()):
            deleted.append(triple)
    return Change(inserted=inserted, deleted=deleted)


def _holders(store: RemoteStore, triples: list[ox.Triple]) -> dict[ox.Triple, set[str | None]]:
    """The graphs of the portfolio holding each triple (None: the default graph)."""
    found: dict[ox.Triple, set[str | None]] = {}
    unique = list(dict.fromkeys(triples))
    for start in range(0, len(unique), 500):
        rows = " ".join(f"({_text(t.subject)} {_text(t.predicate)} {_text(t.object)})"
                        for t in unique[start : start + 500])  # fmt: skip
        query = (
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!({_OURS.format('?g')})) }} UNION "
            "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
        )
        for s, p, o, g in _select(store, query):
            triple = ox.Triple(s, p, o)
            found.setdefault(triple, set()).add(g.value if isinstance(g, ox.NamedNode) else None)
    return found


# ---------------------------------------------------------------------- the neighbourhood


def fetch_neighbourhood(
    store: RemoteStore, change: Change, reads: Reads | None, walls: frozenset[Resource]
) -> Neighbourhood:
    """The triples the shapes can read from the focus nodes a change can affect (see the
    module's docstring); `TooWide` when that cannot be fetched exactly or cheaply.

    `walls` are the ontology's terms (maturity levels, metrics, classes): the rules read what
    the ontology says of them, never the portfolio through them, so they are neither fetched
    nor walked through; a change that says something of one is judged whole."""
    if any(t.subject in walls for t in [*change.inserted, *change.deleted]):
        raise TooWide
    found = Neighbourhood(triples=set(change.inserted), walls=walls)
    start = change.nodes()
    region = _walk(store, found, start, RADIUS, lambda t, n: _step(t, n, reads, away=False))
    _walk(store, found, region, CONTEXT, lambda t, n: _step(t, n, reads, away=True))
    _fetch_types(store, found)
    found.triples -= set(change.inserted)
    return found


def vocabulary_terms(ontology: Graph | None) -> frozenset[Resource]:
    """The IRIs the ontology says something about."""
    if ontology is None:
        return frozenset()
    if ontology not in _TERMS:
        _TERMS[ontology] = frozenset(
            ox.NamedNode(str(s)) for s in set(ontology.subjects()) if isinstance(s, URIRef)
        )
    return _TERMS[ontology]


_TERMS: weakref.WeakKeyDictionary[Graph, frozenset[Resource]] = weakref.WeakKeyDictionary()


def unchanged(store: RemoteStore, seen: Neighbourhood) -> bool:
    """Whether the fetched nodes' links are still those the write was judged on."""
    again = Neighbourhood()
    _fetch_links(store, again, seen.fetched)
    _fetch_types(store, again)
    return again.triples == seen.triples


def _walk(
    store: RemoteStore,
    found: Neighbourhood,
    start: set[Resource],
    depth: int,
    step: Callable[[ox.Triple, Resource], Iterable[Resource]],
) -> set[Resource]:
    """The nodes within `depth` steps of `start`, every one of them with its links fetched."""
    reached = set(start)
    frontier = set(start)
    for distance in range(depth + 1):
        _fetch_links(store, found, frontier - found.fetched - found.walls)
        if len(found.fetched) > MAX_NODES:
            raise TooWide
        if distance == depth:
            break
        links = _links_by_node(found.triples)
        following = {n for node in frontier - found.hubs - found.walls
                     for t in links.get(node, ()) for n in step(t, node)}  # fmt: skip
        frontier = following - reached
        reached |= frontier
        if not frontier:
            break
    return reached


def _links_by_node(triples: set[ox.Triple]) -> dict[object, list[ox.Triple]]:
    links: dict[object, list[ox.Triple]] = {}
    for triple in triples:
        links.setdefault(triple.subject, []).append(triple)
        if triple.object != triple.subject:
            links.setdefault(triple.object, []).append(triple)
    return links


def _step(triple: ox.Triple, node: Resource, reads: Reads | None, *, away: bool) -> list[Resource]:
    """The node at the other end of `triple` when a rule reads the link away from `node`
    (`away`), or reads `node` through it (towards its focus); every link but rdf:type when
    the shapes' reads cannot be told."""
    if triple.predicate == _TYPE:
        return []
    name = triple.predicate.value
    forward = reads is None or name in reads.forward
    inverse = reads is None or name in reads.inverse
    leaving, entering = (forward, inverse) if away else (inverse, forward)
    ends: list[Resource] = []
    if leaving and triple.subject == node and isinstance(triple.object, Resource):
        ends.append(triple.object)
    if entering and triple.object == node and isinstance(triple.subject, Resource):
        ends.append(triple.subject)
    return ends


def _fetch_links(store: RemoteStore, found: Neighbourhood, nodes: set[Resource]) -> None:
    """Every link of each node, in two queries per `_CHUNK` nodes: how many links each has,
    then its statements and the links into it. A node with more than `HUB_DEGREE` links is a hub:
    its own statements are kept (`TooWide` if there are more than that), the links into it
    are not (they are the other nodes' to fetch)."""
    if any(isinstance(n, ox.BlankNode) for n in nodes):
        raise TooWide  # a query cannot name it
    ordered = sorted(nodes, key=str)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        values = " ".join(_text(n) for n in chunk)
        degrees = _select(store, f"SELECT ?n (COUNT(*) AS ?links) WHERE {{ VALUES ?n {{ {values} }} "
                          "{ ?n ?p ?o } UNION { ?s ?p ?n } } GROUP BY ?n")  # fmt: skip
        hubs = {n for n, links in degrees if int(links.value) > HUB_DEGREE}
        walled = f"FILTER(?n NOT IN ({', '.join(_text(h) for h in hubs)})) " if hubs else ""
        rows = _select(store, f"SELECT ?n ?way ?p ?o WHERE {{ VALUES ?n {{ {values} }} "
                       f"{{ ?n ?p ?o BIND(\"out\" AS ?way) {_ours('?n', '?p', '?o')} }} UNION "
                       f"{{ ?o ?p ?n BIND(\"in\" AS ?way) {walled}{_ours('?o', '?p', '?n')} }} }}")  # fmt: skip
        links = [ox.Triple(n, p, o) if way.value == "out" else ox.Triple(o, p, n)
                 for n, way, p, o in rows]  # fmt: skip
        said = Counter(n for n, way, _, _ in rows if way.value == "out")
        if any(said[hub] > HUB_DEGREE for hub in hubs):
            raise TooWide  # a hub's statements alone are too many to fetch
        found.triples.update(links)
        found.hubs |= hubs
        found.fetched.update(chunk)


def _ours(s: str, p: str, o: str) -> str:
    """cxgraph's own graphs (the ontology, the derived facts, validation runs' working graphs)
    are not the portfolio: a stale derived fact must not be read as if asserted."""
    return (
        f"FILTER NOT EXISTS {{ GRAPH ?_ours {{ {s} {p} {o} }} FILTER({_OURS.format('?_ours')}) }}"
    )


def _fetch_types(store: RemoteStore, found: Neighbourhood) -> None:
    """The classes of the nodes the fetched links end in: shapes check them (`sh:class`)."""
    ends = {t.object for t in found.triples if isinstance(t.object, ox.NamedNode)}
    ends |= {t.subject for t in found.triples if isinstance(t.subject, ox.NamedNode)}
    wanted = sorted(ends - found.fetched, key=str)
    for start in range(0, len(wanted), 500):
        values = " ".join(_text(n) for n in wanted[start : start + 500])
        query = (f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {values} }} ?s a ?o "
                 f"{_ours('?s', 'a', '?o')} }}")  # fmt: skip
        found.triples.update(ox.Triple(s, _TYPE, o) for s, o in _select(store, query))


# ---------------------------------------------------------------------- the wire


def _select(store: RemoteStore, query: str) -> list[tuple[Any, ...]]:
    response = store.ask(query, _JSON)
    return [tuple(row) for row in parse_answer(response.content)]


def _blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)
