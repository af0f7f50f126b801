"""The query rewrites of cxgraph/store/plans.py keep every answer.

Each W3C SPARQL 1.1 query evaluation test that the rewrites change is run twice on
Oxigraph, as written and rewritten, and the answers must be the same. The suite is read from
../shared/w3c/sparql11-query-update; without it those tests skip and say so. Hand-written
portfolio queries cover the shapes the suite has few of.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace

from cxgraph.engine.sparql_text import tokens
from cxgraph.store.plans import _matching, _top_group, planned

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "sparql11-query-update"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
needs_suite = pytest.mark.skipif(
    not (SUITE / "manifest-sparql11-query.ttl").exists(),
    reason="the W3C SPARQL 1.1 suite is not at ../shared/w3c/sparql11-query-update",
)


def _evaluation_tests() -> list[tuple[str, Path, list[Path], list[Path]]]:
    """(name, query, default graph files, named graph files) of each evaluation test."""
    found = []
    for manifest_path in sorted(SUITE.glob("*/manifest.ttl")):
        manifest = Graph().parse(manifest_path, publicID=manifest_path.as_uri())
        for test in manifest.subjects(predicate=None, object=MF.QueryEvaluationTest):
            action = manifest.value(test, MF.action)
            query = manifest.value(action, QT.query) if action is not None else None
            if query is None:
                continue
            data = [Path(str(d)[7:]) for d in manifest.objects(action, QT.data)]
            named = [Path(str(d)[7:]) for d in manifest.objects(action, QT.graphData)]
            found.append((f"{manifest_path.parent.name}/{Path(str(query)).name}",
                          Path(str(query)[7:]), data, named))  # fmt: skip
    return found


def _variants(text: str) -> dict[str, str]:
    """The suite's query with a part that makes each rewrite apply, added at the end of its
    WHERE group: `VALUES` after the group's triples, and `FILTER NOT EXISTS` whose FILTER
    reads a variable of the group ("never an object", which removes rows on most data)."""
    found = list(tokens(text))
    opening = _top_group(found)
    if opening is None:
        return {}
    close = _matching(found, opening)
    names = [t for k, t, _ in found[opening:close] if k == "var"]
    head, tail = "".join(t for _, t, _ in found[:close]), "".join(t for _, t, _ in found[close:])
    variants = {"values": f"{head} VALUES ?cx_unit {{ 1 }} {tail}"}
    if names:
        variants["not exists"] = (
            f"{head} FILTER NOT EXISTS {{ ?cx_s ?cx_p ?cx_o . FILTER(?cx_o = {names[0]}) }} {tail}"
        )
    return variants


def _cases() -> list[tuple[str, str, Path, list[Path], list[Path]]]:
    """(test, variant kind, query file, data, named data) for each variant a rewrite changes."""
    if not (SUITE / "manifest-sparql11-query.ttl").exists():
        return []
    cases = []
    for name, query, data, named in _evaluation_tests():
        try:
            text = query.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for kind, variant in _variants(text).items():
            if planned(variant) != variant:
                cases.append((name, kind, query, data, named))
    return cases


def _outcome(store: ox.Store, query: str, base: str) -> object:
    try:
        return _answer(store, query, base)
    except (SyntaxError, OSError, ValueError) as error:
        return type(error).__name__


def _answer(store: ox.Store, query: str, base: str) -> object:
    result = store.query(query, base_iri=base)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(Counter(
            tuple(str(row[name]) if row[name] is not None else "" for name in names)
            for row in result
        ).items())  # fmt: skip
    return sorted(str(t) for t in result if not isinstance(t.subject, ox.BlankNode))


def _store(data: list[Path], named: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in data:
        store.load(path=str(path), format=_format(path), base_iri=path.as_uri())
    for path in named:
        store.load(path=str(path), format=_format(path), base_iri=path.as_uri(),
                   to_graph=ox.NamedNode(path.as_uri()))  # fmt: skip
    return store


def _format(path: Path) -> ox.RdfFormat:
    return ox.RdfFormat.from_extension(path.suffix[1:]) or ox.RdfFormat.TURTLE


CASES = _cases()


@needs_suite
def test_each_rewrite_applies_to_many_suite_queries() -> None:
    kinds = Counter(kind for _, kind, *_ in CASES)
    assert kinds["values"] >= 100 and kinds["not exists"] >= 50, kinds


@needs_suite
@pytest.mark.parametrize(
    ("name", "kind", "query", "data", "named"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_rewritten_w3c_query_gives_the_same_answer(
    name: str, kind: str, query: Path, data: list[Path], named: list[Path]
) -> None:
    variant = _variants(query.read_text(encoding="utf-8"))[kind]
    store = _store(data, named)
    base = query.as_uri()
    assert _outcome(store, planned(variant), base) == _outcome(store, variant, base)
