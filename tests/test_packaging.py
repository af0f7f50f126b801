"""The ontology and shapes ship inside the wheel: an installed cxgraph finds them without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cxgraph.resources import ONTOLOGY_MODULES
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("cxgraph-*.whl")
    return built


def test_wheel_contains_ontology_and_shapes(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in (*ONTOLOGY_MODULES, "cxgraph"):
        assert f"cxgraph/_data/ontology/{module}.ttl" in names
    assert "cxgraph/_data/shapes/ontology-style.ttl" in names
    assert "cxgraph/py.typed" in names
    assert "cxgraph/_data/shapes/derivations.ttl" in names
    assert "cxgraph/analysis/lexicons/vague.txt" in names


def test_unpacked_wheel_loads_the_ontology_away_from_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import cxgraph, cxgraph.resources as r\n"
        "from cxgraph.ontology import load_ontology\n"
        "from cxgraph.analysis import judge_statement\n"
        "print(cxgraph.__file__)\nprint(r.ontology_dir())\nprint(len(load_ontology()))\n"
        "print(len(judge_statement('I get fast help').cues))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    package_file, ontology_dir, triples, cues = result.stdout.split()
    assert Path(package_file).is_relative_to(site)
    assert Path(ontology_dir) == site / "cxgraph" / "_data" / "ontology"
    assert int(triples) > 1000
    assert int(cues) >= 2  # the lexicons ship too: "fast" is vague, and there is no quantity
