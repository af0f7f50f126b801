"""`cxgraph serve`: the SPARQL endpoint and API over a store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import errors
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.store import EmbeddedStore


def serve(
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files or folders to load at start.")
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Folder of the persistent store.")
    ] = None,
    memory: Annotated[
        bool, typer.Option("--memory", help="Keep the graph in memory only.")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> int:
    """Serve /sparql, /ontology and /health over the store (in memory with --memory)."""
    import uvicorn

    from api.main import create_app

    if store is None and not memory:
        raise typer.BadParameter("give --store DIR or --memory", param_hint="--store")
    graph_store = EmbeddedStore(None if memory else store)
    if files:
        added = graph_store.load(files)
        errors.print(f"loaded {added} triples", markup=False, highlight=False)
    token = os.environ.get("CXGRAPH_TOKEN") or None
    if token is None:
        errors.print("CXGRAPH_TOKEN is not set: the server is read-only", markup=False)
    application = create_app(graph_store, token=token)
    uvicorn.run(application, host=host, port=port, log_level="warning")
    raise typer.Exit(ExitCode.OK)
