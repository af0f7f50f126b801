"""Resources as framed JSON-LD: each member a tree with what it links to nested inside it,
rather than a flat list of every node the query returned.

Framing is PyLD's (the JSON-LD 1.1 framing algorithm); it never fetches a context: the only
context used is the published one, given inline, and any other document load is refused.
"""

from __future__ import annotations

from typing import Any

from pyld import jsonld
from rdflib import Graph

from cxgraph.namespace import JSONLD_CONTEXT


def _no_loading(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise jsonld.JsonLdError(
        f"loading {url} is not allowed", "jsonld.LoadDocumentError", code="loading document failed"
    )


def framed(
    graph: Graph, classes: list[str], member: str | None = None, *, reverse: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The members of `classes` in `graph` (or the one member given), each with the nodes it
    links to embedded wherever they are linked (`@embed: @always`; a cycle ends in a
    reference), and the nodes linking to it by the context's `reverse` terms. The result
    always has `@graph`."""
    # From N-Quads with native types: an xsd:integer or xsd:boolean becomes a JSON number or
    # boolean, as readers of JSON expect.
    nquads = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": True})
    frame: dict[str, Any] = {"@context": JSONLD_CONTEXT, "@type": classes}
    frame.update({term: {} for term in reverse})
    if member is not None:
        frame["@id"] = member
    options = {"embed": "@always", "omitGraph": False, "documentLoader": _no_loading}
    document: dict[str, Any] = jsonld.frame(expanded, frame, options)
    return document
