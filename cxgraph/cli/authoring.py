"""`cxgraph import`, `cxgraph export` and `cxgraph schema`: portfolios in YAML and
spreadsheets, for architects who do not write Turtle."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode

BASE_HELP = "Base IRI of the items (an item's IRI is base + id); default: the file's `base`."


class ExportFormat(StrEnum):
    """What `cxgraph export` writes."""

    YAML = "yaml"
    XLSX = "xlsx"
    CSV = "csv"
    TURTLE = "ttl"


def import_(
    source: Annotated[
        list[Path],
        typer.Argument(help="YAML files, XLSX workbooks or folders of CSV files.", metavar="PATH"),
    ],
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the Turtle here instead of standard output."),
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help=BASE_HELP)] = None,
) -> int:
    """Convert a portfolio written in YAML or a spreadsheet to Turtle."""
    from cxgraph.authoring import read_built
    from cxgraph.authoring.convert import export
    from cxgraph.load import find_rdf_files

    triples = []
    shown_base = base
    for path in find_rdf_files(source):
        built = read_built(path, base=base)
        triples += built.triples
        shown_base = shown_base or _base_of(path)
    text = export(triples, "ttl", output_file, shown_base)
    if text is not None:
        output.print(text, markup=False, highlight=False, end="")
    raise typer.Exit(ExitCode.OK)


def _base_of(path: Path) -> str | None:
    from cxgraph.authoring import read_document

    return read_document(path).base


def export(
    portfolio: Annotated[
        list[Path],
        typer.Argument(
            help="Portfolio files or folders (any format cxgraph reads).", metavar="PATH"
        ),
    ],
    export_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="What to write.")
    ] = ExportFormat.YAML,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File (yaml, xlsx, ttl) or folder (csv) to write; YAML and Turtle go to "
            "standard output without it.",
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Base IRI that ids are taken from; default: the namespace most items share.",
        ),
    ] = None,
) -> int:
    """Write a portfolio as YAML, an XLSX workbook, a folder of CSV files, or Turtle."""
    from cxgraph.authoring.convert import export as write_export
    from cxgraph.authoring.convert import portfolio_triples

    if output_file is None and export_format in (ExportFormat.XLSX, ExportFormat.CSV):
        raise typer.BadParameter(f"--format {export_format} needs --output", param_hint="-o")
    text = write_export(portfolio_triples(portfolio), export_format.value, output_file, base)
    if text is not None:
        output.print(text, markup=False, highlight=False, end="")
    raise typer.Exit(ExitCode.OK)


def schema(
    output_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
) -> int:
    """Print the JSON Schema of the YAML format, for editors to complete and check with.

    In VS Code with the YAML extension, save it (cxgraph schema -o portfolio.schema.json)
    and put `# yaml-language-server: $schema=portfolio.schema.json` at the top of a
    portfolio file, or map it to your files under `yaml.schemas` in the settings.
    """
    from cxgraph.authoring.schema import schema_text
    from cxgraph.cli.files import write_atomically

    text = schema_text()
    if output_file is None:
        output.print(text, markup=False, highlight=False, end="")
    else:
        write_atomically(output_file, text)
    raise typer.Exit(ExitCode.OK)
