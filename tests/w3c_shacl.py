"""The W3C SHACL test suite (../shared/w3c/shacl-tests): its cases, how a report is judged,
and the engines that are run on it. The suite is read from the shared folder, never copied.

`cases()` follows `mf:include` from the suite's `manifest.ttl` and yields one `Case` per
`sht:Validate` entry: its id (the test file relative to the suite root, "#", the entry's local
name), the data graph and the shapes graph parsed from the files `mf:action` names (`<>` is the
test file itself, so data, shapes and the expected report then share one graph), and the
expected report (`mf:result`), or None when the entry expects an error (`sht:Failure`).

`compare()` judges a report the way the suite's index.html does (see the shared README): the
actual report must match the expected one once `sh:detail`, and every predicate the expected
report does not use, are dropped. Concretely: `sh:conforms` equal, and the same multiset of
results, each compared on the predicates the expected results use (focus node, path, value,
source shape, constraint component, severity, `rdf:type`, and `sh:sourceConstraint` in the
SPARQL tests). Blank nodes (paths, shapes, data nodes) are compared by their description,
followed recursively and restricted to those predicates, so `( _:p _:p )` equals
`( [ sh:inversePath ex:p ] [ sh:inversePath ex:p ] )`; a blank node with no description
matches any other such. Messages (`sh:resultMessage`) are not compared.

Expected outcomes per engine live in `w3c_shacl_expected.toml`; rewrite one engine's lists
from an actual run with `python -m tests.w3c_shacl --record ENGINE` (see `main`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import tomllib
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal as Kind
from urllib.parse import urlsplit
from urllib.request import url2pathname

import rdflib
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD, Namespace, NamespaceManager
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

W3C = Path(__file__).resolve().parents[1].parent / "shared" / "w3c"
EXPECTED = Path(__file__).resolve().with_name("w3c_shacl_expected.toml")
ENGINES = ("pyshacl", "compiled")
# Engines whose failures may be recorded as known (xfailed). pySHACL is a dependency we do not
# fix; a case the compiled engine claims (no UnsupportedShapes) and fails is a bug, which fails
# the suite and is never recorded.
KNOWN_FAILURES_ALLOWED = frozenset({"pyshacl"})

# The usual result predicates, shown first; a result is compared on those the expected
# report uses, and on any other predicate its results use.
RESULT_KEYS = (
    SH.focusNode,
    SH.resultPath,
    SH.value,
    SH.sourceShape,
    SH.sourceConstraintComponent,
    SH.resultSeverity,
)
NOT_COMPARED = frozenset({SH.resultMessage, SH.detail})


def suite_dir() -> Path:
    """The shacl-tests folder: under $CXGRAPH_W3C_DIR when set, else ../shared/w3c/."""
    override = os.environ.get("CXGRAPH_W3C_DIR")
    return (Path(override) if override else W3C) / "shacl-tests"


def record_command(engine: str) -> str:
    return f"python -m tests.w3c_shacl --record {engine}"


# --- cases ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Case:
    """One `sht:Validate` entry. `expected` is None when the entry expects an error."""

    id: str
    label: str
    status: str
    data: Graph
    shapes: Graph
    expected: Graph | None

    @property
    def expects_failure(self) -> bool:
        return self.expected is None


def _path(iri: Node) -> Path:
    return Path(url2pathname(urlsplit(str(iri)).path))


def _local_name(iri: Node) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _closure(graph: Graph, node: Node, into: Graph, seen: set[Node] | None = None) -> None:
    """Copy `node`'s outgoing triples, and those of the blank nodes they reach, into `into`."""
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for predicate, value in graph.predicate_objects(node):
        into.add((node, predicate, value))
        if isinstance(value, BNode):
            _closure(graph, value, into, seen)


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Parse literals as the files write them: rdflib otherwise rewrites "1"^^xsd:boolean as
    "true" and the ill-typed "none"^^xsd:boolean as "false", which some cases test."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def cases(root: Path | None = None) -> Iterator[Case]:
    """The suite's cases, in the order the manifests give them."""
    root = suite_dir() if root is None else root
    parsed: dict[Path, Graph] = {}

    def graph(path: Path) -> Graph:
        path = path.resolve()
        if path not in parsed:
            with warnings.catch_warnings(), _literals_as_written():
                # The suite has ill-typed literals on purpose ("none"^^xsd:boolean, ...).
                warnings.simplefilter("ignore", UserWarning)
                parsed[path] = Graph().parse(path, format="turtle", publicID=path.as_uri())
        return parsed[path]

    visited: set[Path] = set()

    def walk(path: Path) -> Iterator[Case]:
        if path.resolve() in visited:
            return
        visited.add(path.resolve())
        manifest = graph(path)
        for node in sorted(manifest.subjects(RDF.type, MF.Manifest), key=str):
            for entries in manifest.objects(node, MF.entries):
                for entry in Collection(manifest, entries):
                    if (entry, RDF.type, SHT.Validate) in manifest:
                        yield _case(root, path, manifest, entry, graph)
            # mf:include is repeated, so its order is not kept: walk the includes sorted.
            for include in sorted(manifest.objects(node, MF.include), key=str):
                yield from walk(_path(include))

    yield from walk(root / "manifest.ttl")


