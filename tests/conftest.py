"""Shared fixtures: the ontology, the example portfolio, and the reasoner's availability."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from cxgraph.load import load_graph
from cxgraph.ontology import load_ontology
from cxgraph.reasoning import java_available

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "portfolio"
AUTHORED_EXAMPLE = sorted(p for p in EXAMPLE.glob("*.ttl") if p.name != "measured.ttl")
"""The example's hand-written files; measured.ttl holds scores computed from its survey data,
which the YAML, workbook and CSV forms of the example leave out."""
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def example() -> Graph:
    return load_graph([EXAMPLE])


@pytest.fixture(scope="session")
def ontology_and_example(ontology: Graph, example: Graph) -> Graph:
    graph = Graph()
    graph += ontology
    graph += example
    return graph


def require_java() -> None:
    """Skip a HermiT test where Java is absent, but never in CI, where scripts/test installs it."""
    if java_available():
        return
    if os.environ.get("CI"):
        pytest.fail("Java is missing in CI: scripts/install-system-deps should have installed it")
    pytest.skip("HermiT needs Java, which is not installed (run scripts/install-system-deps)")
