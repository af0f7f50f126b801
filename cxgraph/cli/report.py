"""`cxgraph report`: the portfolio as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output, steps
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.files import repository_root, write_atomically
from cxgraph.cli.store_options import Config, Endpoint, StoreDirectory, open_store


def report(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Portfolio files or folders (or use a store).", metavar="PATH"),
    ] = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The HTML file to write (default: standard output)."),
    ] = None,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "Portfolio report",
    store: StoreDirectory = None,
    endpoint: Endpoint = None,
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", metavar="FILE", help="Extra SHACL shapes file."),
    ] = None,
    config: Config = None,
) -> int:
    """Validate a portfolio and draw it: maturity matrix, outcome scorecards, metric charts,
    service diagrams, experience maps and findings by rule, in one HTML file that loads
    nothing from the network."""
    from cxgraph.validation import Validator
    from cxgraph.web.report_page import build_report

    if bool(files) == bool(store or endpoint):
        raise typer.BadParameter(
            "give portfolio files or folders, or a store (--store, --endpoint)"
        )
    validator = Validator.from_config(config, extra_shapes=shapes or [])
    with steps() as step:
        step("validating")
        source = list(files) if files else open_store(store, endpoint, config=config)
        page = build_report(source, validator=validator, title=title,
                            relative_to=repository_root())  # fmt: skip
    if output_file is None:
        output.print(page, markup=False, highlight=False, end="")
    else:
        write_atomically(output_file, page)
    raise typer.Exit(ExitCode.OK)
