"""Guarded writes to a remote store are judged on the neighbourhood the shapes read, fetched
for each write, not on a copy of the whole store; the verdicts are those of judging the whole
store, on real servers. Another client changing that neighbourhood while a write is judged
makes the write judged again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.report import Severity
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.remote import RemoteStore
from cxgraph.store.writes import Change, SparqlUpdate
from cxgraph.validation import Validator, WriteGuard, WriteRefusedError
from cxgraph.validation import guard as guard_module
from cxgraph.validation.nearby import ConcurrentChange, Neighbourhood
from tests.servers import oxigraph_server as start_oxigraph
from tests.servers import remote_database
from tests.test_incremental import CHANGES
from tests.test_pushdown import _portfolio

pytestmark = pytest.mark.slow

VALIDATOR = Validator()
VIRTUOSO_GRAPH = "urn:cxgraph:test:default"
PREFIXES = (
    "PREFIX cx: <https://w3id.org/cxgraph#> PREFIX ex: <https://example.org/portfolio#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    for endpoint in start_oxigraph(tmp_path_factory.mktemp("oxigraph")):
        yield RemoteStore(endpoint.query_url, endpoint.update_url)


@pytest.fixture(scope="module")
def nt_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _portfolio(tmp_path_factory.mktemp("portfolio"))


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest, nt_portfolio: Path) -> RemoteStore:
    if request.param == "virtuoso":
        endpoint = remote_database()
        if endpoint is None:
            pytest.skip("no Virtuoso: CXGRAPH_TEST_ENDPOINT is not set (.ci/run sets it)")
        store = RemoteStore(endpoint.query_url, endpoint.update_url, user=endpoint.user,
                            password=endpoint.password, default_graph=VIRTUOSO_GRAPH)  # fmt: skip
    else:
        store = request.getfixturevalue("oxigraph_endpoint")
    return _reloaded(store, nt_portfolio)


def _reloaded(store: RemoteStore, portfolio: Path) -> RemoteStore:
    """`store` holding only the portfolio."""
    for name in store.graphs():
        store.drop_graph(name)
    store.drop_graph(None)
    store.load([portfolio])
    return store


def _update(change: Change, graph: str | None) -> str:
    def block(triples: list[ox.Triple]) -> str:
        body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        return f"GRAPH <{graph}> {{ {body} }}" if graph else body

    operations = []
    if change.deleted:
        operations.append(f"DELETE DATA {{ {block(change.deleted)} }}")
    if change.inserted:
        operations.append(f"INSERT DATA {{ {block(change.inserted)} }}")
    return " ;\n".join(operations)


def _verdict(
    store: EmbeddedStore | RemoteStore, text: str, threshold: Severity = Severity.WARNING
) -> tuple[WriteGuard, list[str]]:
    """The findings a guarded write is refused for (empty: it was accepted)."""
    guard = WriteGuard(VALIDATOR, store, threshold)
    try:
        guard.write(SparqlUpdate(text))
    except WriteRefusedError as refused:
        return guard, sorted(f"{f.rule} {f.focus} {f.fingerprint}" for f in refused.report.findings)
    return guard, []


NAMED_CHANGES = sorted(
    name
    for name, change in CHANGES.items()
    if not any(isinstance(n, ox.BlankNode) for n in change.nodes())
)


@pytest.mark.parametrize("name", NAMED_CHANGES)
def test_a_write_is_judged_on_its_neighbourhood_as_on_the_whole_store(
    remote: RemoteStore, nt_portfolio: Path, name: str
) -> None:
    change = CHANGES[name]
    whole = EmbeddedStore()
    whole.load([nt_portfolio])
    _, expected = _verdict(whole, _update(change, None))

    text = _update(change, remote.default_graph)
    before = len(remote)
    guard, found = _verdict(remote, text)

    assert guard.judged_by == "focus nodes"
    assert found == expected
    if found:
        assert len(remote) == before  # refused: nothing written
    else:
        undo = Change(inserted=change.deleted, deleted=change.inserted)
        remote.update(_update(undo, remote.default_graph))


def test_a_blank_node_write_is_judged_whole_with_the_same_verdict(
    remote: RemoteStore, nt_portfolio: Path
) -> None:
    vague = CHANGES["new outcome with a vague statement"].inserted
    indicator = CHANGES["a blank-node indicator without its period"].inserted
    change = Change(inserted=[*vague, *indicator])
    whole = EmbeddedStore()
    whole.load([nt_portfolio])
    _, expected = _verdict(whole, _update(change, None), Severity.INFO)
    guard, found = _verdict(remote, _update(change, remote.default_graph), Severity.INFO)
    assert guard.judged_by == "whole store"  # a query cannot name the blank node
    rules = [f.split()[0] for f in found]
    assert rules and rules == [f.split()[0] for f in expected]


NEW_RELATIONSHIP = PREFIXES + (
    "INSERT DATA { ex:HrHotelRelationship a cx:ServiceRelationship ; "
    'rdfs:label "Business travel: Northwind HR and Harbour View Hotel"@en ; '
    "cx:customer ex:NorthwindHr ; cx:provider ex:HarbourViewHotel ; "
    "cx:service ex:HotelStayService }"
)
"""Northwind HR (level 3) and the hotel (level 4): one level apart, a warning, no violation."""
HOTEL_TO_LEVEL_5 = PREFIXES + (
    "DELETE DATA { ex:HarbourViewHotel cx:hasMaturityLevel cx:CustomerDriven } ; "
    "INSERT DATA { ex:HarbourViewHotel cx:hasMaturityLevel cx:BusinessDriven }"
)


def _meanwhile(
    monkeypatch: pytest.MonkeyPatch, other_client: Callable[[int], None]
) -> list[Neighbourhood]:
    """Have `other_client(n)` write the database directly just after the guard fetched a
    neighbourhood for the n-th time; returns the neighbourhoods fetched."""
    fetched: list[Neighbourhood] = []
    real = guard_module.fetch_neighbourhood

    def fetch_then_interfere(*args: object, **kwargs: object) -> Neighbourhood:
        neighbourhood = real(*args, **kwargs)  # type: ignore[arg-type]
        fetched.append(neighbourhood)
        other_client(len(fetched))
        return neighbourhood

    monkeypatch.setattr(guard_module, "fetch_neighbourhood", fetch_then_interfere)
    return fetched


def test_a_change_by_another_client_while_a_write_is_judged_is_seen(
    oxigraph_endpoint: RemoteStore, nt_portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = _reloaded(oxigraph_endpoint, nt_portfolio)
    other = RemoteStore(remote.query_url, remote.update_url)

    def raise_the_hotel(attempt: int) -> None:
        if attempt == 1:
            other.update(HOTEL_TO_LEVEL_5)

    fetched = _meanwhile(monkeypatch, raise_the_hotel)
    guard = WriteGuard(VALIDATOR, remote, Severity.VIOLATION)
    with pytest.raises(WriteRefusedError) as refused:
        guard.write(SparqlUpdate(NEW_RELATIONSHIP))
    # Judged first on the hotel at level 4 (accepted), then again on level 5: refused.
    assert len(fetched) == 2
    assert [f.rule for f in refused.value.report.findings] == ["maturity-mismatch"]
    assert refused.value.report.findings[0].focus.endswith("#HrHotelRelationship")
    assert not _holds(remote, "ex:HrHotelRelationship a cx:ServiceRelationship")


def test_a_write_whose_neighbourhood_keeps_changing_is_refused_as_a_conflict(
    oxigraph_endpoint: RemoteStore, nt_portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = _reloaded(oxigraph_endpoint, nt_portfolio)
    other = RemoteStore(remote.query_url, remote.update_url)

    def relabel_the_hotel(attempt: int) -> None:
        other.update(
            PREFIXES + f'INSERT DATA {{ ex:HarbourViewHotel rdfs:comment "edit {attempt}" }}'
        )

    fetched = _meanwhile(monkeypatch, relabel_the_hotel)
    guard = WriteGuard(VALIDATOR, remote, Severity.VIOLATION)
    with pytest.raises(ConcurrentChange):
        guard.write(SparqlUpdate(NEW_RELATIONSHIP))
    assert len(fetched) == 3
    assert not _holds(remote, "ex:HrHotelRelationship a cx:ServiceRelationship")
    # Left alone, the same write is accepted, judged on its neighbourhood.
    monkeypatch.undo()
    guard.write(SparqlUpdate(NEW_RELATIONSHIP))
    assert guard.judged_by == "focus nodes"
    assert _holds(remote, "ex:HrHotelRelationship a cx:ServiceRelationship")


def _holds(remote: RemoteStore, pattern: str) -> bool:
    import json

    answer = remote.ask(PREFIXES + f"ASK {{ {pattern} }}", "application/sparql-results+json")
    return bool(json.loads(answer.content)["boolean"])
