"""Validation pushed down into the SPARQL database: the rules run as queries on the server,
and the findings are exactly those of the local run, on real servers. Nothing of the user's
graphs is written, and cxgraph's working graph is gone afterwards."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.pushdown import WORKING_PREFIX
from cxgraph.store.remote import RemoteStore
from cxgraph.validation import Validator
from tests.conftest import EXAMPLE
from tests.servers import Endpoint, free_port, remote_database, serve
from tests.servers import oxigraph_server as start_oxigraph

pytestmark = pytest.mark.slow

TOKEN = "pushdown-test-token"
GRAPH = "https://example.org/graphs/portfolio"


@pytest.fixture(scope="module")
def cxgraph_server() -> Iterator[Endpoint]:
    for base in serve(["--memory", "--refuse-on", "none"], {"CXGRAPH_TOKEN": TOKEN}):
        yield Endpoint(f"{base}/sparql", f"{base}/update", token=TOKEN)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    yield from start_oxigraph(tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(params=["cxgraph-serve", "oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> RemoteStore:
    if request.param == "virtuoso":
        endpoint = remote_database()
        if endpoint is None:
            pytest.skip("no Virtuoso: CXGRAPH_TEST_ENDPOINT is not set (.ci/run sets it)")
        store = RemoteStore(endpoint.query_url, endpoint.update_url, user=endpoint.user,
                            password=endpoint.password, default_graph="urn:cxgraph:test:default")  # fmt: skip
    else:
        fixture = {"cxgraph-serve": "cxgraph_server", "oxigraph-server": "oxigraph_server"}
        endpoint = request.getfixturevalue(fixture[request.param])
        store = RemoteStore(endpoint.query_url, endpoint.update_url, token=endpoint.token)
    for name in store.graphs():
        store.drop_graph(name)
    return store


def _example_in(server: Endpoint, tmp_path: Path) -> tuple[RemoteStore, list[str]]:
    """The server holding only the example, and the CLI options that name it."""
    remote = RemoteStore(server.query_url, server.update_url)
    for name in remote.graphs():
        remote.drop_graph(name)
    remote.load([_portfolio(tmp_path)], GRAPH)
    return remote, ["--endpoint", server.query_url, "--update-endpoint", server.update_url]


def _portfolio(tmp_path: Path) -> Path:
    """The example, without its xsd:duration literals, which Virtuoso 7.2 cannot store."""
    from rdflib import Graph
    from rdflib.namespace import XSD

    graph = Graph()
    for path in sorted(EXAMPLE.glob("*.ttl")):
        graph.parse(path)
    for triple in [t for t in graph if getattr(t[2], "datatype", None) == XSD.duration]:
        graph.remove(triple)
    target = tmp_path / "portfolio.nt"
    graph.serialize(target, format="nt", encoding="utf-8")
    return target


def test_pushed_down_findings_are_the_local_ones(remote: RemoteStore, tmp_path: Path) -> None:
    portfolio = _portfolio(tmp_path)
    remote.load([portfolio], GRAPH)
    before = remote.graph()
    local = EmbeddedStore()
    local.load([portfolio])
    validator = Validator()
    pushed = validator.validate(remote, push_down=True)
    expected = validator.validate(local)
    assert len(expected.findings) > 30
    assert sorted(f.fingerprint for f in pushed.findings) == sorted(
        f.fingerprint for f in expected.findings
    )
    assert pushed.summary() == expected.summary()
    copied = validator.validate(remote, push_down=False)  # the dataset copied, judged here
    assert sorted(f.fingerprint for f in copied.findings) == sorted(
        f.fingerprint for f in expected.findings
    )
    # The user's graphs as they were; cxgraph's working graph dropped.
    assert isomorphic(remote.graph(), before)
    assert not [g for g in remote.graphs() if g.startswith(WORKING_PREFIX)]


@pytest.fixture(scope="module")
def capped_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    """A private Virtuoso that cuts every answer at 50 rows, as public endpoints often do."""
    import os
    import shutil

    if shutil.which("virtuoso-t") is None:
        reason = "Virtuoso is not installed (scripts/install-system-deps installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("capped-virtuoso")
    port = free_port()
    password = "capped-test"
    environment = {**os.environ, "CXGRAPH_VIRTUOSO_MAX_ROWS": "50",
                   "CXGRAPH_VIRTUOSO_PASSWORD": password}  # fmt: skip
    script = Path(__file__).parents[1] / "scripts" / "virtuoso"
    subprocess.run(["bash", str(script), "start", str(folder), str(port)], check=True,
                   env=environment, capture_output=True)  # fmt: skip
    try:
        yield RemoteStore(f"http://127.0.0.1:{port}/sparql", f"http://127.0.0.1:{port}/sparql-auth",
                          user="dba", password=password, default_graph="urn:cxgraph:test:default")  # fmt: skip
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], env=environment,
                       capture_output=True)  # fmt: skip


def test_answers_cut_short_are_paged_not_trusted(
    capped_virtuoso: RemoteStore, tmp_path: Path
) -> None:
    from cxgraph.store.pushdown import RemoteWorkingStore
    from cxgraph.store.remote import RemoteStoreError

    portfolio = _portfolio(tmp_path)
    capped_virtuoso.load([portfolio], GRAPH)
    # A plain read of a cut answer is refused, never taken as the whole answer.
    with pytest.raises(RemoteStoreError, match="only the first 50 rows"):
        capped_virtuoso.query("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    local = EmbeddedStore()
    local.load([portfolio])
    validator = Validator()
    with RemoteWorkingStore(capped_virtuoso) as working:
        pushed = validator.judge(working)  # type: ignore[arg-type]
        assert working.pages > 0, "some answers were longer than 50 rows"
    assert sorted(f.fingerprint for f in pushed.findings) == sorted(
        f.fingerprint for f in validator.validate(local).findings
    )


def test_the_cli_the_server_and_the_library_judge_a_database_alike(
    oxigraph_server: Endpoint, tmp_path: Path
) -> None:
    """One pipeline: `validate --endpoint`, `GET /validate` of `serve --endpoint` and
    `Validator().validate(store)` all judge in the database, and find the same."""
    import json
    from collections import Counter

    import httpx

    from cxgraph.cli.main import main

    remote, endpoints = _example_in(oxigraph_server, tmp_path)

    by_library = Counter((f.rule, f.focus_text) for f in Validator().validate(remote).findings)
    out = tmp_path / "report.json"
    assert main(["validate", *endpoints, "-f", "json", "-o", str(out), "--fail-on", "none"]) == 0
    by_cli = Counter((f["rule"], f["focus"]) for f in json.loads(out.read_text())["findings"])
    for base in serve(endpoints, {}):
        answer = httpx.get(f"{base}/validate", timeout=120).json()
        by_server = Counter((f["rule"], f["focus"]) for f in answer["findings"])
    assert sum(by_library.values()) > 30
    assert by_library == by_cli == by_server
    assert not [g for g in remote.graphs() if g.startswith(WORKING_PREFIX)]


def test_streamed_findings_are_those_of_the_whole_report(
    oxigraph_server: Endpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate --endpoint --format jsonl` writes the findings as the database yields them
    (`Validator.stream`), one rule at a time: the same findings, statuses and verdict as the
    JSON report, and no working graph left behind."""
    import json
    from collections import Counter

    from cxgraph.cli.main import main

    remote, endpoints = _example_in(oxigraph_server, tmp_path)

    whole = tmp_path / "report.json"
    assert main(["validate", *endpoints, "-o", str(whole)]) == 1
    report = json.loads(whole.read_text())
    streamed = tmp_path / "report.jsonl"
    assert main(["validate", *endpoints, "-o", str(streamed)]) == 1
    *findings, verdict = [json.loads(line) for line in streamed.read_text().splitlines()]

    def key(finding: dict[str, object]) -> str:
        return json.dumps(finding, sort_keys=True)

    assert len(findings) > 30
    assert Counter(map(key, findings)) == Counter(map(key, report["findings"]))
    assert verdict == {"conforms": report["conforms"], "summary": report["summary"]}
    monkeypatch.setattr("cxgraph.validation.validator.STREAM_PART", 3)  # rules in parts
    by_library = Counter((f.rule, f.focus_text, f.status) for f in Validator().stream(remote))
    assert by_library == Counter((f.rule, f.focus_text, f.status)
                                 for f in Validator().validate(remote).findings)  # fmt: skip
    assert not [g for g in remote.graphs() if g.startswith(WORKING_PREFIX)]


