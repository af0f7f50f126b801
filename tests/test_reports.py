"""Report formats for CI: SARIF, JUnit and the W3C SHACL report graph, written with --output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyshacl
import pytest
from junitparser import Failure, JUnitXml
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from cxgraph.cli.main import main
from tests.conftest import ROOT

PLANTED = "tests/data/planted"


@pytest.fixture
def at_root() -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(previous)


def _write(tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    assert main(["validate", PLANTED, "-o", str(out), *extra]) == 1
    return out


def test_sarif_names_rules_and_physical_locations(tmp_path: Path, at_root: None) -> None:
    sarif = json.loads(_write(tmp_path, "cxgraph.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert "sco-outside-in" in ids and ids == sorted(ids)
    for rule in rules:
        assert rule["help"]["text"] and rule["helpUri"].endswith(f"#{rule['id']}")
    assert run["results"]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith(PLANTED + "/")
        assert location["region"]["startLine"] >= 1
    heating = next(
        r for r in run["results"]
        if r["ruleId"] == "sco-outside-in" and "Heating" in r["message"]["text"]
    )  # fmt: skip
    assert heating["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 10, "startColumn": 5,
    }  # fmt: skip


def test_junit_has_a_case_per_rule_and_failures_name_file_and_line(
    tmp_path: Path, at_root: None
) -> None:
    xml = JUnitXml.fromfile(str(_write(tmp_path, "junit.xml")))
    cases = {case.name: case for suite in xml for case in suite}
    assert "service-supported-facility" in cases and "metric-score-range" in cases
    assert cases["metric-score-range"].is_passed
    failures = [r for r in cases["service-supported-facility"].result if isinstance(r, Failure)]
    assert sorted(f.message.split(": ")[0] for f in failures) == [
        "tests/data/planted/blank-nodes.ttl:14:1",
        "tests/data/planted/services.ttl:15:1",
        "tests/data/planted/services.ttl:9:1",
    ]


@pytest.mark.parametrize(
    ("name", "syntax"), [("report.ttl", "turtle"), ("report.jsonld", "json-ld")]
)
def test_shacl_report_graph(tmp_path: Path, at_root: None, name: str, syntax: str) -> None:
    graph = Graph().parse(_write(tmp_path, name), format=syntax)
    (report,) = list(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms).toPython() is False  # type: ignore[union-attr]
    results = list(graph.objects(report, SH.result))
    assert len(results) == 23
    assert all(graph.value(r, SH.sourceShape) is not None for r in results)
    # SHACL's own requirements on every result, checked by a SHACL processor.
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=str(ROOT / "tests" / "data" / "shacl-report-shape.ttl")
    )
    assert conforms, text
    # A blank node the data writes as a focus stays a blank node, not a literal.
    foci = [graph.value(r, SH.focusNode) for r in results]
    assert any(isinstance(focus, BNode) for focus in foci)
    assert not any(isinstance(focus, Literal) for focus in foci)


def test_the_report_shape_catches_a_result_without_its_component() -> None:
    broken = Graph().parse(
        format="turtle",
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        [] a sh:ValidationReport ; sh:conforms false ; sh:result [ a sh:ValidationResult ;
            sh:focusNode <urn:a> ; sh:resultSeverity sh:Violation ; sh:sourceShape <urn:s> ] .""",
    )
    conforms, _, _ = pyshacl.validate(
        broken, shacl_graph=str(ROOT / "tests" / "data" / "shacl-report-shape.ttl")
    )
    assert not conforms


def test_explicit_format_wins_over_the_extension(tmp_path: Path, at_root: None) -> None:
    out = _write(tmp_path, "report.txt", "--format", "json")
    assert json.loads(out.read_text(encoding="utf-8"))["conforms"] is False


def test_an_unknown_extension_is_a_usage_error(tmp_path: Path, at_root: None) -> None:
    assert main(["validate", PLANTED, "-o", str(tmp_path / "report.bin")]) == 2
    assert not (tmp_path / "report.bin").exists()


def test_baseline_fails_only_on_new_findings(tmp_path: Path, at_root: None) -> None:
    portfolio = tmp_path / "portfolio"
    shutil.copytree(ROOT / PLANTED, portfolio)
    recorded = tmp_path / "baseline.json"
    assert main(["baseline", str(portfolio), "-o", str(recorded)]) == 0
    assert main(["validate", str(portfolio), "--baseline", str(recorded)]) == 0
    with (portfolio / "services.ttl").open("a", encoding="utf-8") as stream:
        stream.write('ex:Fax a cx:Service ; rdfs:label "Fax"@en .\n')
    out = tmp_path / "report.json"
    assert main(["validate", str(portfolio), "--baseline", str(recorded), "-o", str(out)]) == 1
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    active = {(f["rule"], f["focus"]) for f in findings if f["status"] == "active"}
    assert active == {
        ("service-supported-facility", "https://example.org/planted#Fax"),
        ("touchpoint-channel", "https://example.org/planted#Fax"),
    }
    assert sum(f["status"] == "baselined" for f in findings) == 23


def test_an_annotation_suppresses_one_rule_on_one_node(tmp_path: Path, at_root: None) -> None:
    portfolio = tmp_path / "portfolio"
    shutil.copytree(ROOT / PLANTED, portfolio)
    (portfolio / "suppress.ttl").write_text(
        "@prefix cxs: <https://w3id.org/cxgraph/shapes#> .\n"
        '<https://example.org/planted#Mail> cxs:suppress "service-supported-facility" .\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    main(["validate", str(portfolio), "-o", str(out)])
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    status = {
        f["focus"].split("#")[1]: f["status"]
        for f in findings
        if f["rule"] == "service-supported-facility" and "#" in f["focus"]
    }
    assert status == {"Mail": "suppressed", "Printing": "active"}


def test_a_broken_baseline_is_an_input_error(tmp_path: Path, at_root: None) -> None:
    broken = tmp_path / "baseline.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["validate", PLANTED, "--baseline", str(broken)]) == 3


MULTITOOL = ROOT / ".tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"


def _multitool_findings(sarif: Path, tmp_path: Path) -> list[dict[str, object]]:
    """Run Microsoft's SARIF Multitool `validate` (schema and SARIF rules); return its results."""
    if not MULTITOOL.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "the SARIF Multitool is missing in CI: scripts/install-system-deps installs it"
            )
        pytest.skip("the SARIF Multitool is not installed (run scripts/install-system-deps)")
    verdict = tmp_path / f"{sarif.stem}.validation.sarif"
    environment = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    run = subprocess.run(
        [str(MULTITOOL), "validate", str(sarif), "--output", str(verdict), "--log", "ForceOverwrite"],
        capture_output=True, text=True, env=environment, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    document = json.loads(verdict.read_text(encoding="utf-8-sig"))
    return [result for run_ in document["runs"] for result in run_.get("results", [])]


def test_sarif_passes_the_sarif_2_1_0_schema(tmp_path: Path, at_root: None) -> None:
    sarif = _write(tmp_path, "cxgraph.sarif")
    assert _multitool_findings(sarif, tmp_path) == []


def test_the_schema_check_catches_a_broken_sarif(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sarif"
    broken.write_text(
        '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": 5}}, "results": []}]}',
        encoding="utf-8",
    )
    findings = _multitool_findings(broken, tmp_path)
    assert any(f.get("level") == "error" for f in findings), findings
