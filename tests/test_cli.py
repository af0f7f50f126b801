"""The command line: one test per exit code; stdout parses, stderr holds diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxgraph.cli.main import main
from tests.conftest import EXAMPLE

GOOD_SERVICE = """
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/p#> .
ex:mail a cx:Service ; cx:hasFacility ex:mailbox ; cx:hasSupport ex:helpdesk .
ex:mailbox a cx:Facility .
ex:helpdesk a cx:Support .
"""

UNSUPPORTED_SERVICE = """
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/p#> .
ex:mail a cx:Service ; cx:hasFacility ex:mailbox .
ex:mailbox a cx:Facility .
"""


def _write(tmp_path: Path, text: str, name: str = "portfolio.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_0_when_the_portfolio_conforms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(_write(tmp_path, GOOD_SERVICE)), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "conforms": True,
        "summary": {"violation": 0, "warning": 0, "info": 0},
        "findings": [],
    }


def test_exit_1_on_a_violation_and_the_report_names_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(_write(tmp_path, UNSUPPORTED_SERVICE)), "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    assert [(f["rule"], f["focus"], f["path"]) for f in report["findings"]] == [
        (
            "service-supported-facility",
            "https://example.org/p#mail",
            "https://w3id.org/cxgraph#hasSupport",
        )
    ]


def test_fail_on_none_exits_0_but_still_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(_write(tmp_path, UNSUPPORTED_SERVICE)), "--fail-on", "none"]) == 0
    out = capsys.readouterr().out
    assert "service-supported-facility (1 violation)" in out
    assert "does not conform: 1 violation, 0 warnings, 0 infos" in out


def test_exit_2_on_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_write(tmp_path, GOOD_SERVICE)), "--fail-on", "sometimes"]) == 2
    assert "--fail-on" in capsys.readouterr().err


def test_exit_2_on_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-such-option"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_exit_3_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    assert main(["validate", str(path)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:2:" in captured.err


def test_exit_4_on_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("planted fault")

    monkeypatch.setattr("cxgraph.cli.validate.validate_store", broken)
    assert main(["validate", str(_write(tmp_path, GOOD_SERVICE))]) == 4
    assert "planted fault" in capsys.readouterr().err


def test_the_example_portfolio_reports_its_planted_problems(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(EXAMPLE), "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in report["findings"]}
    assert {
        "service-supported-facility",
        "maturity-mismatch",
        "maturity-boundary",
        "sco-indicator",
    } <= rules


def test_reason_with_owl_rl_exits_0_on_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reason", str(EXAMPLE), "--reasoner", "owl-rl"]) == 0
    assert "consistent" in capsys.readouterr().out


def test_ontology_check_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ontology", "check"]) == 0
    assert capsys.readouterr().out.startswith("conforms")


def test_json_report_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE), "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"conforms", "summary", "findings"}
    assert report["conforms"] is False
    assert set(report["summary"]) == {"violation", "warning", "info"}
    assert sum(report["summary"].values()) == len(report["findings"])
    for finding in report["findings"]:
        assert set(finding) == {
            "rule", "severity", "focus", "path", "value", "message", "shape", "source", "status"
        }  # fmt: skip
        assert finding["source"], finding
        assert finding["severity"] in {"violation", "warning", "info"}
        assert finding["focus"].startswith("https://")
        assert finding["shape"].startswith("https://w3id.org/cxgraph/shapes#")
        assert finding["path"] is None or finding["path"].startswith("https://")
        assert finding["value"] is None or isinstance(finding["value"], str)
        assert finding["message"]


def test_text_findings_quote_the_words_that_triggered_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["validate", str(EXAMPLE), "-f", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    measurable = {f["focus"].split("#")[1]: f for f in findings if f["rule"] == "sco-measurable"}
    assert measurable["FastHelpStatement"]["value"].startswith("fast, efficient")
    assert "'fast' has no yardstick" in measurable["FastHelpStatement"]["message"]


def _config(tmp_path: Path, text: str) -> str:
    return str(_write(tmp_path, text, "cxgraph.toml"))


def _rules(capsys: pytest.CaptureFixture[str]) -> dict[str, set[str]]:
    findings = json.loads(capsys.readouterr().out)["findings"]
    rules: dict[str, set[str]] = {}
    for f in findings:
        rules.setdefault(f["rule"], set()).add(f["severity"])
    return rules


def test_config_switches_a_rule_off_and_regrades_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, '[rules]\nsco-measurable = "off"\nsco-actionable = "info"\n')
    main(["validate", str(EXAMPLE), "-f", "json", "--config", config])
    rules = _rules(capsys)
    assert "sco-measurable" not in rules
    assert rules["sco-actionable"] == {"info"}
    assert rules["sco-outside-in"] == {"violation"}


def test_config_sets_the_mismatch_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(EXAMPLE), "-f", "json", "--config",
          _config(tmp_path, "[rules.maturity-mismatch]\nthreshold = 3\n")])  # fmt: skip
    assert "maturity-mismatch" not in _rules(capsys)
    main(["validate", str(EXAMPLE), "-f", "json", "--config",
          _config(tmp_path, "[rules.maturity-mismatch]\nthreshold = 1\n")])  # fmt: skip
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert len([f for f in findings if f["rule"] == "maturity-mismatch"]) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[rules]\nsco-nonsense = "off"\n', "cxgraph.toml:2: unknown rule 'sco-nonsense'"),
        ('[rules]\nsco-actionable = "loud"\n', "cxgraph.toml:2: rule sco-actionable: 'loud'"),
        ("[rules\n", "cxgraph.toml:1:7: not valid TOML"),
    ],
)
def test_a_bad_config_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    assert main(["validate", str(EXAMPLE), "--config", _config(tmp_path, text)]) == 3
    assert expected in capsys.readouterr().err


def test_rules_lists_every_rule_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "-f", "json"]) == 0
    rules = {r["rule"] for r in json.loads(capsys.readouterr().out)}
    assert {"sco-outside-in", "sco-measurable", "sco-actionable", "maturity-mismatch"} <= rules


def test_stderr_stays_quiet_when_it_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["validate", str(EXAMPLE), "-f", "json"])
    assert capsys.readouterr().err == ""


def test_steps_show_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from cxgraph.cli import console

    screen = io.StringIO()
    monkeypatch.setattr(console, "errors", Console(file=screen, force_terminal=True))
    with console.steps() as step:
        step("validating 12 triples")
    assert "validating 12 triples" in screen.getvalue()
