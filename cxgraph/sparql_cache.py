"""Parse each SPARQL text once while the rule engine runs.

pySHACL evaluates a SPARQL constraint or rule once per focus node by passing the query
*text* to rdflib, which parses and translates it again every time: on the cxgraph rules
that is over 90 % of validation time. Within `prepared_queries()`, rdflib's processor keeps
the translated algebra per (text, base, namespaces), as `rdflib.plugins.sparql.prepareQuery`
would, and evaluates it with each call's bindings. Results are unchanged; only parsing is
saved (see benchmarks/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query


@lru_cache(maxsize=1024)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


def _query(
    self: processor.SPARQLProcessor,
    strOrQuery: str | Query,  # noqa: N803 (rdflib's parameter name)
    initBindings: Mapping[str, Any] | None = None,  # noqa: N803
    initNs: Mapping[str, Any] | None = None,  # noqa: N803
    base: str | None = None,
    DEBUG: bool = False,  # noqa: N803
) -> Mapping[str, Any]:
    query = strOrQuery
    if isinstance(query, str):
        query = _translated(query, base, tuple(sorted((initNs or {}).items())))
    return evalQuery(self.graph, query, initBindings or {}, base)


@contextmanager
def prepared_queries() -> Iterator[None]:
    """Within the block, rdflib parses each distinct SPARQL query text only once."""
    original = processor.SPARQLProcessor.query
    processor.SPARQLProcessor.query = _query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
