"""The rdflib graph given to pySHACL: it parses each SPARQL text once.

pySHACL evaluates a SPARQL constraint, target or rule once per focus node by passing the
query *text* to the data graph's `query()`, and rdflib parses and translates it again every
time: on the cxgraph rules that is over 90 % of validation time (see benchmarks/RESULTS.md).
`PreparedQueryGraph.query` translates each distinct (text, base, namespaces) once, as
`rdflib.plugins.sparql.prepareQuery` would, and evaluates the prepared query with each call's
bindings. Nothing in rdflib is patched: only queries on such a graph use the cache. pySHACL
queries the graph it is given (through its `RdfLibDataGraph` wrapper, which delegates
`query()`) when it runs `inplace=True`; otherwise it would query a plain-`Graph` copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier

Namespaces = tuple[tuple[str, Any], ...]


@lru_cache(maxsize=1024)
def prepared(text: str, base: str | None, namespaces: Namespaces) -> Query:
    """The translated query (shared by every caller: rdflib evaluates it without changing it)."""
    return translateQuery(parseQuery(text), base, dict(namespaces))


class PreparedQueryGraph(Graph):
    """A graph whose SPARQL queries given as text are parsed once per distinct text."""

    def query(
        self,
        query_object: str | Query,
        processor: str | Processor = "sparql",
        result: str | type[Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's parameter names)
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and processor == "sparql":
            # The namespaces rdflib itself would resolve prefixes with (see Graph.query).
            namespaces = initNs or dict(self.namespaces())
            key = tuple(sorted(namespaces.items()))
            query_object = prepared(query_object, kwargs.get("base"), key)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )
