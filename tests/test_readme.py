"""The README's commands are a promise: each `cxgraph` line runs against the example."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from cxgraph.cli.main import main
from cxgraph.safety.limits import Limits, load_cors_origins, load_limits
from cxgraph.validation import Validator
from tests.conftest import ROOT, require_java

README = (ROOT / "README.md").read_text(encoding="utf-8")
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
COMMANDS = [
    line.split("#")[0].strip()
    for block in SHELL_BLOCKS
    for line in block.splitlines()
    if line.startswith("cxgraph ")
]


def test_readme_states_the_two_set_up_commands() -> None:
    setup = SHELL_BLOCKS[:2]
    assert "pip install ." in setup[0] and "cxgraph validate examples/portfolio" in setup[0]
    assert setup[1].strip() == "bash scripts/test"
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_commands() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = shlex.split(command)[1:]
    if args[0] == "reason" and "owl-rl" not in args:
        require_java()
    # Commands that write (docs, stores) write under build/: point them at a temp folder.
    args = [str(tmp_path / a) if a.startswith("build/") else a for a in args]
    monkeypatch.chdir(ROOT)
    code = main(args)
    # 0 or 1 (findings) are both answers; 2, 3 and 4 mean the README is wrong.
    assert code in (0, 1), capsys.readouterr().err
    if "-o" in args:
        assert Path(args[args.index("-o") + 1]).stat().st_size > 0
    else:
        assert capsys.readouterr().out


PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = PYTHON_BLOCKS[0]
    # It reads examples/ and writes build/: run it in a copy of the checkout's examples.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed and all(" " in line for line in printed)
    assert any(line.startswith("examples/portfolio/") for line in printed)
    sarif = json.loads((tmp_path / "build" / "cxgraph.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]


def test_the_configuration_example_loads_and_shows_the_default_limits(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(# cxgraph.toml.*?)```", README, re.S)
    assert block is not None
    config = tmp_path / "cxgraph.toml"
    config.write_text(block.group(1))
    assert load_limits(config) == Limits()
    assert load_cors_origins(config) == []
    Validator.from_config(config)  # the [rules] part is valid too


def test_the_modelling_example_runs_and_its_findings_name_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = PYTHON_BLOCKS[1]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build").mkdir()
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed and all(line.startswith("README.md:") for line in printed)
    assert any(line.endswith("sco-indicator") for line in printed)  # the outcome has none
    assert "MailService" in (tmp_path / "build" / "mail.ttl").read_text(encoding="utf-8")


def test_the_yaml_example_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    block = re.findall(r"```yaml\n(base: .*?)```", README, flags=re.DOTALL)[0]
    (tmp_path / "p.yaml").write_text(block, encoding="utf-8")
    assert main(["import", str(tmp_path / "p.yaml")]) == 0, capsys.readouterr().err
    turtle = capsys.readouterr().out
    assert '"P1M"^^xsd:duration' in turtle and "cx:hasFacility :LaptopFacility" in turtle
