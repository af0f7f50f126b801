"""`cxgraph serve`: the SPARQL endpoint and API over a store."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import errors
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.store_options import (
    Config,
    DefaultGraph,
    Endpoint,
    StoreDirectory,
    UpdateEndpoint,
    open_store,
)
from cxgraph.cli.validate import threshold
from cxgraph.validation import Validator


def serve(
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files or folders to load at start.")
    ] = None,
    store: StoreDirectory = None,
    memory: Annotated[
        bool, typer.Option("--memory", help="Keep the graph in memory only.")
    ] = False,
    endpoint: Endpoint = None,
    update_endpoint: UpdateEndpoint = None,
    default_graph: DefaultGraph = None,
    config: Config = None,
    refuse_on: Annotated[
        str,
        typer.Option(
            "--refuse-on",
            help="Lowest severity of a new finding that makes a write refused (422): "
            "violation, warning, info or none (accept every write).",
        ),
    ] = "violation",
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> int:
    """Serve the SPARQL endpoint, the validating API and the resource routes over a store:
    a folder (--store), memory (--memory) or a remote SPARQL database (--endpoint).

    Writes and validations are judged as `cxgraph validate --config` judges: the same
    [rules] settings and `cxs:suppress` annotations."""
    import uvicorn

    from api.main import create_app

    refuse_at = threshold(refuse_on, "--refuse-on")  # a usage error before anything loads
    validator = Validator.from_config(config)
    graph_store = open_store(
        store, endpoint, update_endpoint, default_graph, memory=memory, config=config
    )
    if files:
        added = graph_store.load(files)
        errors.print(f"loaded {added} triples", markup=False, highlight=False)
    token = os.environ.get("CXGRAPH_TOKEN") or None
    if token is None:
        errors.print("CXGRAPH_TOKEN is not set: the server is read-only", markup=False)
    application = create_app(graph_store, validator=validator, token=token, fail_on=refuse_at)
    if token is not None:
        # Writes are judged against a validated working copy; build it while reads are served.
        threading.Thread(target=application.state.guard.warm, daemon=True).start()
    uvicorn.run(application, host=host, port=port, log_level="warning")
    raise typer.Exit(ExitCode.OK)
