"""The pre-commit hook runs under pre-commit itself; the CI action's step runs as written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

BROKEN = """@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/p#> .
ex:mail a cx:Service ; cx:hasFacility ex:mailbox .
ex:mailbox a cx:Facility .
"""


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, which is missing")
def test_pre_commit_hook_blocks_a_broken_portfolio(tmp_path: Path) -> None:
    work = tmp_path / "portfolio"
    work.mkdir()
    (work / "services.ttl").write_text(BROKEN, encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "services.ttl")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    # try-repo installs the hook from this checkout, as `repo:` would from GitHub.
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cxgraph-validate",
         "--files", "services.ttl"],
        cwd=work, env=environment, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "services.ttl:3:1: violation service-supported-facility" in result.stdout


def test_the_hook_definition_is_what_the_readme_promises() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "cxgraph-validate"
    assert hook["entry"] == "cxgraph validate"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "id: cxgraph-validate" in readme


def test_the_action_step_writes_sarif_and_fails_on_violations(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (validate,) = [s for s in action["runs"]["steps"] if s["name"] == "Validate"]
    defaults = {name: spec["default"] for name, spec in action["inputs"].items()}
    (tmp_path / "services.ttl").write_text(BROKEN, encoding="utf-8")
    env = {
        **os.environ,
        "CXGRAPH_PATHS": "services.ttl",
        "CXGRAPH_FAIL_ON": defaults["fail-on"],
        "CXGRAPH_SARIF": defaults["sarif"],
        "CXGRAPH_ARGS": defaults["args"],
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", validate["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    assert "services.ttl:3:1: violation service-supported-facility" in result.stdout
    sarif = json.loads((tmp_path / "cxgraph.sarif").read_text(encoding="utf-8"))
    # Also reported, as warnings: no facility facets and no touchpoint.
    rules = [result["ruleId"] for result in sarif["runs"][0]["results"]]
    assert "service-supported-facility" in rules
