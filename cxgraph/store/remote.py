"""A remote store: any SPARQL 1.1 Protocol endpoint (query URL, update URL, credentials).

Writes are sent as SPARQL Update requests, one request per write, so a server that runs a
request in one transaction (as SPARQL 1.1 Update asks) keeps a refused or failed write out
entirely. RDF is parsed here first, so bad input is reported with its place before the
server sees anything.

Which graphs make the dataset: every named graph except the server's own system graphs,
plus a default graph. Servers whose default graph is the union of all graphs (Virtuoso)
have no writable default graph, so cxgraph's default graph is then a named graph given as
`default_graph`; servers with a real default graph (Fuseki, Oxigraph, GraphDB) need none.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph

from cxgraph.errors import CxgraphError, InputError
from cxgraph.safety.limits import Limits
from cxgraph.safety.outbound import prepared_update
from cxgraph.safety.sparql import check_sparql
from cxgraph.store.base import QueryAnswer
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.rdf import (
    DEFAULT_LIMITS,
    REQUEST_BYTES,
    body_quads,
    description_update,
    file_quads,
    insert_requests,
)
from cxgraph.terms import sparql_iri

# Graphs a server keeps for itself; they are not part of a portfolio. Virtuoso also names
# its service description and WebDAV graphs after its own host (see `_system_graphs`).
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/",  # Virtuoso's mapping schemas
    "http://www.w3.org/ns/ldp#",  # Virtuoso's LDP vocabulary graph
    "http://localuriqaserver/",  # Virtuoso's host-named graphs when no DefaultHost is set
)

_NTRIPLES = "application/n-triples"
SNAPSHOT_PART = 1_000_000
"""Triples of a graph copied in one answer; more are copied in parts."""
# The default graph's own triples, whether or not the server answers `?s ?p ?o` from the
# union of all graphs (Oxigraph and Virtuoso do): a triple also in a named graph is copied
# there only.
_DEFAULT_GRAPH_ONLY = "WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


class RemoteStoreError(CxgraphError):
    """The SPARQL endpoint could not be reached or failed to answer."""


class ChallengeAuth(httpx.Auth):
    """Credentials sent the way the server asks for them: HTTP Basic or Digest."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes: dict[str, httpx.Auth] = {
            "basic": httpx.BasicAuth(user, password),
            "digest": httpx.DigestAuth(user, password),
        }
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            scheme = response.headers.get("www-authenticate", "basic").split(" ", 1)[0]
            self._chosen = self._schemes.get(scheme.lower(), self._schemes["basic"])
        yield from self._chosen.sync_auth_flow(request)


