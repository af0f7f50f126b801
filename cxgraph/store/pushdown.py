"""Validation pushed down into a SPARQL database: the compiled rules run as queries on the
server, and only their results come back.

`RemoteWorkingStore` stands where the validator's working store (an in-memory Oxigraph
store) usually stands, and offers the few operations the validator uses (`query`,
`quads_for_pattern`, `bulk_extend`, `add`, `in`, `len`) over the SPARQL 1.1 protocol:

- queries go to the server as written; their answers are parsed into Oxigraph terms. A
  SELECT whose answer the server cut short (Virtuoso's `X-SPARQL-MaxRows`) is asked again
  in pages (`LIMIT`/`OFFSET` over a stable `ORDER BY`), so no finding is lost silently;
- what validation adds to a portfolio (the ontology, the settings, the statement
  analyzer's cues, the facts the rules derive) goes into one working graph of cxgraph's
  own on the server, `urn:cxgraph:working:<run>`, which the queries see through the union
  default graph and which is dropped when the run ends, whatever happens. The user's
  graphs are never written.

So cxgraph's own memory holds the shapes, the ontology, the statement texts (fetched by
query) and the findings, never the dataset.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from cxgraph.errors import InputError
from cxgraph.store.rdf import insert_requests
from cxgraph.store.remote import RemoteStore
from cxgraph.terms import sparql_iri

WORKING_PREFIX = "urn:cxgraph:working:"
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
PAGE_ROWS = 10_000
"""Rows per page when a server cuts an answer short and it is asked again in pages."""


class Solutions:
    """A SELECT answer as pyoxigraph's `QuerySolutions` offers it: `variables`, then rows
    that unpack as tuples and index by name or position."""

    def __init__(
        self,
        variables: list[str],
        rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]],
    ) -> None:
        self.variables = [ox.Variable(v) for v in variables]
        self._names = {v: i for i, v in enumerate(variables)}
        self._rows = rows

    def __iter__(self) -> Iterator[Row]:
        return (Row(self._names, row) for row in self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Row:
    def __init__(self, names: dict[str, int], values: tuple[Any, ...]) -> None:
        self._names = names
        self._values = values

    def __getitem__(self, key: int | str | ox.Variable) -> Any:
        if isinstance(key, ox.Variable):
            key = key.value
        return self._values[self._names[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class RemoteWorkingStore:
    """A remote store seen as a validator's working store (see the module's docstring)."""

    def __init__(self, remote: RemoteStore) -> None:
        self.remote = remote
        self.graph = WORKING_PREFIX + uuid.uuid4().hex
        self.pages = 0
        """How many answers were cut short by the server and asked again in pages."""
        self._written: set[bytes] = set()
        """What this run wrote: known to be there without asking (a server may store a
        literal in another lexical form, which a query for the written one would miss)."""

    def __enter__(self) -> RemoteWorkingStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the working graph from the server."""
        self.remote.drop_graph(self.graph)

    # ------------------------------------------------------------------ reading

    def query(self, sparql: str, use_default_graph_as_union: bool = True, **_: Any) -> Any:
        form = _query_form(sparql)
        if form == "SELECT":
            return self._select(sparql)
        if form == "ASK":
            answer = self._post(sparql, _JSON)
            return bool(json.loads(answer)["boolean"])
        body = self._post(sparql, _NTRIPLES)
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph: object = None,
    ) -> Iterator[ox.Quad]:
        """Matching triples of the union of all graphs (the server's default graph)."""
        terms = [term_text(t) if t is not None else f"?{n}" for t, n in
                 ((subject, "s"), (predicate, "p"), (obj, "o"))]  # fmt: skip
        wanted = " ".join(t for t in terms if t.startswith("?")) or "*"
        answer = self._select(f"SELECT {wanted} WHERE {{ {' '.join(terms)} }}")
        for row in answer:
            found = [row[i] for i in range(len(row))]
            values = iter(found)
            s = subject if subject is not None else next(values)
            p = predicate if predicate is not None else next(values)
            o = obj if obj is not None else next(values)
            yield ox.Quad(s, p, o)

    def __contains__(self, quad: ox.Quad) -> bool:
        triple = " ".join(term_text(t) for t in (quad.subject, quad.predicate, quad.object))
        return bool(self.query(f"ASK {{ {triple} }}"))

    def __len__(self) -> int:
        (row,) = list(self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        return int(row[0].value)

    def absent(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """The quads the server holds in no graph, asked for 500 at a time (one query each,
        not one per quad). Quads with blank nodes, which a query cannot name, count as
        absent."""
        quads = [q for q in quads if _key(q) not in self._written]
        named = [q for q in quads if not _has_blank(q)]
        held: set[bytes] = set()
        for start in range(0, len(named), 500):
            rows = " ".join(
                f"({term_text(q.subject)} {term_text(q.predicate)} {term_text(q.object)})"
                for q in named[start : start + 500]
            )
            query = f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} ?s ?p ?o }}"
            held |= {_key(ox.Quad(r[0], r[1], r[2])) for r in self._select(query)}
        return [q for q in quads if _has_blank(q) or _key(q) not in held]

    # ------------------------------------------------------------------ writing

    def add(self, quad: ox.Quad) -> None:
        self.bulk_extend([quad])

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Into the working graph, whatever graph the quads name."""
        target = ox.NamedNode(self.graph)
        moved = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
        self._written.update(_key(q) for q in moved)
        for request in insert_requests(moved):
            self.remote.post_update(request)

    # ------------------------------------------------------------------ answers

    def _post(self, sparql: str, accept: str) -> bytes:
        return self.remote.ask(sparql, accept).content

    def _select(self, sparql: str) -> Solutions:
        response = self.remote.ask(sparql, _JSON, allow_cut=True)
        cut = response.headers.get("x-sparql-maxrows")
        answer = parse_answer(response.content)
        if cut is None:
            return answer
        self.pages += 1
        variables = [v.value for v in answer.variables]
        return self._paged(sparql, variables, max(1, min(int(cut), PAGE_ROWS)))

    def _paged(self, sparql: str, variables: list[str], size: int) -> Solutions:
        from cxgraph.engine.sparql_text import without_prologue

        prefixes, body = without_prologue(sparql)
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())
        order = " ".join(f"?{v}" for v in variables)
        rows: list[tuple[Any, ...]] = []
        offset = 0
        while True:
            page = (f"{prologue}SELECT * WHERE {{ {{ {body} }} }} ORDER BY {order} "
                    f"LIMIT {size} OFFSET {offset}")  # fmt: skip
            response = self.remote.ask(page, _JSON, allow_cut=True)
            found = parse_answer(response.content, variables)
            if response.headers.get("x-sparql-maxrows") is not None and len(found) < size:
                raise InputError("<query>", "the server cuts answers shorter than a page of "
                                 f"{size} rows: raise its result limit")  # fmt: skip
            rows += found._rows
            if len(found) < size:
                return Solutions(variables, rows)
            offset += size


def _query_form(sparql: str) -> str:
    from cxgraph.engine.sparql_text import without_prologue

    _, body = without_prologue(sparql)
    found = _FORM.search(body)
    return found.group(1).upper() if found else "SELECT"


def parse_answer(body: bytes, variables: list[str] | None = None) -> Solutions:
    """A SPARQL JSON results document, parsed natively by Oxigraph: a large answer as
    Python dictionaries would take several times the memory of its terms. Blank node labels
    Oxigraph does not accept (Virtuoso's `nodeID://b10007`) are made into labels it does."""
    try:
        native = ox.parse_query_results(_BNODE.sub(_sane_bnode, body), ox.QueryResultsFormat.JSON)
    except SyntaxError:
        return solutions(json.loads(body), variables)
    assert isinstance(native, ox.QuerySolutions)
    names = variables or [v.value for v in native.variables]
    return Solutions(names, [tuple(row[name] for name in names) for row in native])


_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")([^"\\]*)"')


def _sane_bnode(match: re.Match[bytes]) -> bytes:
    label = _bnode_label(match.group(2).decode("utf-8"))
    return match.group(1) + label.encode("utf-8") + b'"'


def solutions(answer: dict[str, Any], variables: list[str] | None = None) -> Solutions:
    names = variables or answer["head"]["vars"]
    rows = [
        tuple(_term(binding.get(v)) for v in names) for binding in answer["results"]["bindings"]
    ]
    return Solutions(names, rows)


def _term(value: dict[str, str] | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(_bnode_label(value["value"]))
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    return ox.Literal(value["value"], datatype=ox.NamedNode(datatype) if datatype else None)


def _bnode_label(label: str) -> str:
    """A label Oxigraph accepts for the server's blank node (Virtuoso: `nodeID://b10007`)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", label)


def term_text(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return sparql_iri(term.value)
    return str(term)


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _key(quad: ox.Quad) -> bytes:
    """A quad's triple as a 16-byte digest: a run writes hundreds of thousands of them."""
    text = f"{quad.subject}\t{quad.predicate}\t{quad.object}".encode()
    return hashlib.blake2b(text, digest_size=16).digest()