def _case(
    root: Path, path: Path, manifest: Graph, entry: Node, graph: Callable[[Path], Graph]
) -> Case:
    action = manifest.value(entry, MF.action)
    data_iri = manifest.value(action, SHT.dataGraph)
    shapes_iri = manifest.value(action, SHT.shapesGraph)
    if data_iri is None or shapes_iri is None:
        raise ValueError(f"{path}: {entry} names no sht:dataGraph or sht:shapesGraph")
    result = manifest.value(entry, MF.result)
    expected: Graph | None = None
    if result != SHT.Failure:
        if result is None:
            raise ValueError(f"{path}: {entry} has no mf:result")
        expected = Graph()
        _closure(manifest, result, expected)
    return Case(
        id=f"{path.resolve().relative_to(root.resolve()).as_posix()}#{_local_name(entry)}",
        label=str(manifest.value(entry, RDFS.label) or ""),
        status=_local_name(manifest.value(entry, MF.status) or ""),
        data=graph(_path(data_iri)),
        shapes=graph(_path(shapes_iri)),
        expected=expected,
    )


@cache
def all_cases(root: Path | None = None) -> tuple[Case, ...]:
    """Every case, parsed once per process (the engines get copies, see `run`)."""
    root = suite_dir() if root is None else root
    if not (root / "manifest.ttl").exists():
        return ()
    return tuple(cases(root))


# --- comparing reports ---------------------------------------------------------------------


def _canonical(
    node: Node,
    graphs: Sequence[Graph],
    used: frozenset[Node],
    seen: frozenset[Node] = frozenset(),
) -> object:
    """A term as compared: IRIs and literals as they are, a blank node as its description
    (its triples with a predicate in `used`, followed recursively)."""
    if not isinstance(node, BNode):
        return node
    if node in seen:
        return ("cycle", frozenset())
    inner = seen | {node}
    description = frozenset(
        (predicate, _canonical(value, graphs, used, inner))
        for graph in graphs
        for predicate, value in graph.predicate_objects(node)
        if predicate in used
    )
    return ("_:", description)


def _report_node(report: Graph, side: str, problems: list[str]) -> Node | None:
    roots = sorted(set(report.subjects(RDF.type, SH.ValidationReport)), key=str)
    if len(roots) != 1:
        problems.append(f"{side} graph has {len(roots)} sh:ValidationReport nodes, not 1")
        return None
    return roots[0]


def _conforms(report: Graph, node: Node) -> bool | None:
    value = report.value(node, SH.conforms)
    return bool(value.toPython()) if isinstance(value, Literal) else None


