"""Graph stores behind one interface: embedded (Oxigraph) and remote (SPARQL 1.1 Protocol)."""

from cxgraph.store.base import GraphStore, QueryAnswer
from cxgraph.store.embedded import EmbeddedStore
from cxgraph.store.remote import RemoteStore, RemoteStoreError

__all__ = ["EmbeddedStore", "GraphStore", "QueryAnswer", "RemoteStore", "RemoteStoreError"]