RECURSIVE_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix cxs: <https://w3id.org/cxgraph/shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/extra-shapes#> .

ex:commented-chain a sh:NodeShape ;
    cxs:ruleId "commented-chain" ;
    sh:targetClass cx:Service ;
    sh:severity sh:Warning ;
    sh:node ex:Commented .
ex:Commented a sh:NodeShape ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ] ;
    sh:property [ sh:path cx:hasFacility ; sh:node ex:Commented ] .
"""


def test_a_shape_the_compiler_does_not_translate_is_judged_by_pyshacl(
    oxigraph_server: Endpoint, tmp_path: Path
) -> None:
    """A recursive shape is not compiled: pySHACL judges it, on the data fetched by query,
    and the findings are the local run's."""
    from collections import Counter

    from cxgraph.engine.errors import UnsupportedShapes
    from cxgraph.engine.modes import Engine
    from cxgraph.validation.shapes import load_shapes

    extra = tmp_path / "recursive.ttl"
    extra.write_text(RECURSIVE_SHAPE, encoding="utf-8")
    shapes = load_shapes([extra])
    remote = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url)
    for name in remote.graphs():
        remote.drop_graph(name)
    data = _portfolio(tmp_path)
    remote.load([data], GRAPH)
    with pytest.raises(UnsupportedShapes):
        Validator(shapes=shapes, engine=Engine.COMPILED).validate(remote)
    local = EmbeddedStore()
    local.load([data])
    found = Counter(
        (f.rule, f.focus_text) for f in Validator(shapes=shapes).validate(remote).findings
    )
    expected = Counter(
        (f.rule, f.focus_text) for f in Validator(shapes=shapes).validate(local).findings
    )
    assert found["commented-chain", "https://example.org/portfolio#LaptopService"] == 1
    assert found == expected
    assert not [g for g in remote.graphs() if g.startswith(WORKING_PREFIX)]
