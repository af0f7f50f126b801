"""The command line: one test per exit code; stdout parses, stderr holds diagnostics."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxgraph.cli.main import main
from tests.conftest import EXAMPLE

GOOD_SERVICE = """
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/p#> .
ex:mail a cx:Service ; cx:hasFacility ex:mailbox ; cx:hasSupport ex:helpdesk ;
    cx:hasQualityFacet ex:what , ex:howWell , ex:help , ex:helpWell ;
    cx:hasTouchpoint ex:portal .
ex:mailbox a cx:Facility .
ex:helpdesk a cx:Support .
ex:what a cx:FacilityFunctionality .
ex:howWell a cx:FacilityFunctioning .
ex:help a cx:SupportFunctionality .
ex:helpWell a cx:SupportFunctioning .
ex:portal a cx:Touchpoint ; cx:viaChannel cx:VirtualChannel .
"""

UNSUPPORTED_SERVICE = """
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/p#> .
ex:mail a cx:Service ; cx:hasFacility ex:mailbox ;
    cx:hasQualityFacet ex:what , ex:howWell ; cx:hasTouchpoint ex:portal .
ex:mailbox a cx:Facility .
ex:what a cx:FacilityFunctionality .
ex:howWell a cx:FacilityFunctioning .
ex:portal a cx:Touchpoint ; cx:viaChannel cx:VirtualChannel .
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

    monkeypatch.setattr("cxgraph.validation.validator.result_batches", broken)
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
            "rule", "severity", "focus", "focusNode", "path", "value", "valueNode", "message",
            "shape", "component", "source", "status",
        }  # fmt: skip
        assert finding["focusNode"] == {"type": "uri", "value": finding["focus"]}
        assert finding["component"].startswith("http://www.w3.org/ns/shacl#")
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
    # Three recorded relationships and two implied ones (reported on their customers).
    assert len([f for f in findings if f["rule"] == "maturity-mismatch"]) == 5


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


def _words(text: str) -> str:
    """Text as one line: help and rule texts wrap at the terminal's width."""
    return " ".join(text.split())


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    import cxgraph

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"cxgraph {cxgraph.__version__}\n"


def test_help_lists_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    from cxgraph.cli.exit_codes import ExitCode

    assert main(["--help"]) == 0
    text = _words(capsys.readouterr().out)
    for code in ExitCode:
        assert f"{code.value} {code.meaning}" in text


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _cxgraph_completion cxgraph"),
        ("zsh", "compdef _cxgraph_completion cxgraph"),
        ("fish", "complete --command cxgraph"),
    ],
)
def test_show_completion_prints_the_named_shell_s_script(
    capsys: pytest.CaptureFixture[str], shell: str, expected: str
) -> None:
    assert main(["--show-completion", shell]) == 0
    assert expected in capsys.readouterr().out


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--show-completion", "sh"]) == 2
    assert "bash" in capsys.readouterr().err


