"""Validate a store against shapes by running compiled SPARQL queries in the store.

Constraints on single values of one shape are checked together in one query; counts,
property pairs, `sh:closed` and SHACL-SPARQL constraints get a query each. Shape-based
constraints (`sh:node`, `sh:and`, `sh:or`, `sh:xone`, `sh:not`, qualified shapes) validate
the nested shape on the value nodes, which the store selects with a focus *pattern*, so
blank nodes never have to be named in a query; Python then joins the answers.

A constraint component is added in one place: a method registered with `@_component` and the
parameters it judges, or, for a check of each value node on its own, an entry of
`components.VALUE_CHECKS`. A shape using any other SHACL parameter is not compiled
(`UnsupportedShapes`), and goes to pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from cxgraph.engine.components import VALUE_CHECKS
from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.focus import Targets, values_as_focus
from cxgraph.engine.paths import sparql_path
from cxgraph.engine.prologue import Prologue
from cxgraph.engine.results import ShapeResult
from cxgraph.engine.sparql_text import bind_focus, prebinding_conflict, without_prologue
from cxgraph.engine.terms import OxTerm, sparql_term, to_rdflib

_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
# Shape parameters that are not constraints: what selects and describes the value nodes, the
# results' metadata, and what rules or SPARQL prefixes need.
_NOT_CONSTRAINTS = {
    *_TARGETS, SH.path, SH.severity, SH.message, SH.deactivated, SH.name, SH.description,
    SH.order, SH.group, SH.defaultValue, SH.rule, SH.declare, SH.prefixes,
}  # fmt: skip
_MAX_DEPTH = 12


@dataclass(frozen=True)
class _Shape:
    """What every constraint of one shape needs: where its value nodes come from."""

    node: Node
    focus: str
    path_node: Node | None
    path: str | None
    severity: URIRef
    messages: tuple[str, ...]
    depth: int

    @property
    def values(self) -> str:
        """Pattern binding ?this to each focus node and ?value to each of its value nodes."""
        if self.path is None:
            return f"{self.focus} BIND(?this AS ?value)"
        return f"{self.focus} ?this {self.path} ?value ."

    def has_value(self, term: str) -> str:
        """Expression: `term` is one of the value nodes of ?this."""
        if self.path is None:
            return f"sameTerm(?this, {term})"
        return f"EXISTS {{ ?this {self.path} {term} }}"


_Component = Callable[["CompiledValidator", _Shape], list[ShapeResult]]
_COMPONENTS: list[tuple[frozenset[URIRef], _Component]] = []
"""The query-based constraint components, in the order their results are reported: each a
method of CompiledValidator and the shape parameters it reads (see `_component`)."""


def _component(*parameters: URIRef) -> Callable[[_Component], _Component]:
    """Register a method as the constraint component(s) judging these parameters: it runs
    for each shape that has one of them, and shapes using them are no longer left to pySHACL.
    (Constraints judged value by value are entries of VALUE_CHECKS instead.)"""

    def register(method: _Component) -> _Component:
        _COMPONENTS.append((frozenset(parameters), method))
        return method

    return register


class CompiledValidator:
    """Validates one store against one shapes graph; reusable for many shapes."""

    def __init__(self, store: ox.Store, shapes: Graph, *, within: str | None = None) -> None:
        self.store = store
        self.shapes = shapes
        self.prologue = Prologue(shapes)
        self.targets = Targets(store, shapes, self.prologue, within=within)
        self._custom = _custom_parameters(shapes)

    def shapes_with_targets(self) -> list[Node]:
        """Every shape that selects its own focus nodes, in a stable order."""
        shapes = self.shapes
        found = {s for p in _TARGETS for s in shapes.subjects(p, None)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in shapes.subjects(RDF.type, kind):
                if (shape, RDF.type, RDFS.Class) in shapes:
                    found.add(shape)
        return sorted(found, key=lambda node: (not isinstance(node, URIRef), str(node)))

    def validate_shape(self, shape: Node) -> list[ShapeResult]:
        """All results of one shape on its target nodes."""
        focus = self.targets.focus(shape)
        return [] if focus is None else self.evaluate(shape, focus, 0)

    def evaluate(self, node: Node, focus: str, depth: int) -> list[ShapeResult]:
        """Results of validating the nodes `focus` selects against the shape `node`."""
        shapes = self.shapes
        if depth > _MAX_DEPTH:
            raise UnsupportedShapes("recursive shapes")
        if shapes.value(node, SH.deactivated) == Literal(True):
            return []
        parameters = set(shapes.predicates(node, None))
        self._check_parameters(parameters)
        path_node = shapes.value(node, SH.path)
        shape = _Shape(
            node=node,
            focus=focus,
            path_node=path_node,
            path=None if path_node is None else sparql_path(shapes, path_node),
            severity=shapes.value(node, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            messages=tuple(str(m) for m in shapes.objects(node, SH.message)),
            depth=depth,
        )
        return [
            result
            for handled, component in _COMPONENTS
            if not handled.isdisjoint(parameters)
            for result in component(self, shape)
        ]

    # ------------------------------------------------------------------ running queries

    def select(self, body: str) -> Iterator[dict[str, OxTerm]]:
        """Run one SELECT; each solution as {variable name: term}, unbound ones left out."""
        # Named graphs hold what validation adds to a portfolio (see cxgraph.incremental).
        answer = self.store.query(self.prologue.text() + body, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]  # type: ignore[union-attr]
        for row in answer:  # type: ignore[union-attr]
            yield {n: t for n, t in zip(names, row, strict=True) if t is not None}

    def _result(
        self, shape: _Shape, component: URIRef, focus: OxTerm, value: OxTerm | None, **extra: object
    ) -> ShapeResult:
        return ShapeResult(
            focus=focus,
            shape=shape.node,
            component=component,
            severity=shape.severity,
            path=extra.get("path", shape.path_node),  # type: ignore[arg-type]
            value=value,
            messages=extra.get("messages") or shape.messages,  # type: ignore[arg-type]
            constraint=extra.get("constraint"),  # type: ignore[arg-type]
            details=extra.get("details", ()),  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ components

    @_component(*VALUE_CHECKS, SH.flags, SH["class"])
    def _value_checks(self, shape: _Shape) -> list[ShapeResult]:
        checks: list[tuple[URIRef, str]] = []
        for parameter, (component, check) in VALUE_CHECKS.items():
            for argument in self.shapes.objects(shape.node, parameter):
                checks.append((component, check(self.shapes, shape.node, argument)))
        instances = []
        for cls in self.shapes.objects(shape.node, SH["class"]):
            # An OPTIONAL rather than NOT EXISTS inside BIND, which some SPARQL databases
            # (Virtuoso) cannot compile: ?_i<n> is bound when the value is an instance.
            index = len(checks)
            instances.append(f"OPTIONAL {{ {self.targets.instances_of(cls, '?value')} "
                             f"BIND(true AS ?_i{index}) }}")  # fmt: skip
            checks.append((SH.ClassConstraintComponent, f"!BOUND(?_i{index})"))
        if not checks:
            return []
        binds = (
            " ".join(instances)
            + " "
            + " ".join(f"BIND(COALESCE({e}, true) AS ?_c{i})" for i, (_, e) in enumerate(checks))
        )
        flags = " ".join(f"?_c{i}" for i in range(len(checks)))
        any_failed = " || ".join(f"?_c{i}" for i in range(len(checks)))
        query = f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {shape.values} {binds} FILTER({any_failed}) }}"
        results = []
        for row in self.select(query):
            for index, (component, _) in enumerate(checks):
                if _true(row.get(f"_c{index}")):
                    results.append(self._result(shape, component, row["this"], row.get("value")))
        return results

    @_component(SH.minCount, SH.maxCount)
    def _counts(self, shape: _Shape) -> list[ShapeResult]:
        low = self.shapes.value(shape.node, SH.minCount)
        high = self.shapes.value(shape.node, SH.maxCount)
        if shape.path is None or (low is None and high is None):
            return []
        tests = []
        if low is not None:
            tests.append(f"COUNT(DISTINCT ?value) < {int(str(low))}")
        if high is not None:
            tests.append(f"COUNT(DISTINCT ?value) > {int(str(high))}")
        query = (
            f"SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {shape.focus} "
            f"OPTIONAL {{ ?this {shape.path} ?value }} }} GROUP BY ?this HAVING ({' || '.join(tests)})"
        )
        results = []
        for row in self.select(query):
            count = int(row["n"].value)
            if low is not None and count < int(str(low)):
                results.append(
                    self._result(shape, SH.MinCountConstraintComponent, row["this"], None)
                )
            if high is not None and count > int(str(high)):
                results.append(
                    self._result(shape, SH.MaxCountConstraintComponent, row["this"], None)
                )
        return results

    @_component(SH.hasValue)
    def _has_value(self, shape: _Shape) -> list[ShapeResult]:
        results = []
        for wanted in self.shapes.objects(shape.node, SH.hasValue):
            term = sparql_term(wanted)
            query = f"SELECT ?this WHERE {{ {shape.focus} FILTER(!{shape.has_value(term)}) }}"
            results += [
                self._result(shape, SH.HasValueConstraintComponent, row["this"], None)
                for row in self.select(query)
            ]
        return results

    @_component(SH.uniqueLang)
    def _unique_lang(self, shape: _Shape) -> list[ShapeResult]:
        if shape.path is None or self.shapes.value(shape.node, SH.uniqueLang) != Literal(True):
            return []
        query = (
            f"SELECT ?this ?lang WHERE {{ {shape.values} BIND(lang(?value) AS ?lang) "
            f"FILTER(?lang != '') }} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
        )
        return [
            self._result(shape, SH.UniqueLangConstraintComponent, row["this"], None)
            for row in self.select(query)
        ]

    @_component(SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
    def _pairs(self, shape: _Shape) -> list[ShapeResult]:
        results = []
        for parameter, component, pattern in (
            (SH.equals, SH.EqualsConstraintComponent, self._not_equal),
            (SH.disjoint, SH.DisjointConstraintComponent, self._shared),
            (SH.lessThan, SH.LessThanConstraintComponent, self._not_less("<")),
            (SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent, self._not_less("<=")),
        ):
            # sh:lessThan(OrEquals) reports each (value, other value) pair that fails.
            pair = " ?_other" if parameter in (SH.lessThan, SH.lessThanOrEquals) else ""
            for other in self.shapes.objects(shape.node, parameter):
                query = (
                    f"SELECT DISTINCT ?this ?value{pair} "
                    f"WHERE {{ {pattern(shape, sparql_term(other))} }}"
                )
                results += [
                    self._result(shape, component, row["this"], row.get("value"))
                    for row in self.select(query)
                ]
        return results

    @staticmethod
    def _not_equal(shape: _Shape, other: str) -> str:
        missing = f"{{ {shape.values} FILTER NOT EXISTS {{ ?this {other} ?value }} }}"
        extra = f"{{ {shape.focus} ?this {other} ?value FILTER(!{shape.has_value('?value')}) }}"
        return f"{missing} UNION {extra}"

    @staticmethod
    def _shared(shape: _Shape, other: str) -> str:
        return f"{shape.values} ?this {other} ?value"

    @staticmethod
    def _not_less(operator: str):  # type: ignore[no-untyped-def]
        def pattern(shape: _Shape, other: str) -> str:
            return (
                f"{shape.values} ?this {other} ?_other "
                f"FILTER(!COALESCE(?value {operator} ?_other, false))"
            )

        return pattern

    @_component(SH.closed, SH.ignoredProperties)
    def _closed(self, shape: _Shape) -> list[ShapeResult]:
        if self.shapes.value(shape.node, SH.closed) != Literal(True):
            return []
        allowed = {
            path
            for prop in self.shapes.objects(shape.node, SH.property)
            if isinstance(path := self.shapes.value(prop, SH.path), URIRef)
        }
        for head in self.shapes.objects(shape.node, SH.ignoredProperties):
            allowed.update(Collection(self.shapes, head))  # type: ignore[arg-type]
        keep = ", ".join(sparql_term(p) for p in sorted(allowed))
        test = f"FILTER(?_p NOT IN ({keep}))" if keep else ""
        query = (
            f"SELECT DISTINCT ?this ?value ?_p ?_o WHERE {{ {shape.values} ?value ?_p ?_o {test} }}"
        )
        return [
            self._result(
                shape,
                SH.ClosedConstraintComponent,
                row["this"],
                row["_o"],
                path=to_rdflib(row["_p"]),
            )
            for row in self.select(query)
        ]

    @_component(
        SH.node, SH["not"], SH["and"], SH["or"], SH.xone,
        SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
    )  # fmt: skip
    def _shape_based(self, shape: _Shape) -> list[ShapeResult]:
        shapes = self.shapes
        lists = {
            p: [list(Collection(shapes, h)) for h in shapes.objects(shape.node, p)]
            for p in (SH["and"], SH["or"], SH.xone)
        }
        singles = {p: list(shapes.objects(shape.node, p)) for p in (SH.node, SH["not"])}
        qualified = list(shapes.objects(shape.node, SH.qualifiedValueShape))
        if not any(lists.values()) and not any(singles.values()) and not qualified:
            return []
        pairs = self._value_pairs(shape)
        value_focus = values_as_focus(shape.focus, shape.path, shape.depth)
        failing: dict[Node, set[OxTerm]] = {}
        explained: dict[OxTerm, list[ShapeResult]] = defaultdict(list)

        def bad(nested: Node) -> set[OxTerm]:
            if nested not in failing:
                found = self.evaluate(nested, value_focus, shape.depth + 1)
                failing[nested] = {r.focus for r in found}
                if nested in singles[SH.node]:
                    for result in found:
                        explained[result.focus].append(result)
            return failing[nested]

        values = {value for _, value in pairs if value is not None}
        results = []
        judged: list[tuple[URIRef, set[OxTerm]]] = []
        for nested in singles[SH.node]:
            judged.append((SH.NodeConstraintComponent, bad(nested)))
        for nested in singles[SH["not"]]:
            judged.append((SH.NotConstraintComponent, values - bad(nested)))
        for members in lists[SH["and"]]:
            judged.append((SH.AndConstraintComponent, set().union(*(bad(m) for m in members))))
        for members in lists[SH["or"]]:
            judged.append(
                (SH.OrConstraintComponent, {v for v in values if all(v in bad(m) for m in members)})
            )
        for members in lists[SH.xone]:
            judged.append(
                (
                    SH.XoneConstraintComponent,
                    {v for v in values if sum(v not in bad(m) for m in members) != 1},
                )
            )
        for component, failed in judged:
            results += [
                self._result(
                    shape,
                    component,
                    focus,
                    value,
                    details=tuple(explained[value])
                    if component == SH.NodeConstraintComponent
                    else (),
                )
                for focus, value in pairs
                if value is not None and value in failed
            ]
        for nested in qualified:
            results += self._qualified(shape, nested, pairs, bad)
        return results

    def _value_pairs(self, shape: _Shape) -> list[tuple[OxTerm, OxTerm | None]]:
        if shape.path is None:
            query = f"SELECT ?this WHERE {{ {shape.focus} }}"
            return [(row["this"], row["this"]) for row in self.select(query)]
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {shape.focus} OPTIONAL {{ ?this {shape.path} ?value }} }}"
        return [(row["this"], row.get("value")) for row in self.select(query)]

    def _qualified(
        self,
        shape: _Shape,
        nested: Node,
        pairs: list[tuple[OxTerm, OxTerm | None]],
        bad: Callable[[Node], set[OxTerm]],
    ) -> list[ShapeResult]:
        shapes = self.shapes
        low = shapes.value(shape.node, SH.qualifiedMinCount)
        high = shapes.value(shape.node, SH.qualifiedMaxCount)
        siblings: list[Node] = []
        if shapes.value(shape.node, SH.qualifiedValueShapesDisjoint) == Literal(True):
            for parent in shapes.subjects(SH.property, shape.node):
                for sibling_property in shapes.objects(parent, SH.property):
                    if sibling_property != shape.node:
                        siblings += shapes.objects(sibling_property, SH.qualifiedValueShape)
        per_focus: dict[OxTerm, int] = defaultdict(int)
        for focus, value in pairs:
            per_focus[focus] += 0
            if (
                value is not None
                and value not in bad(nested)
                and not any(value not in bad(s) for s in siblings)
            ):
                per_focus[focus] += 1
        results = []
        for focus, count in per_focus.items():
            if low is not None and count < int(str(low)):
                results.append(
                    self._result(shape, SH.QualifiedMinCountConstraintComponent, focus, None)
                )
            if high is not None and count > int(str(high)):
                results.append(
                    self._result(shape, SH.QualifiedMaxCountConstraintComponent, focus, None)
                )
        return results

    @_component(SH.property)
    def _properties(self, shape: _Shape) -> list[ShapeResult]:
        children = list(self.shapes.objects(shape.node, SH.property))
        if not children:
            return []
        focus = values_as_focus(shape.focus, shape.path, shape.depth)
        reached = self._times_reached(shape)
        return [
            result
            for child in children
            for found in self.evaluate(child, focus, shape.depth + 1)
            for result in [found] * reached.get(found.focus, 1)
        ]

    def _times_reached(self, shape: _Shape) -> dict[OxTerm, int]:
        """Value nodes of a property shape that more than one focus node reaches, and how many:
        SHACL validates a value node against nested property shapes once per focus node."""
        if shape.path is None:
            return {}
        query = (
            f"SELECT ?value (COUNT(DISTINCT ?this) AS ?times) WHERE {{ {shape.focus} "
            f"?this {shape.path} ?value }} GROUP BY ?value HAVING (COUNT(DISTINCT ?this) > 1)"
        )
        return {row["value"]: int(row["times"].value) for row in self.select(query)}

    @_component(SH.sparql)
    def _sparql(self, shape: _Shape) -> list[ShapeResult]:
        results = []
        for constraint in self.shapes.objects(shape.node, SH.sparql):
            if self.shapes.value(constraint, SH.deactivated) == Literal(True):
                continue
            results += self._sparql_constraint(shape, constraint)
        return results

    def _sparql_constraint(self, shape: _Shape, constraint: Node) -> list[ShapeResult]:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShapes("a SPARQL constraint without sh:select")
        conflict = prebinding_conflict(str(select))
        if conflict is not None:
            raise UnsupportedShapes(f"{conflict} in a SPARQL constraint (SHACL forbids it)")
        self.prologue.declare_for(constraint)
        prefixes, body = without_prologue(str(select))
        self.prologue.add(prefixes)
        # In an incremental run, groups evaluated on their own are held to the focus too.
        inner = shape.focus if self.targets.restriction() is not None else None
        query = bind_focus(body, shape.focus, path=shape.path, inner=inner)
        templates = [str(m) for m in self.shapes.objects(constraint, SH.message)]
        results, seen = [], set()
        for row in self.select(query):
            key = tuple(sorted((k, str(v)) for k, v in row.items()))
            if key in seen:
                continue
            seen.add(key)
            results.append(self._sparql_result(shape, constraint, row, templates))
        return results

    def _sparql_result(
        self, shape: _Shape, constraint: Node, bound: dict[str, OxTerm], templates: list[str]
    ) -> ShapeResult:
        focus = bound["this"]
        value = bound.get("value")
        if value is None and shape.path is None:
            value = focus
        path = bound.get("path")
        messages = tuple(_fill(t, bound) for t in [*templates, *shape.messages])
        return self._result(
            shape,
            SH.SPARQLConstraintComponent,
            focus,
            value,
            path=to_rdflib(path) if path is not None else shape.path_node,
            messages=messages,
            constraint=constraint,
        )

    def _check_parameters(self, parameters: set[Node]) -> None:
        for predicate in parameters:
            if str(predicate).startswith(str(SH)) and predicate not in _HANDLED:
                raise UnsupportedShapes(f"the parameter {predicate}")
            if predicate in self._custom:
                raise UnsupportedShapes(f"the custom constraint parameter {predicate}")


def _true(term: object) -> bool:
    # "1" is true too: the other lexical form of xsd:boolean, and what Virtuoso answers.
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


def _fill(template: str, bound: dict[str, OxTerm]) -> str:
    for name, term in bound.items():
        template = template.replace(f"{{?{name}}}", term.value).replace(f"{{${name}}}", term.value)
    return template


def _custom_parameters(shapes: Graph) -> set[Node]:
    """Parameters of anything declaring sh:parameter: constraint components, typed as
    sh:ConstraintComponent or as a subclass of it, and SPARQL functions alike."""
    return {
        path
        for parameter in shapes.objects(None, SH.parameter)
        if (path := shapes.value(parameter, SH.path)) is not None
    }


_HANDLED = frozenset(_NOT_CONSTRAINTS.union(*(handled for handled, _ in _COMPONENTS)))
"""Every SHACL parameter the compiler judges; a shape using any other goes to pySHACL."""