class RemoteStore:
    """The graph store behind a SPARQL 1.1 Protocol endpoint; `user` and `password` answer
    a Basic or Digest challenge, `token` is sent as a bearer token."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        default_graph: str | None = None,
        timeout: float = 300.0,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.query_url = query_url
        self.limits = limits
        self.update_url = update_url or query_url
        self.default_graph = default_graph
        origin = "/".join(query_url.split("/", 3)[:3])
        self._system = (*SYSTEM_GRAPH_PREFIXES, f"{origin}/sparql", f"{origin}/DAV/")
        auth = ChallengeAuth(user, password or "") if user else None
        bearer = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(auth=auth, headers=bearer, timeout=timeout)

    # Reads

    def query(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base: str | None = None,
    ) -> QueryAnswer:
        check_sparql(sparql, self.limits, update=False, base=base)
        form: dict[str, str | list[str]] = {"query": _with_base(sparql, base)}
        if default_graphs:
            form["default-graph-uri"] = default_graphs
        if named_graphs:
            form["named-graph-uri"] = named_graphs
        response = self._send(self.query_url, form, media_type, "<query>")
        answered = response.headers.get("content-type", media_type).split(";")[0].strip()
        return QueryAnswer(response.content, answered)

    def read_graph(self, graph: str | None, media_type: str) -> QueryAnswer | None:
        """One graph serialised; None if a named graph is absent (or empty: SPARQL can't tell)."""
        name = graph or self.default_graph
        if graph is not None and not self.has_graph(graph):
            return None
        pattern = f"GRAPH {sparql_iri(name)} {{ ?s ?p ?o }}" if name else "?s ?p ?o"
        return self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", media_type)

    def graphs(self) -> list[str]:
        """The named graphs of the portfolio: all but the server's system graphs."""
        answer = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = [row["g"]["value"] for row in answer]
        return [g for g in names if not g.startswith(self._system)]

    def snapshot(self) -> EmbeddedStore:
        """The whole dataset copied into an in-memory Oxigraph store, graph by graph, parsed
        natively as N-Triples (no Python object per triple)."""
        copy = EmbeddedStore()
        for name in self.graphs():
            where = f"WHERE {{ GRAPH {sparql_iri(name)} {{ ?s ?p ?o }} }}"
            self._copy(where, copy, None if name == self.default_graph else name)
        if self.default_graph is None:
            self._copy(_DEFAULT_GRAPH_ONLY, copy, None)
        return copy

    def _copy(self, where: str, copy: EmbeddedStore, target: str | None) -> None:
        """The triples `where` matches, into `copy`: in one answer, or, past
        `SNAPSHOT_PART` triples, in parts by the first hex digit of the MD5 of the subject
        (blank subjects apart), as servers refuse answers past a size (Virtuoso: "The result
        vector is too large") and sort no further than a limit (so no ORDER BY/OFFSET)."""
        count = self._select(f"SELECT (COUNT(*) AS ?n) {where}")[0]["n"]["value"]
        if int(count) <= SNAPSHOT_PART:
            body = self.query(f"CONSTRUCT {{ ?s ?p ?o }} {where}", _NTRIPLES).body
            copy.load_bytes(body, ox.RdfFormat.N_TRIPLES, target)
            return
        inner = where.strip()[len("WHERE") :].strip()[1:-1]
        parts = ["isBlank(?s)"] + [
            f'!isBlank(?s) && STRSTARTS(MD5(STR(?s)), "{digit}")' for digit in "0123456789abcdef"
        ]
        for part in parts:
            body = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {inner} FILTER({part}) }}", _NTRIPLES
            ).body
            copy.extend_parsed(body, ox.RdfFormat.N_TRIPLES, target)

    def union_store(self) -> ox.Store:
        return self.snapshot().union_store()

    def graph(self) -> Graph:
        return self.snapshot().graph()

    def __len__(self) -> int:
        rows = self._select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        count = sum(
            int(row["n"]["value"]) for row in rows if not row["g"]["value"].startswith(self._system)
        )
        if self.default_graph is None:
            count += int(
                self._select(f"SELECT (COUNT(*) AS ?n) {_DEFAULT_GRAPH_ONLY}")[0]["n"]["value"]
            )
        return count

    # Writes: each one request, so one transaction on the server.

    def load(self, paths: Iterable[Path], graph: str | None = None) -> int:
        quads = file_quads(paths, graph or self.default_graph)
        self._insert(quads, [])
        return len(quads)

    def update(self, sparql: str, base: str | None = None) -> None:
        sparql = prepared_update(sparql, self.limits, base)
        self._post_update(_with_base(sparql, base))

    def rehearse(self, sparql: str, base: str | None = None) -> None:
        """Nothing: the database bounds its own updates (and the client waits `timeout`)."""

    def _post_update(self, sparql: str) -> None:
        """Send an update cxgraph wrote itself (bulk inserts): no user text to check."""
        self._send(self.update_url, {"update": sparql}, "*/*", "<update>")

    def write_graph(
        self, graph: str | None, data: bytes, media_type: str, *, replace: bool
    ) -> None:
        self.put_graph(graph, ((data, media_type),), replace=replace)

    def put_graph(
        self, graph: str | None, payloads: Sequence[tuple[bytes, str]], *, replace: bool
    ) -> None:
        name = graph or self.default_graph
        quads = [q for data, kind in payloads for q in body_quads(data, kind, name, self.limits)]
        self._insert(quads, [f"CLEAR SILENT {_graph_ref(name)}"] if replace else [])

    def replace_description(self, subject: str, data: bytes, media_type: str) -> None:
        quads = body_quads(data, media_type, None, self.limits) if data else []
        self.update(description_update(subject, quads, self.default_graph))

    def _insert(self, quads: list[ox.Quad], first: list[str]) -> None:
        """Run `first` and insert `quads`: one request (one transaction) unless the server's
        request size limit makes it several, in which case a failure says what was written."""
        requests = insert_requests(quads, self.default_graph)
        if first:
            requests[:1] = [" ;\n".join(first + requests[:1])]
        for done, request in enumerate(requests):
            try:
                self._post_update(request)
            except (InputError, RemoteStoreError) as error:
                if done == 0:
                    raise
                raise RemoteStoreError(
                    f"the write was sent in {len(requests)} requests of at most "
                    f"{REQUEST_BYTES // 1_000_000} MB; the first {done} were applied before: "
                    f"{error}"
                ) from None

    def drop_graph(self, graph: str | None) -> bool:
        if graph is not None and not self.has_graph(graph):
            return False
        name = graph or self.default_graph
        self.update(f"DROP SILENT {_graph_ref(name)}" if graph else f"CLEAR {_graph_ref(name)}")
        return True

    # The wire

    def has_graph(self, graph: str) -> bool:
        """SPARQL cannot see an empty graph: a graph exists here when it holds a triple."""
        answer = self.query(
            f"ASK {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}", "application/sparql-results+json"
        )
        return bool(httpx.Response(200, content=answer.body).json()["boolean"])

    def _select(self, sparql: str) -> list[dict[str, dict[str, str]]]:
        answer = self.query(sparql, "application/sparql-results+json")
        rows: list[dict[str, dict[str, str]]] = httpx.Response(200, content=answer.body).json()[
            "results"
        ]["bindings"]
        return rows

    def ask(self, sparql: str, accept: str, *, allow_cut: bool = False) -> httpx.Response:
        """Send a query cxgraph wrote itself and return the server's answer as it came, with
        its headers; with `allow_cut`, an answer the server cut short is returned (its
        `X-SPARQL-MaxRows` header says so) rather than refused."""
        return self._send(self.query_url, {"query": sparql}, accept, "<query>", allow_cut)

    def post_update(self, sparql: str) -> None:
        """Send an update cxgraph wrote itself (no user text to check)."""
        self._post_update(sparql)

    def _send(
        self,
        url: str,
        form: dict[str, str | list[str]],
        accept: str,
        what: str,
        allow_cut: bool = False,
    ) -> httpx.Response:
        try:
            response = self._client.post(url, data=form, headers={"Accept": accept})
        except httpx.HTTPError as error:
            raise RemoteStoreError(f"{url}: {error}") from None
        if response.status_code == 400:
            raise InputError(what, _message(response))
        if response.status_code >= 300:
            raise RemoteStoreError(f"{url} answered {response.status_code}: {_message(response)}")
        if "x-sparql-maxrows" in response.headers and not allow_cut:  # Virtuoso cut it short
            limit = response.headers["x-sparql-maxrows"]
            raise RemoteStoreError(f"{url} returned only the first {limit} rows (ResultSetMaxRows)")
        return response


def _with_base(sparql: str, base: str | None) -> str:
    """The protocol has no base parameter; a BASE declaration may open any prologue."""
    return f"BASE {sparql_iri(base)}\n{sparql}" if base else sparql


def _graph_ref(name: str | None) -> str:
    return f"GRAPH {sparql_iri(name)}" if name else "DEFAULT"


def _message(response: httpx.Response) -> str:
    # Virtuoso echoes the whole request after its message; the message is enough.
    text = response.text.split("\n\nSPARQL query:", 1)[0].strip()
    return text[:2000] if text else response.reason_phrase