def test_install_completion_adds_the_script_to_the_shell_s_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["--install-completion", "bash"]) == 0
    script = tmp_path / ".bash_completions" / "cxgraph.sh"
    assert "_CXGRAPH_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("cxgraph va", ["validate"]),
        ("cxgraph rules --fo", ["--format"]),
        ("cxgraph rules sco-m", ["sco-measurable"]),
    ],
)
def test_the_shell_script_s_requests_are_answered(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    words: str,
    expected: list[str],
) -> None:
    # What the bash script does on TAB: run cxgraph with the words typed so far.
    monkeypatch.setenv("_CXGRAPH_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - 1))
    assert main([]) == 0
    assert capsys.readouterr().out.split() == expected


@pytest.mark.parametrize("command", ["validate", "infer"])
def test_a_folder_without_rdf_files_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "notes.md").write_text("not RDF", encoding="utf-8")
    assert main([command, str(folder)]) == 3
    assert f"{folder}: the folder holds no RDF file" in capsys.readouterr().err


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """`os.umask`, with the process's umask put back after the test."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("mask", "mode"),
    [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)],
    ids=["umask-022", "umask-027", "umask-077"],
)
def test_output_files_get_the_permissions_the_umask_allows(
    tmp_path: Path, umask: Callable[[int], int], mask: int, mode: int
) -> None:
    umask(mask)
    report = tmp_path / "reports" / "cxgraph.sarif"
    assert main(["validate", str(_write(tmp_path, GOOD_SERVICE)), "--output", str(report)]) == 0
    assert stat.S_IMODE(report.stat().st_mode) == mode


def test_a_replaced_output_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], int]) -> None:
    umask(0o022)
    derived = tmp_path / "derived.ttl"
    derived.write_text("stale", encoding="utf-8")
    derived.chmod(0o664)
    assert main(["infer", str(EXAMPLE), "--output", str(derived)]) == 0
    assert stat.S_IMODE(derived.stat().st_mode) == 0o664
    assert "stale" not in derived.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["derived.ttl"]  # no temporary file left


@pytest.mark.parametrize("written", ['"2026-12-01"', "2026-12-01"])
def test_config_sets_the_reference_date_of_date_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    def survey_findings(config: str) -> list[str]:
        main(["validate", str(EXAMPLE), "-f", "json", "--config", _config(tmp_path, config)])
        findings = json.loads(capsys.readouterr().out)["findings"]
        return [f["message"] for f in findings if f["focus"].endswith("#LaptopBenchmarkSurvey")]

    (message,) = survey_findings(f"[rules.benchmark-closes-loop]\nreference-date = {written}\n")
    assert "12 months before 2026-12-01" in message
    # A year earlier the 2025 wave was recent.
    assert survey_findings('[rules.benchmark-closes-loop]\nreference-date = "2025-12-01"\n') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[rules.maturity-mismatch]\nthreshhold = 3\n", ":2: rule maturity-mismatch: unknown setting 'threshhold'"),
        ('[rules.maturity-mismatch]\nseverity = "warning"\nthreshold = 9\n', ":3: rule maturity-mismatch: threshold must be"),
        ('[rules.sco-actionable]\n# louder\nseverity = "loud"\n', ":3: rule sco-actionable: 'loud'"),
        ('# settings\n\n[rules]\nsco-measurable = "off"\nsco-actionable = "loud"\n', ":5: rule sco-actionable: 'loud'"),
        ('[rules]\n"sco-nonsense" = "off"\n', ":2: unknown rule 'sco-nonsense'"),
        ("[rules.maturity-mismatch]\nthreshold = 2\n\n[ruler]\n", ":4: unknown section [ruler]"),
        ('[rules.benchmark-closes-loop]\nreference-date = "1 Dec"\n', ":2: rule benchmark-closes-loop: reference-date must be a date"),
        ("[rules.benchmark-closes-loop]\nreference-date = 2026-12-01T10:00:00Z\n", ":2: rule benchmark-closes-loop: reference-date must be a date"),
        ('[rules.maturity-mismatch]\nreference-date = "2026-12-01"\n', ":2: rule maturity-mismatch: unknown setting 'reference-date'"),
    ],
)  # fmt: skip
def test_a_bad_setting_names_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    assert main(["validate", str(EXAMPLE), "--config", _config(tmp_path, text)]) == 3
    assert f"cxgraph.toml{expected}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[rules.maturity-mismatch]\nthreshold = 2\n\n[store]\nthreshold = "x"\n', ":5: [store]: unknown setting 'threshold'"),
        ('[store]\ndirectory = "data"\nendpoint = 8890\n', ":3: [store]: endpoint must be a string"),
    ],
)  # fmt: skip
def test_a_bad_store_setting_names_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    assert main(["query", "--config", _config(tmp_path, text), "ASK {}"]) == 3
    assert f"cxgraph.toml{expected}" in capsys.readouterr().err


def _catalog(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["rules", "-f", "json"]) == 0
    docs: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return docs


def test_rules_text_shows_each_rule_s_problem_why_and_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = _catalog(capsys)
    assert main(["rules"]) == 0
    text = _words(capsys.readouterr().out)
    for doc in docs:
        for part in ("label", "problem", "rationale", "fix"):
            assert _words(doc[part]) in text, (doc["rule"], part)
        assert f"{doc['rule']} ({doc['severity']})" in text
    assert "Passes:" not in text  # examples only with a rule id


def test_rules_text_fits_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "72")  # rich reads the terminal's width from it
    assert main(["rules"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 72


def test_rules_with_an_id_shows_that_rule_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    doc = next(d for d in _catalog(capsys) if d["rule"] == "sco-measurable")
    assert main(["rules", "sco-measurable"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sco-measurable (violation)\n")
    assert "maturity-mismatch" not in out
    for part in ("problem", "rationale", "fix"):
        assert _words(doc[part]) in _words(out)
    for example in (doc["passing_example"], doc["failing_example"]):
        for line in example.splitlines():
            assert f"    {line}\n" in out  # examples as written, indented, never wrapped


def test_rules_with_an_unknown_id_suggests_the_nearest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "sco-measureable"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown rule 'sco-measureable'; did you mean 'sco-measurable'?" in captured.err
