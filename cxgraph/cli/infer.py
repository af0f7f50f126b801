"""`cxgraph infer`: write the facts the rule engine derives from a portfolio."""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.load import load_graph
from cxgraph.namespace import bind_prefixes
from cxgraph.ontology import load_ontology
from cxgraph.settings import RuleSettings, load_settings
from cxgraph.validate import derive, load_shapes, rule_ids


class RdfFormat(StrEnum):
    """Serialisations `cxgraph infer` can write."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    JSONLD = "json-ld"


def infer(
    files: Annotated[list[Path], typer.Argument(help="Portfolio files or folders.")],
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of standard output."),
    ] = None,
    rdf_format: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="RDF serialisation.")
    ] = RdfFormat.TURTLE,
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", help="Extra SHACL shapes file whose sh:rule also run."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML rule settings (see `cxgraph validate`).")
    ] = None,
) -> int:
    """Derive maturity gaps, orientations, outcome statuses, margins of error and text cues."""
    rules = load_shapes(shapes or [])
    settings = load_settings(config, rule_ids(rules)) if config else RuleSettings()
    derived = derive(load_graph(files), rules, ontology=load_ontology(), settings=settings)
    text = bind_prefixes(derived).serialize(format=rdf_format.value)
    if output_file is None:
        output.print(text, markup=False, highlight=False, end="")
    else:
        _write_atomically(output_file, text)
    raise typer.Exit(ExitCode.OK)


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` only once the whole text is written, so a failure loses nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
