"""The public Python API: what `cxgraph.__all__` promises exists, and nothing else is
exported by accident."""

from __future__ import annotations

import inspect
import subprocess
import sys

import cxgraph


def test_all_names_exist_and_are_documented() -> None:
    assert cxgraph.__all__ == sorted(cxgraph.__all__)
    for name in cxgraph.__all__:
        member = getattr(cxgraph, name)
        if inspect.isfunction(member) or inspect.isclass(member):
            assert inspect.getdoc(member), f"{name} has no docstring"


def test_every_public_member_is_listed() -> None:
    # dir() includes the names imported on first use, before anything has used them.
    public = {
        name
        for name in dir(cxgraph)
        if not name.startswith("_")
        and not inspect.ismodule(getattr(cxgraph, name))
        and name != "annotations"
    }
    assert public == set(cxgraph.__all__) - {"__version__"}


def test_importing_cxgraph_loads_neither_rdflib_nor_pyshacl() -> None:
    """`import cxgraph` and the command line's help stay cheap: a pre-commit hook pays for
    every import on every run."""
    code = "import sys, cxgraph, cxgraph.cli.main; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("rdflib", "pyshacl", "spacy", "httpx", "fastapi", "rich"):
        assert f"'{heavy}'" not in loaded, heavy


def test_the_validator_takes_strings_and_paths_alike() -> None:
    validator = cxgraph.Validator()
    by_string = validator.validate("examples/portfolio")
    by_list = validator.validate(["examples/portfolio/services.ttl", "examples/portfolio"])
    assert [f.fingerprint for f in by_string.findings] == [f.fingerprint for f in by_list.findings]
