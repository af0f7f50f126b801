"""Graph stores: one interface (`GraphStore`) over the embedded Oxigraph store and, later,
remote SPARQL 1.1 endpoints. The CLI and the API use only the interface."""

from cxgraph.store.base import GraphStore, QueryAnswer
from cxgraph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphStore", "QueryAnswer"]
