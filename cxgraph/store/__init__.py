"""Graph stores behind one interface: embedded (Oxigraph) and remote (SPARQL 1.1 Protocol)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgraph.lazy import lazy_exports

if TYPE_CHECKING:
    from cxgraph.store.base import GraphStore, QueryAnswer
    from cxgraph.store.embedded import EmbeddedStore
    from cxgraph.store.remote import RemoteStore, RemoteStoreError

__all__ = [
    "EmbeddedStore",
    "GraphStore",
    "QueryAnswer",
    "RemoteStore",
    "RemoteStoreError",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "EmbeddedStore": "cxgraph.store.embedded",
        "GraphStore": "cxgraph.store.base",
        "QueryAnswer": "cxgraph.store.base",
        "RemoteStore": "cxgraph.store.remote",
        "RemoteStoreError": "cxgraph.store.remote",
    },
)
