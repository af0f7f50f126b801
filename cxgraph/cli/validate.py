"""`cxgraph validate`: judge portfolio files against the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.formatters import OutputFormat, render
from cxgraph.load import find_rdf_files, load_graph
from cxgraph.ontology import load_ontology
from cxgraph.positions import index_sources
from cxgraph.report import Severity
from cxgraph.settings import RuleSettings, load_settings
from cxgraph.validate import load_shapes, rule_ids, validate_graph


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Portfolio files or folders (Turtle, N-Triples, JSON-LD, RDF/XML, TriG)."
        ),
    ],
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", help="Extra SHACL shapes file, added to the project's rules."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.TEXT,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Lowest severity that fails the run: violation, warning, info or none.",
        ),
    ] = "violation",
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="TOML file that switches rules off, re-grades them or sets parameters."
        ),
    ] = None,
) -> int:
    """Validate portfolio files against the cxgraph rules and print the report."""
    threshold = _threshold(fail_on)
    rules = load_shapes(shapes or [])
    settings = load_settings(config, rule_ids(rules)) if config else RuleSettings()
    data = load_graph(files)
    report = validate_graph(data, rules, ontology=load_ontology(), settings=settings)
    report = report.located(index_sources(find_rdf_files(files), relative_to=Path.cwd()))
    output.print(render(report, output_format), markup=False)
    failing = threshold is not None and report.at_or_above(threshold)
    raise typer.Exit(ExitCode.FINDINGS if failing else ExitCode.OK)


def _threshold(name: str) -> Severity | None:
    if name == "none":
        return None
    try:
        return Severity(name)
    except ValueError:
        raise typer.BadParameter(
            f"{name!r} is not one of violation, warning, info, none", param_hint="--fail-on"
        ) from None
