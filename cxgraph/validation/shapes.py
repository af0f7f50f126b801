"""The rule shapes a validator runs: the project's own, extra files, and rules switched off."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SH

from cxgraph.load import load_graph
from cxgraph.namespace import CXS
from cxgraph.resources import rule_shape_files


def load_shapes(extra: Iterable[str | Path] = ()) -> Graph:
    """Return the project's rule shapes plus any extra shapes files.

    Example:
        >>> len(load_shapes()) > 0
        True
    """
    return load_graph([*rule_shape_files(), *extra])


def rule_ids(shapes: Graph) -> list[str]:
    """Every rule id the shapes declare, sorted.

    Example:
        >>> "sco-outside-in" in rule_ids(load_shapes())
        True
    """
    return sorted({str(o) for o in shapes.objects(None, CXS.ruleId)})


def without_rules(shapes: Graph, disabled: Iterable[str]) -> Graph:
    """The shapes with the given rules deactivated (`sh:deactivated true`); a copy if any.

    Example:
        >>> shapes = load_shapes()
        >>> off = without_rules(shapes, ["sco-outside-in"])
        >>> len(off) > len(shapes) and without_rules(shapes, []) is shapes
        True
    """
    disabled = list(disabled)
    if not disabled:
        return shapes
    active = Graph()
    active += shapes
    for rule in disabled:
        for shape in shapes.subjects(CXS.ruleId, Literal(rule)):
            active.add((shape, SH.deactivated, Literal(True)))
    return active
