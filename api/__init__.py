"""The cxgraph web service (FastAPI)."""
