"""`cxgraph ontology ...`: checks and documentation of the ontology itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.formatters import OutputFormat, render

app = typer.Typer(
    help="Check and document the cxgraph ontology.", no_args_is_help=True, rich_markup_mode=None
)


@app.command("check")
def check(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.TEXT,
) -> int:
    """Check the ontology's style: labels, definitions, naming, references, module headers."""
    from cxgraph.style import check_ontology_style

    report = check_ontology_style()
    output.print(render(report, output_format), markup=False)
    raise typer.Exit(ExitCode.OK if report.conforms else ExitCode.FINDINGS)


@app.command("docs")
def docs(
    destination: Annotated[Path, typer.Argument(help="Folder to write the HTML pages to.")] = Path(
        "build/docs"
    ),
) -> int:
    """Generate HTML documentation of the ontology, one page per module."""
    from cxgraph.docs import build_docs

    for page in build_docs(destination):
        output.print(str(page), markup=False)
    raise typer.Exit(ExitCode.OK)
