"""`cxgraph infer`: write the facts the rule engine derives from a portfolio."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.files import write_atomically


class RdfFormat(StrEnum):
    """Serialisations `cxgraph infer` can write."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    JSONLD = "json-ld"


def infer(
    files: Annotated[
        list[Path], typer.Argument(help="Portfolio files or folders.", metavar="PATH")
    ],
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of standard output."),
    ] = None,
    rdf_format: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="RDF serialisation.")
    ] = RdfFormat.TURTLE,
    shapes: Annotated[
        list[Path] | None,
        typer.Option(
            "--shapes", metavar="FILE", help="Extra SHACL shapes file whose sh:rule also run."
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML rule settings (see `cxgraph validate`).")
    ] = None,
) -> int:
    """Derive maturity gaps, orientations, outcome statuses, margins of error and text cues."""
    from cxgraph.load import load_graph
    from cxgraph.namespace import bind_prefixes
    from cxgraph.validation import Validator

    validator = Validator.from_config(config, extra_shapes=shapes or [])
    derived = validator.derive(load_graph(files))
    text = bind_prefixes(derived).serialize(format=rdf_format.value)
    if output_file is None:
        output.print(text, markup=False, highlight=False, end="")
    else:
        write_atomically(output_file, text)
    raise typer.Exit(ExitCode.OK)
