"""Incremental validation judges a change by the focus nodes it can affect, and agrees with
validating everything."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.incremental import Change, ValidationState
from cxgraph.load import load_store
from cxgraph.ontology import load_ontology
from cxgraph.settings import RuleSettings
from cxgraph.validate import load_shapes

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio"
CX = "https://w3id.org/cxgraph#"
EX = "https://example.org/portfolio#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _state() -> ValidationState:
    portfolio = load_store([EXAMPLE])
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in portfolio)
    return ValidationState(triples, load_shapes(), load_ontology(), RuleSettings())


def _keys(results: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return sorted((str(r.focus), str(r.shape), str(r.value)) for r in results)


CHANGES = {
    "new outcome with a vague statement": Change(
        inserted=[
            ox.Triple(
                ox.NamedNode(EX + "New"), RDF_TYPE, ox.NamedNode(CX + "SuccessfulCustomerOutcome")
            ),
            ox.Triple(
                ox.NamedNode(EX + "New"),
                ox.NamedNode(CX + "statement"),
                ox.Literal("It is fast", language="en"),
            ),
        ]
    ),
    "support removed from a service": Change(
        deleted=[
            ox.Triple(
                ox.NamedNode(EX + "LaptopService"),
                ox.NamedNode(CX + "hasSupport"),
                ox.NamedNode(EX + "LaptopSupport"),
            ),
        ]
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_results_around_a_change_equal_a_full_validation(name: str) -> None:
    state = _state()
    change = CHANGES[name]
    around = state.affected(change)
    everything_before = [r for r in state.results() if r.focus in around]
    before, after, journal = state.judge(change)
    assert _keys(before) == _keys(everything_before)
    assert _keys(after) == _keys([r for r in state.results() if r.focus in around])
    assert _keys(after) != _keys(before)  # the change does matter
    state.undo(journal)
    assert _keys([r for r in state.results() if r.focus in around]) == _keys(before)
