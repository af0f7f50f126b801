"""`cxgraph rules`: list the rules with their documentation."""

from __future__ import annotations

import difflib
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from cxgraph.catalog import RuleDoc


class CatalogFormat(StrEnum):
    """Formats `cxgraph rules` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def _rule_ids() -> list[str]:
    from cxgraph.catalog import rule_catalog
    from cxgraph.validation import load_shapes

    return [d.rule for d in rule_catalog(load_shapes())]


def rules(
    rule_id: Annotated[
        str | None,
        typer.Argument(
            metavar="RULE_ID",
            help="Show only this rule, with its examples.",
            autocompletion=_rule_ids,
        ),
    ] = None,
    catalog_format: Annotated[
        CatalogFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CatalogFormat.TEXT,
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", metavar="FILE", help="Extra SHACL shapes file to include."),
    ] = None,
) -> int:
    """List every rule: id, severity, the problem it finds, why it matters and how to fix it.

    Given a RULE_ID, show that rule in full, with a passing and a failing example.
    """
    from cxgraph.catalog import rule_catalog
    from cxgraph.validation import load_shapes

    docs = rule_catalog(load_shapes(shapes or []))
    if rule_id is None:
        text = _catalog(docs, catalog_format)
    else:
        text = _one_rule(_find(docs, rule_id), catalog_format)
    output.print(text, markup=False, highlight=False)
    raise typer.Exit(ExitCode.OK)


def _catalog(docs: list[RuleDoc], catalog_format: CatalogFormat) -> str:
    from cxgraph.catalog import catalog_markdown, rule_text

    if catalog_format is CatalogFormat.JSON:
        return json.dumps([d.as_dict() for d in docs], indent=2)
    if catalog_format is CatalogFormat.MARKDOWN:
        return catalog_markdown(docs)
    return "\n\n".join(rule_text(d, output.width) for d in docs)


def _one_rule(doc: RuleDoc, catalog_format: CatalogFormat) -> str:
    from cxgraph.catalog import catalog_markdown, rule_text

    if catalog_format is CatalogFormat.JSON:
        return json.dumps(doc.as_dict(), indent=2)
    if catalog_format is CatalogFormat.MARKDOWN:
        return catalog_markdown([doc])
    return rule_text(doc, output.width, examples=True)


def _find(docs: list[RuleDoc], rule_id: str) -> RuleDoc:
    for doc in docs:
        if doc.rule == rule_id:
            return doc
    message = f"unknown rule {rule_id!r}"
    nearest = difflib.get_close_matches(rule_id, [d.rule for d in docs], n=1)
    if nearest:
        message += f"; did you mean {nearest[0]!r}?"
    raise typer.BadParameter(f"{message} (`cxgraph rules` lists them all)", param_hint="RULE_ID")
