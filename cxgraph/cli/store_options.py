"""Choosing the store a command works on: a folder, memory, or a remote SPARQL endpoint.

Each choice comes from an option, its environment variable, or the [store] section of a
`--config` file, in that order. Credentials for a remote endpoint come only from the
environment, so they never show in a process listing or a shell history.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cxgraph.store import GraphStore

StoreDirectory = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="CXGRAPH_STORE",
        help="Folder of the persistent store (created if missing).",
    ),
]
Endpoint = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        metavar="URL",
        envvar="CXGRAPH_ENDPOINT",
        help="SPARQL 1.1 query URL of a remote database (credentials: CXGRAPH_ENDPOINT_USER "
        "and CXGRAPH_ENDPOINT_PASSWORD, or CXGRAPH_ENDPOINT_TOKEN).",
    ),
]
UpdateEndpoint = Annotated[
    str | None,
    typer.Option(
        "--update-endpoint",
        metavar="URL",
        envvar="CXGRAPH_UPDATE_ENDPOINT",
        help="SPARQL 1.1 Update URL of the remote database (default: the query URL).",
    ),
]
DefaultGraph = Annotated[
    str | None,
    typer.Option(
        "--default-graph",
        metavar="IRI",
        envvar="CXGRAPH_DEFAULT_GRAPH",
        help="Named graph that stands for the default graph on a remote database without a "
        "writable one (Virtuoso).",
    ),
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="TOML file: its [store] section chooses the store; `serve` also applies its [rules].",
    ),
]


def open_store(
    directory: Path | None,
    endpoint: str | None,
    update_endpoint: str | None = None,
    default_graph: str | None = None,
    *,
    memory: bool = False,
    config: Path | None = None,
) -> GraphStore:
    """The one store the options, environment and configuration file choose."""
    from cxgraph.safety.limits import load_limits
    from cxgraph.settings import StoreSettings, load_store_settings
    from cxgraph.store import EmbeddedStore, RemoteStore

    settings = load_store_settings(config) if config else StoreSettings()
    directory = directory or settings.directory
    endpoint = endpoint or settings.endpoint
    chosen = [name for name, given in (("--store", directory), ("--memory", memory),
                                       ("--endpoint", endpoint)) if given]  # fmt: skip
    if len(chosen) != 1:
        problem = "choose one of" if chosen else "give"
        raise typer.BadParameter(
            f"{problem} --store DIR, --memory or --endpoint URL", param_hint="--store"
        )
    limits = load_limits(config)
    if endpoint:
        return RemoteStore(
            endpoint,
            update_endpoint or settings.update_endpoint,
            user=os.environ.get("CXGRAPH_ENDPOINT_USER"),
            password=os.environ.get("CXGRAPH_ENDPOINT_PASSWORD"),
            token=os.environ.get("CXGRAPH_ENDPOINT_TOKEN"),
            default_graph=default_graph or settings.default_graph,
            limits=limits,
        )
    return EmbeddedStore(directory if not memory else None, limits)
