"""The compiled engine against pySHACL: the same findings, and rules that derive the same facts."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from cxgraph.engine import Engine, derive_in_store, shape_results
from cxgraph.load import load_graph, load_store
from cxgraph.namespace import CX
from cxgraph.ontology import load_ontology
from cxgraph.settings import RuleSettings
from cxgraph.validation import Validator, load_shapes
from cxgraph.validation.working import prepare

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio"
GENERATOR = Path(__file__).parents[1] / "benchmarks" / "generate.py"
EX = "http://e/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("engine", [Engine.COMPILED, Engine.PYSHACL])
def test_outcome_status_follows_the_latest_measurement(
    engine: Engine, shapes: Graph, ontology: Graph
) -> None:
    data = load_graph([DATA / "outcome-status.ttl"])
    derived = Validator(shapes=shapes, ontology=ontology, engine=engine).derive(data)
    status = {
        str(s).removeprefix(EX): str(o).removeprefix(str(CX))
        for s, o in derived.subject_objects(CX.hasOutcomeStatus)
    }
    assert status == {
        "A": "OutcomeAchieved",  # the later of two dated values is within "at most 10"
        "B": "OutcomeNotAchieved",  # the latest value misses "exactly 10"
        "C": "OutcomeNotMeasured",  # one of two indicators has no measurement
        "D": "OutcomeAchieved",  # undated values, both at least the target
        "F": "OutcomeNotAchieved",  # an undated value counts as latest, and misses
    }
    assert (URIRef(EX + "E"), CX.hasOutcomeStatus, None) not in derived  # stated, kept


def _results(
    portfolio: ox.Store, shapes: Graph, ontology: Graph, engine: Engine
) -> Counter[tuple[str, ...]]:
    """One engine's results as a multiset of (focus, path, value, shape, severity, component).

    Each engine works on a copy of the same loaded store, so blank nodes keep their ids.
    """
    store = ox.Store()
    store.bulk_extend(portfolio)
    prepare(store, ontology, RuleSettings())
    derive_in_store(store, shapes, engine)
    return Counter(
        (
            str(r.focus),
            str(r.path),
            str(r.value),
            str(r.shape),
            str(r.severity),
            str(r.component),
        )
        for r in shape_results(store, shapes, engine)
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two generated portfolios with planted errors (about 1.5 % of entities)."""
    folder = tmp_path_factory.mktemp("generated")
    paths = []
    for seed in (3, 7):
        path = folder / f"portfolio-{seed}.nt"
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--triples",
                "8000",
                "--seed",
                str(seed),
                "-o",
                str(path),
            ],
            check=True,
            capture_output=True,
        )
        paths.append(path)
    return paths


def _differences(expected: Counter[tuple[str, ...]], actual: Counter[tuple[str, ...]]) -> str:
    missing = sorted((expected - actual).elements())[:10]
    extra = sorted((actual - expected).elements())[:10]
    return f"only pySHACL: {missing}\nonly compiled: {extra}"


@pytest.mark.parametrize(
    "sample", ["generated-3", "generated-7", "example", "blank-nodes", "feature-violations"]
)
@pytest.mark.parametrize("rules", ["cxgraph", "features"])
def test_compiled_engine_reports_what_pyshacl_reports(
    sample: str, rules: str, generated: list[Path], shapes: Graph, ontology: Graph
) -> None:
    files = {
        "generated-3": [generated[0]],
        "generated-7": [generated[1]],
        "example": [EXAMPLE],
        "blank-nodes": [DATA / "planted" / "blank-nodes.ttl"],
        "feature-violations": [DATA / "feature-violations.ttl"],
    }[sample]
    judged = shapes if rules == "cxgraph" else load_graph([DATA / "feature-shapes.ttl"])
    portfolio = load_store(files)
    expected = _results(portfolio, judged, ontology, Engine.PYSHACL)
    actual = _results(portfolio, judged, ontology, Engine.COMPILED)
    assert actual == expected, _differences(expected, actual)
    assert sum(expected.values()) > 0  # the sample does exercise the shapes
