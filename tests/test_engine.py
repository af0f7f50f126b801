"""The compiled engine against pySHACL: the same findings, and rules that derive the same facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cxgraph.engine import Engine
from cxgraph.load import load_graph
from cxgraph.namespace import CX
from cxgraph.ontology import load_ontology
from cxgraph.validate import derive, load_shapes

DATA = Path(__file__).parent / "data"
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
    derived = derive(data, shapes, ontology=ontology, engine=engine)
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