def _results(
    report: Graph, node: Node, keys: Sequence[Node], graphs: Sequence[Graph], used: frozenset[Node]
) -> Counter[tuple[frozenset[object], ...]]:
    return Counter(
        tuple(
            frozenset(_canonical(value, graphs, used) for value in report.objects(result, key))
            for key in keys
        )
        for result in report.objects(node, SH.result)
    )


def compare(
    expected_report: Graph, actual_report: Graph, *, context: Iterable[Graph] = ()
) -> list[str]:
    """The differences between two validation reports (empty when they match).

    `context`: further graphs where the actual report's blank nodes are described (the data
    and shapes graphs, for reports that refer to their nodes without copying them).
    """
    problems: list[str] = []
    expected_root = _report_node(expected_report, "expected", problems)
    actual_root = _report_node(actual_report, "actual", problems)
    if expected_root is None or actual_root is None:
        return problems
    expected_conforms = _conforms(expected_report, expected_root)
    actual_conforms = _conforms(actual_report, actual_root)
    if expected_conforms != actual_conforms:
        problems.append(f"sh:conforms is {actual_conforms}, expected {expected_conforms}")
    used = frozenset(expected_report.predicates()) - NOT_COMPARED
    in_results = {
        predicate
        for result in expected_report.objects(expected_root, SH.result)
        for predicate in expected_report.predicates(result)
    }
    keys = [key for key in RESULT_KEYS if key in used]
    keys += sorted(in_results - set(keys) - NOT_COMPARED, key=str)
    # No expected results: any actual one differs; show it by the usual keys.
    keys = keys or list(RESULT_KEYS)
    expected = _results(expected_report, expected_root, keys, [expected_report], used)
    actual = _results(actual_report, actual_root, keys, [actual_report, *context], used)
    names = _namespaces(expected_report)
    for label, results in [("missing", expected - actual), ("unexpected", actual - expected)]:
        shown = sorted((_show(keys, result, names), count) for result, count in results.items())
        problems.extend(f"{label} ({count}x): {text}" for text, count in shown)
    return problems


def _namespaces(graph: Graph) -> NamespaceManager:
    names = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in [("sh", SH), ("rdf", RDF), ("xsd", XSD)]:
        names.bind(prefix, namespace)
    for prefix, namespace in graph.namespaces():
        if prefix == "ex":
            names.bind(prefix, namespace)
    return names


def _show_term(value: object, names: NamespaceManager) -> str:
    if isinstance(value, tuple):
        kind, description = value
        if kind == "cycle":
            return "[cycle]"
        inner = sorted(
            f"{_show_term(p, names)} {_show_term(o, names)}"
            for p, o in description  # type: ignore[misc]
        )
        return "[" + "; ".join(inner) + "]"
    assert isinstance(value, Node)
    return value.n3(names)  # type: ignore[attr-defined, no-any-return]


def _show(
    keys: Sequence[Node], result: tuple[frozenset[object], ...], names: NamespaceManager
) -> str:
    parts = []
    for key, values in zip(keys, result, strict=True):
        shown = ", ".join(sorted(_show_term(value, names) for value in values)) or "-"
        parts.append(f"{key.n3(names)} {shown}")  # type: ignore[attr-defined]
    return "; ".join(parts)


# --- running the engines -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """`pass`, `fail`, or `unclaimed` (the compiled engine does not translate the shapes)."""

    status: Kind["pass", "fail", "unclaimed"]
    detail: str = ""
    differences: list[str] = field(default_factory=list)


class EngineUnavailableError(RuntimeError):
    """The engine cannot be imported (the compiled engine is still being written)."""


def _copies(case: Case) -> tuple[Graph, Graph]:
    """Fresh copies of the data and shapes graphs (one graph when they are one file)."""
    data = Graph()
    data += case.data
    if case.shapes is case.data:
        return data, data
    shapes = Graph()
    shapes += case.shapes
    return data, shapes


