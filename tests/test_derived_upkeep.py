"""The served derived facts (graph urn:cxgraph:derived) are kept current by each write
judged by its focus nodes, by replacing the facts about the nodes the write can have changed;
after every such write they equal what deriving the whole store again gives, on the embedded
store and on a remote one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.report import Severity
from cxgraph.store.base import DERIVED_GRAPH
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.remote import RemoteStore
from cxgraph.store.writes import SparqlUpdate
from cxgraph.validation import Validator, WriteGuard, WriteRefusedError
from tests.servers import oxigraph_server as start_oxigraph
from tests.test_incremental import CHANGES
from tests.test_pushdown import _portfolio
from tests.test_remote_guard import NAMED_CHANGES, _update

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nt_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _portfolio(tmp_path_factory.mktemp("portfolio"))


@pytest.fixture(params=["embedded", "oxigraph-server"])
def store(
    request: pytest.FixtureRequest, nt_portfolio: Path, tmp_path: Path
) -> Iterator[EmbeddedStore | RemoteStore]:
    if request.param == "embedded":
        embedded = EmbeddedStore()
        embedded.load([nt_portfolio])
        yield embedded
        return
    for endpoint in start_oxigraph(tmp_path / "oxigraph"):
        remote = RemoteStore(endpoint.query_url, endpoint.update_url)
        remote.load([nt_portfolio])
        yield remote


def _served(store: EmbeddedStore | RemoteStore) -> set[ox.Triple]:
    answer = store.read_graph(DERIVED_GRAPH, "application/n-triples")
    assert answer is not None
    return {q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)}


def test_each_accepted_write_leaves_the_derived_facts_whole_derivation_gives(
    store: EmbeddedStore | RemoteStore,
) -> None:
    guard = WriteGuard(Validator(), store, Severity.VIOLATION, keep_derived=True)
    guard.refresh_derived()
    accepted = 0
    for name in NAMED_CHANGES:
        try:
            guard.write(
                SparqlUpdate(
                    _update(
                        CHANGES[name],
                        store.default_graph if isinstance(store, RemoteStore) else None,
                    )
                )
            )
        except WriteRefusedError:
            continue
        accepted += 1
        assert guard.judged_by == guard.derived_by == "focus nodes", name
        kept = _served(store)
        guard.refresh_derived()
        assert kept == _served(store), name
    assert accepted >= 4
