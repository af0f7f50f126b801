"""The writes a server accepts, as values: what each does to a store, and to which quads.

A write is applied with `write(store)` on any `GraphStore`. An embedded store can also say
beforehand exactly which quads it adds and removes (`EmbeddedStore.delta`), which lets the
write guard judge it by the nodes it touches rather than by validating the whole store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from cxgraph.store.base import GraphStore

Resource = ox.NamedNode | ox.BlankNode
"""A node links can start from (literals end them)."""

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class PutGraph:
    """Graph Store Protocol PUT or POST: payloads into one graph (None: the default graph).

    With `replace`, the first payload replaces the graph and the rest are added to it.
    """

    graph: str | None
    payloads: tuple[tuple[bytes, str], ...]
    replace: bool

    def __call__(self, store: GraphStore) -> None:
        store.put_graph(self.graph, self.payloads, replace=self.replace)


@dataclass(frozen=True)
class DropGraph:
    """Graph Store Protocol DELETE: empty the default graph or remove a named one."""

    graph: str | None

    def __call__(self, store: GraphStore) -> None:
        store.drop_graph(self.graph)


@dataclass(frozen=True)
class ReplaceDescription:
    """A resource PUT or DELETE: what every graph says about `subject` (and its blank nodes)
    becomes `data` (empty: nothing)."""

    subject: str
    data: bytes
    media_type: str

    def __call__(self, store: GraphStore) -> None:
        store.replace_description(self.subject, self.data, self.media_type)


@dataclass(frozen=True)
class SparqlUpdate:
    """A SPARQL 1.1 Update. Which quads it touches is known only once it has run."""

    text: str
    base: str | None = None

    def __call__(self, store: GraphStore) -> None:
        store.update(self.text, self.base)


Write = PutGraph | DropGraph | ReplaceDescription | SparqlUpdate


@dataclass
class QuadDelta:
    """Exactly what a write does to an embedded store: quads removed, then quads added."""

    removed: list[ox.Quad] = field(default_factory=list)
    added: list[ox.Quad] = field(default_factory=list)
    created_graphs: list[ox.NamedNode] = field(default_factory=list)
    dropped_graphs: list[ox.NamedNode] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.removed) + len(self.added)


@dataclass
class Change:
    """What a write adds to and removes from the portfolio (triples, graph names ignored)."""

    inserted: list[ox.Triple] = field(default_factory=list)
    deleted: list[ox.Triple] = field(default_factory=list)

    def nodes(self) -> set[Resource]:
        found: set[Resource] = set()
        for triple in [*self.inserted, *self.deleted]:
            ends = (
                [triple.subject] if triple.predicate == _TYPE else [triple.subject, triple.object]
            )
            found.update(t for t in ends if isinstance(t, ox.NamedNode | ox.BlankNode))
        return found


def data_update_delta(write: SparqlUpdate, default_graph: str | None = None) -> QuadDelta | None:
    """The quads an update made only of INSERT DATA and DELETE DATA operations names, as
    removed and added (`default_graph` for its triples outside GRAPH); None for any other
    update, one naming blank nodes (a new node each time it runs) or one that does not parse
    (running it reports where).

    The operations are told apart by cxgraph's SPARQL lexer, and each one's data is parsed by
    Oxigraph (run as an INSERT DATA on an empty store): parsing in Python would take longer
    than judging the write."""
    operations = _data_operations(write.text)
    if operations is None:
        return None
    default: ox.NamedNode | ox.DefaultGraph = (
        ox.NamedNode(default_graph) if default_graph else ox.DefaultGraph()
    )
    net: dict[ox.Quad, bool] = {}
    for inserting, prologue, data in operations:
        scratch = ox.Store()
        try:
            scratch.update(f"{prologue}\nINSERT DATA {data}", base_iri=write.base)
        except (SyntaxError, ValueError, RuntimeError):
            return None
        for quad in scratch:
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                return None
            graph = default if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
            net[ox.Quad(quad.subject, quad.predicate, quad.object, graph)] = inserting
    return QuadDelta(
        removed=[q for q, inserting in net.items() if not inserting],
        added=[q for q, inserting in net.items() if inserting],
    )


def _data_operations(text: str) -> list[tuple[bool, str, str]] | None:
    """(inserting?, the prologue so far, the `{ ... }` block) of each operation, or None if
    some operation is not INSERT DATA or DELETE DATA."""
    from cxgraph.engine.sparql_text import matching_brace, tokens

    lexed = [t for t in tokens(text) if t[0] != "comment" and t[1].strip()]
    operations: list[tuple[bool, str, str]] = []
    prologue: list[str] = []
    index = 0
    while index < len(lexed):
        kind, word, _ = lexed[index]
        keyword = word.upper() if kind == "word" else word
        if keyword in ("PREFIX", "BASE"):
            ends = index + (3 if keyword == "PREFIX" else 2)
            prologue.append(" ".join(t[1] for t in lexed[index:ends]))
            index = ends
        elif keyword in ("INSERT", "DELETE") and _is_word(lexed, index + 1, "DATA"):
            opens = index + 2
            close = matching_brace(lexed, opens) if _is_open(lexed, opens) else None
            if close is None:
                return None
            block = text[lexed[index + 2][2] : lexed[close][2] + 1]
            operations.append((keyword == "INSERT", "\n".join(prologue), block))
            index = close + 1
        elif keyword == ";":
            index += 1
        else:
            return None
    return operations


def _is_open(lexed: list[tuple[str, str, int]], index: int) -> bool:
    return index < len(lexed) and lexed[index][0] == "open"


def _is_word(lexed: list[tuple[str, str, int]], index: int, word: str) -> bool:
    return index < len(lexed) and lexed[index][1].upper() == word