def _pyshacl(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pySHACL as cxgraph runs it. allow_warnings=True makes a report with only warnings and
    infos conform, where SHACL says any result does not (core/misc/severity-001)."""
    from pyshacl import validate

    conforms, report, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    return bool(conforms), report


def _compiled_api() -> tuple[Callable[..., tuple[bool, Graph]], object, type[Exception]]:
    try:
        from cxgraph.engine import Engine, UnsupportedShapes
        from cxgraph.validation import shacl_report
    except ImportError as error:
        raise EngineUnavailableError(
            "the compiled engine is not available: tests/w3c_shacl.py needs "
            "cxgraph.validation.shacl_report(data, shapes, engine=...), Engine.COMPILED and "
            f"UnsupportedShapes ({type(error).__name__}: {error})"
        ) from error
    return shacl_report, Engine.COMPILED, UnsupportedShapes


def run(engine: str, case: Case) -> Outcome:
    """Run one case on one engine and judge it. Raises EngineUnavailableError."""
    data, shapes = _copies(case)
    unsupported: tuple[type[Exception], ...] = ()
    if engine == "pyshacl":
        validate: Callable[[Graph, Graph], tuple[bool, Graph]] = _pyshacl
    elif engine == "compiled":
        shacl_report, compiled, unsupported_error = _compiled_api()
        unsupported = (unsupported_error,)

        def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
            return shacl_report(data, shapes, engine=compiled)
    else:
        raise ValueError(f"unknown engine {engine!r}, not one of {', '.join(ENGINES)}")
    try:
        conforms, report = validate(data, shapes)
    except unsupported as error:
        return Outcome("unclaimed", str(error) or type(error).__name__)
    except Exception as error:
        if case.expects_failure:
            return Outcome("pass", f"raised {type(error).__name__}, as sht:Failure expects")
        return Outcome("fail", f"raised {type(error).__name__}: {_first_line(str(error))}")
    if case.expected is None:
        return Outcome("fail", "reported, but the entry expects an error (sht:Failure)")
    differences = compare(case.expected, report, context=[data, shapes])
    root = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    if root is not None and _conforms(report, root) != conforms:
        differences.append(f"returned conforms={conforms}, but the report says otherwise")
    if differences:
        count = f" (+{len(differences) - 1} more)" if len(differences) > 1 else ""
        return Outcome("fail", _first_line(differences[0]) + count, differences)
    return Outcome("pass")


def _first_line(text: str, width: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 3] + "..."


# --- the expected outcomes -----------------------------------------------------------------


@dataclass
class Expected:
    """One engine's recorded outcomes; `fails` (why, per case) is informational."""

    passes: set[str] = field(default_factory=set)
    unclaimed: set[str] = field(default_factory=set)
    fails: dict[str, str] = field(default_factory=dict)

    @property
    def recorded(self) -> bool:
        return bool(self.passes or self.unclaimed or self.fails)


def load_expected(path: Path = EXPECTED) -> dict[str, Expected]:
    with path.open("rb") as file:
        data = tomllib.load(file)
    unknown = set(data) - set(ENGINES)
    if unknown:
        raise ValueError(f"{path.name}: unknown engines {sorted(unknown)}")
    return {
        engine: Expected(
            passes=set(data.get(engine, {}).get("passes", [])),
            unclaimed=set(data.get(engine, {}).get("unclaimed", [])),
            fails=dict(data.get(engine, {}).get("fails", {})),
        )
        for engine in ENGINES
    }


HEADER = """\
# Expected outcomes of the W3C SHACL test suite (../shared/w3c/shacl-tests) per engine,
# checked by tests/test_w3c_shacl.py. Rewrite one engine's lists from an actual run with
#   python -m tests.w3c_shacl --record pyshacl     (or: --record compiled)
#
# passes:    the cases the engine passes. A listed case that fails is a regression; a case
#            that passes but is not listed fails too, until the list is updated.
# unclaimed: (compiled) cases whose shapes the compiler does not translate (UnsupportedShapes);
#            they are skipped, "not compiled: <feature>". A compiled case that is neither
#            passed nor unclaimed is a bug in the compiled engine.
# fails:     (pyshacl) why each other case fails, for reading; expected failures. The
#            compiled engine has none: a case it claims and fails is a bug, and fails the
#            suite; --record compiled refuses to record while there is one.
"""


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def dump_expected(expected: dict[str, Expected]) -> str:
    lines = [HEADER]
    for engine in ENGINES:
        outcome = expected.get(engine, Expected())
        lines.append(f"[{engine}]")
        lists = [("passes", outcome.passes)]
        if engine == "compiled":
            lists.append(("unclaimed", outcome.unclaimed))
        for name, ids in lists:
            if ids:
                lines.append(f"{name} = [")
                lines.extend(f"    {_string(case_id)}," for case_id in sorted(ids))
                lines.append("]")
            else:
                lines.append(f"{name} = []")
        if engine in KNOWN_FAILURES_ALLOWED:
            lines.append("")
            lines.append(f"[{engine}.fails]")
            lines.extend(
                f"{_string(case_id)} = {_string(why)}"
                for case_id, why in sorted(outcome.fails.items())
            )
        lines.append("")
    return "\n".join(lines)


# --- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite on one engine and print the outcomes; with --record, rewrite its lists."""
    parser = argparse.ArgumentParser(prog="python -m tests.w3c_shacl", description=main.__doc__)
    parser.add_argument("engine", nargs="?", choices=ENGINES, help="run and print only")
    parser.add_argument("--record", choices=ENGINES, help="rewrite this engine's lists")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    args = parser.parse_args(argv)
    # rdflib and pySHACL log the suite's ill-formed literals and odd shapes; the outcome says it.
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    engine = args.record or args.engine
    if engine is None:
        parser.error("name an engine, or --record ENGINE")
    root = suite_dir()
    suite = all_cases(root)
    if not suite:
        print(f"W3C SHACL suite not found at {root}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes: dict[str, Outcome] = {}
    for case in suite:
        outcomes[case.id] = outcome = run(engine, case)
        if outcome.status != "pass":
            print(f"{outcome.status:9} {case.id}: {outcome.detail}")
            if args.verbose:
                for difference in outcome.differences[1:]:
                    print(f"{'':9}   {difference}")
    counts = Counter(outcome.status for outcome in outcomes.values())
    elapsed = time.perf_counter() - start
    print(
        f"{engine}: {len(suite)} cases, {counts['pass']} pass, {counts['fail']} fail, "
        f"{counts['unclaimed']} unclaimed ({elapsed:.1f} s)"
    )
    if args.record:
        return record(engine, outcomes)
    return 0


def record(engine: str, outcomes: dict[str, Outcome]) -> int:
    """Rewrite one engine's lists in EXPECTED; refuse (1) when a case the engine may not fail
    fails, since recording would hide a bug."""
    failing = {i: o.detail for i, o in outcomes.items() if o.status == "fail"}
    if failing and engine not in KNOWN_FAILURES_ALLOWED:
        print(
            f"{len(failing)} claimed cases fail: bugs in the {engine} engine; "
            f"{EXPECTED.name} not written",
            file=sys.stderr,
        )
        return 1
    expected = load_expected() if EXPECTED.exists() else {}
    expected[engine] = Expected(
        passes={i for i, o in outcomes.items() if o.status == "pass"},
        unclaimed={i for i, o in outcomes.items() if o.status == "unclaimed"},
        fails=failing,
    )
    EXPECTED.write_text(dump_expected(expected), encoding="utf-8")
    print(f"wrote {EXPECTED.name} [{engine}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
