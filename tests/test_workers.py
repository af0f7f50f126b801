"""Several `cxgraph serve` processes in front of one SPARQL database, as behind a load
balancer: each sees every other's writes, and a write is judged against the database as it
is when the write is judged, other clients' writes included."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import EXAMPLE
from tests.servers import Endpoint, serve
from tests.servers import oxigraph_server as start_oxigraph

pytestmark = pytest.mark.slow

TOKEN = "workers-test-token"
WRITE = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
CX = "PREFIX cx: <https://w3id.org/cxgraph#> PREFIX ex: <https://example.org/workers#> "


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    yield from start_oxigraph(tmp_path_factory.mktemp("database"))


@pytest.fixture(scope="module")
def workers(database: Endpoint) -> Iterator[list[str]]:
    arguments = ["--endpoint", database.query_url, "--update-endpoint", database.update_url]
    first = serve([*arguments, str(EXAMPLE / "services.ttl")], {"CXGRAPH_TOKEN": TOKEN})
    second = serve(arguments, {"CXGRAPH_TOKEN": TOKEN})
    with contextlib.closing(first), contextlib.closing(second):
        yield [next(first), next(second)]


def _services(base: str) -> set[str]:
    answer = httpx.post(f"{base}/sparql", data={"query": CX + "SELECT ?s WHERE { ?s a cx:Service }"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)  # fmt: skip
    return {b["s"]["value"] for b in answer.json()["results"]["bindings"]}


def test_a_write_through_one_worker_is_seen_by_the_other(workers: list[str]) -> None:
    a, b = workers
    kiosk = (CX + "INSERT DATA { ex:Kiosk a cx:Service ; cx:hasFacility ex:KioskUnit ; "
             "cx:hasSupport ex:KioskDesk . ex:KioskUnit a cx:Facility . ex:KioskDesk a cx:Support }")  # fmt: skip
    assert httpx.post(f"{a}/update", content=kiosk, headers=WRITE, timeout=60).status_code == 204
    assert "https://example.org/workers#Kiosk" in _services(b)
    # A write the rules refuse through the second worker leaves the database as it was.
    fax = (
        CX
        + "INSERT DATA { ex:Fax a cx:Service ; cx:hasFacility ex:FaxUnit . ex:FaxUnit a cx:Facility }"
    )
    before = _services(a)
    assert httpx.post(f"{b}/update", content=fax, headers=WRITE, timeout=60).status_code == 422
    assert _services(a) == before


def test_writes_are_judged_against_the_database_as_it_is(
    workers: list[str], database: Endpoint
) -> None:
    a, b = workers
    # Another client writes the database directly: a service without support.
    pager = (
        CX
        + "INSERT DATA { ex:Pager a cx:Service ; cx:hasFacility ex:PagerUnit . ex:PagerUnit a cx:Facility }"
    )
    assert httpx.post(database.update_url, data={"update": pager}, timeout=30).status_code == 204
    found = httpx.get(f"{b}/validate", timeout=60).json()["findings"]
    assert any(f["focus"].endswith("#Pager") for f in found), "the other client's write is judged"
    # Its finding is not this write's: an unrelated write is accepted ...
    label = CX + 'INSERT DATA { ex:Kiosk <http://www.w3.org/2000/01/rdf-schema#label> "Kiosk"@en }'
    assert httpx.post(f"{a}/update", content=label, headers=WRITE, timeout=60).status_code == 204
    # ... and the write that mends it clears the finding for every worker.
    mend = CX + "INSERT DATA { ex:Pager cx:hasSupport ex:PagerDesk . ex:PagerDesk a cx:Support }"
    assert httpx.post(f"{b}/update", content=mend, headers=WRITE, timeout=60).status_code == 204
    found = httpx.get(f"{a}/validate", timeout=60).json()["findings"]
    assert not any(f["focus"].endswith("#Pager") and f["rule"] == "service-supported-facility"
                   for f in found)  # fmt: skip
