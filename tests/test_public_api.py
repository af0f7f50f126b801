"""The public Python API: what `cxgraph.__all__` promises exists, and nothing else is
exported by accident."""

from __future__ import annotations

import inspect

import cxgraph


def test_all_names_exist_and_are_documented() -> None:
    assert cxgraph.__all__ == sorted(cxgraph.__all__)
    for name in cxgraph.__all__:
        member = getattr(cxgraph, name)
        if inspect.isfunction(member) or inspect.isclass(member):
            assert inspect.getdoc(member), f"{name} has no docstring"


def test_every_public_member_is_listed() -> None:
    public = {
        name
        for name, member in vars(cxgraph).items()
        if not name.startswith("_") and not inspect.ismodule(member) and name != "annotations"
    }
    assert public == set(cxgraph.__all__) - {"__version__"}


def test_the_validator_takes_strings_and_paths_alike() -> None:
    validator = cxgraph.Validator()
    by_string = validator.validate("examples/portfolio")
    by_list = validator.validate(["examples/portfolio/services.ttl", "examples/portfolio"])
    assert [f.fingerprint for f in by_string.findings] == [f.fingerprint for f in by_list.findings]
