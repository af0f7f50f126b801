"""One validation pipeline: the command line, the HTTP API and the Python API give the same
findings for the same portfolio, rule settings (`cxgraph.toml`) and `cxs:suppress`
annotations, and a server refuses exactly the writes those findings say it should.

The HTTP side is a real `cxgraph serve --config` process; findings are compared on rule,
severity, status, focus node, path, value and message (blank nodes, labelled anew by every
parse, by what the finding says about them).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pytest

import cxgraph
from cxgraph.cli.main import main
from tests.conftest import EXAMPLE
from tests.servers import serve

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data" / "pipeline"
CONFIG = DATA / "cxgraph.toml"
PORTFOLIO = [EXAMPLE, DATA / "annotations.ttl"]
ACCEPTED = DATA / "accepted-write.ttl"
REFUSED = DATA / "refused-write.ttl"
TOKEN = "pipeline-token"
BLANK = re.compile(r"_:\w+")

Key = tuple[str, ...]


def _key(finding: dict[str, object]) -> Key:
    def term(name: str) -> str:
        node = finding[f"{name}Node"]
        if node is None:
            return ""
        assert isinstance(node, dict)
        return "_:" if node["type"] == "bnode" else json.dumps(node, sort_keys=True)

    return (
        str(finding["rule"]),
        str(finding["severity"]),
        str(finding["status"]),
        term("focus"),
        str(finding["path"] or ""),
        term("value"),
        BLANK.sub("_:", str(finding["message"])),
    )


def _keys(findings: Iterable[dict[str, object]]) -> Counter[Key]:
    return Counter(_key(f) for f in findings)


def _refusing(findings: Counter[Key]) -> Counter[Key]:
    """What refuses a write: active violations."""
    return Counter({k: n for k, n in findings.items() if k[1] == "violation" and k[2] == "active"})


def _cli(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> Counter[Key]:
    arguments = [str(p) for p in paths]
    code = main(
        ["validate", *arguments, "--config", str(CONFIG), "-f", "json", "--fail-on", "none"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    return _keys(json.loads(out)["findings"])


def _python(paths: list[Path]) -> Counter[Key]:
    report = cxgraph.Validator.from_config(CONFIG).validate(paths)
    return _keys(f.as_dict() for f in report.findings)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("pipeline-store")
    arguments = ["--store", str(store), "--config", str(CONFIG), *map(str, PORTFOLIO)]
    yield from serve(arguments, {"CXGRAPH_TOKEN": TOKEN})


def _nt(paths: list[Path]) -> bytes:
    graph = cxgraph.load_graph(paths)
    return graph.serialize(format="nt", encoding="utf-8")


def test_the_three_callers_agree_on_a_portfolio(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    by_cli = _cli(PORTFOLIO, capsys)
    assert by_cli == _python(PORTFOLIO)
    stored = httpx.get(f"{server}/validate", timeout=60)
    assert stored.status_code == 200, stored.text
    assert _keys(stored.json()["findings"]) == by_cli
    posted = httpx.post(
        f"{server}/validate",
        content=_nt(PORTFOLIO),
        headers={"Content-Type": "application/n-triples"},
        timeout=60,
    )
    assert posted.status_code == 200, posted.text
    assert _keys(posted.json()["findings"]) == by_cli
    # The settings and suppressions took effect: a rule off, one re-graded, two suppressed.
    rules = {key[0] for key in by_cli}
    assert "sco-actionable" not in rules and "sco-measurable" in rules
    assert {key[1] for key in by_cli if key[0] == "sco-measurable"} == {"warning"}
    assert {key[1] for key in by_cli if key[0] == "maturity-boundary"} == {"violation"}
    suppressed = {key[0] for key in by_cli if key[2] == "suppressed"}
    assert suppressed == {"sco-indicator", "sco-outside-in", "service-supported-facility"}


def test_the_python_shortcuts_include_the_ontology_and_take_strings() -> None:
    paths = [str(p) for p in PORTFOLIO]
    shapes = cxgraph.load_shapes()
    settings = cxgraph.load_settings(CONFIG, cxgraph.validation.rule_ids(shapes))
    report = cxgraph.validate_graph(cxgraph.load_graph(paths), shapes, settings=settings)
    found = _keys(f.as_dict() for f in report.findings)
    assert any(key[0] == "maturity-mismatch" for key in found), "the ontology was left out"
    assert found == _python(PORTFOLIO)


def test_writes_are_judged_with_the_same_settings_and_suppressions(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    accepted = httpx.post(
        f"{server}/store?default", content=ACCEPTED.read_bytes(), headers=auth, timeout=60
    )
    assert accepted.status_code == 204, accepted.text
    before = _cli([*PORTFOLIO, ACCEPTED], capsys)
    after = _cli([*PORTFOLIO, ACCEPTED, REFUSED], capsys)
    added = _refusing(after) - _refusing(before)
    assert added, "the write breaks rules at violation level"
    refused = httpx.post(
        f"{server}/store?default", content=REFUSED.read_bytes(), headers=auth, timeout=60
    )
    assert refused.status_code == 422, refused.text
    assert _keys(refused.json()["findings"]) == added
    assert _keys(httpx.get(f"{server}/validate", timeout=60).json()["findings"]) == before


def test_the_three_callers_agree_on_a_yaml_portfolio_and_its_lines(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML through the command line, the HTTP API (application/yaml) and the Python API:
    the same findings, each at the same line of the file."""
    yaml_file = EXAMPLE.parent / "authoring" / "portfolio.yaml"
    text = yaml_file.read_text(encoding="utf-8")

    def placed(findings: Iterable[dict[str, object]]) -> Counter[tuple[Key, object]]:
        return Counter((_key(f), _line(f)) for f in findings)

    by_cli = placed(_cli_findings([yaml_file], capsys))
    report = cxgraph.Validator.from_config(CONFIG).validate([yaml_file])
    assert placed(f.as_dict() for f in report.findings) == by_cli
    posted = httpx.post(
        f"{server}/validate",
        content=text.encode(),
        headers={"Content-Type": "application/yaml"},
        timeout=60,
    )
    assert posted.status_code == 200, posted.text
    assert placed(posted.json()["findings"]) == by_cli
    assert all(line for _, line in by_cli), "every finding names a line"


def _line(finding: dict[str, object]) -> object:
    sources = finding.get("source") or []
    assert isinstance(sources, list)
    return sources[0]["line"] if sources else None


def _cli_findings(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code = main(
        ["validate", *map(str, paths), "--config", str(CONFIG), "-f", "json", "--fail-on", "none"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    findings: list[dict[str, object]] = json.loads(out)["findings"]
    return findings
