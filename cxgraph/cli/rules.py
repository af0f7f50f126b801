"""`cxgraph rules`: list the rules with their documentation."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxgraph.catalog import catalog_markdown, rule_catalog
from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.validate import load_shapes


class CatalogFormat(StrEnum):
    """Formats `cxgraph rules` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def rules(
    catalog_format: Annotated[
        CatalogFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CatalogFormat.TEXT,
    shapes: Annotated[
        list[Path] | None, typer.Option("--shapes", help="Extra SHACL shapes file to include.")
    ] = None,
) -> int:
    """List every rule: id, severity, the problem it finds, why it matters and how to fix it."""
    docs = rule_catalog(load_shapes(shapes or []))
    if catalog_format is CatalogFormat.JSON:
        text = json.dumps([d.as_dict() for d in docs], indent=2)
    elif catalog_format is CatalogFormat.MARKDOWN:
        text = catalog_markdown(docs)
    else:
        text = "\n".join(f"{d.rule:32} {d.severity.value:9} {d.label}" for d in docs)
    output.print(text, markup=False, highlight=False)
    raise typer.Exit(ExitCode.OK)
