"""`cxgraph serve`: the SPARQL endpoint and API over a store."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
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


def serve(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="RDF files or folders to load at start.", metavar="PATH"),
    ] = None,
    store: StoreDirectory = None,
    memory: Annotated[
        bool,
        typer.Option(
            "--memory", help="Keep nothing: the store lives in a temporary folder removed at exit."
        ),
    ] = False,
    endpoint: Endpoint = None,
    update_endpoint: UpdateEndpoint = None,
    default_graph: DefaultGraph = None,
    config: Config = None,
    refuse_on: Annotated[
        str,
        typer.Option(
            "--refuse-on",
            metavar="SEVERITY",
            help="Lowest severity of a new finding that makes a write refused (422): "
            "violation, warning, info or none (accept every write).",
        ),
    ] = "violation",
    host: Annotated[
        str, typer.Option("--host", metavar="HOST", help="Interface to listen on.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port to listen on.")] = 8000,
    derive: Annotated[
        bool,
        typer.Option(
            "--derive",
            help="Keep what the rules derive (outcome statuses and monthly assessments, "
            "maturity gaps, margins of error) in graph urn:cxgraph:derived for SPARQL "
            "clients with the RDFS class and property entailments, kept current after every "
            "accepted write (for a write judged by its focus nodes, only the facts about the "
            "nodes it can have changed are replaced).",
        ),
    ] = False,
) -> int:
    """Serve the SPARQL endpoint, the validating API and the resource routes over a store:
    a folder (--store), memory (--memory) or a remote SPARQL database (--endpoint).

    Writes and validations are judged as `cxgraph validate --config` judges: the same
    [rules] settings and `cxs:suppress` annotations. Writes need CXGRAPH_TOKEN; with
    CXGRAPH_READ_TOKEN set, reads need a token too. The config file's [limits] bound every
    request, and its [server] section names the browser origins allowed (CORS)."""
    from api.main import create_app
    from cxgraph.safety.limits import load_cors_origins
    from cxgraph.store import EmbeddedStore
    from cxgraph.validation import Validator

    refuse_at = threshold(refuse_on, "--refuse-on")  # a usage error before anything loads
    validator = Validator.from_config(config)
    scratch: tempfile.TemporaryDirectory[str] | None = None
    if memory:
        # A folder rather than memory, so that queries can run in worker processes that are
        # stopped at their time limit.
        scratch = tempfile.TemporaryDirectory(prefix="cxgraph-serve-")
        store, memory = Path(scratch.name), False
    graph_store = open_store(
        store, endpoint, update_endpoint, default_graph, memory=memory, config=config
    )
    if files:
        added = graph_store.load(files)
        errors.print(f"loaded {added} triples", markup=False, highlight=False)
    token = os.environ.get("CXGRAPH_TOKEN") or None
    read_token = os.environ.get("CXGRAPH_READ_TOKEN") or None
    if token is None:
        errors.print("CXGRAPH_TOKEN is not set: the server is read-only", markup=False)
    if host not in _LOOPBACK and read_token is None:
        errors.print(f"listening on {host} without CXGRAPH_READ_TOKEN: anyone who reaches it "
                     "can read the portfolio", markup=False)  # fmt: skip
    application = create_app(
        graph_store, validator=validator, token=token, read_token=read_token,
        fail_on=refuse_at, cors_origins=load_cors_origins(config), keep_derived=derive,
    )  # fmt: skip
    if derive:
        facts = application.state.guard.refresh_derived()
        errors.print(f"derived {facts} facts into urn:cxgraph:derived", markup=False)
    if token is not None and refuse_at is not None:
        # Writes are judged against a validated working copy; build it while reads are served.
        threading.Thread(target=application.state.guard.warm, daemon=True).start()

    def cleanup() -> None:
        if isinstance(graph_store, EmbeddedStore):
            graph_store.close()
        if scratch is not None:
            scratch.cleanup()

    _run(application, host, port, cleanup)
    raise typer.Exit(ExitCode.OK)


_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
SHUTDOWN_SECONDS = 3
"""How long SIGTERM or Ctrl-C waits for running requests before the process ends anyway."""


def _run(application: object, host: str, port: int, cleanup: Callable[[], None]) -> None:
    """Serve until SIGTERM or SIGINT. Running requests get `SHUTDOWN_SECONDS` to finish; a
    validation still running in native code cannot be interrupted from Python, so then the
    process ends without waiting for it, after `cleanup` (every write is one transaction,
    so none is left half done: see `cxgraph.store.atomic`)."""
    import uvicorn

    def forced_exit() -> None:
        cleanup()
        os._exit(0)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            timer = threading.Timer(SHUTDOWN_SECONDS + 1.0, forced_exit)
            timer.daemon = True
            timer.start()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        application,  # type: ignore[arg-type]
        host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )  # fmt: skip
    _log_requests()
    shown = f"[{host}]" if ":" in host else host
    errors.print(f"cxgraph serving on http://{shown}:{port}  (SPARQL at /sparql, report at "
                 "/report, API documentation at /docs)", markup=False, highlight=False)  # fmt: skip
    try:
        Server(config).run()
    finally:
        cleanup()


def _log_requests() -> None:
    """Request lines (`api.middleware.access_line`) to stderr."""
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("cxgraph.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False
