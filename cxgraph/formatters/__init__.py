"""Output formats of a validation report: one module each, registered by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path

from cxgraph.catalog import RuleDoc
from cxgraph.formatters import json_format, junit, sarif, shacl_report, text
from cxgraph.report import Report


class OutputFormat(StrEnum):
    """Formats `cxgraph validate --format` can write."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    TURTLE = "turtle"
    JSONLD = "jsonld"


FORMATTERS: dict[OutputFormat, Callable[[Report, Sequence[RuleDoc]], str]] = {
    OutputFormat.TEXT: lambda report, rules: text.render(report),
    OutputFormat.JSON: lambda report, rules: json_format.render(report),
    OutputFormat.SARIF: sarif.render,
    OutputFormat.JUNIT: junit.render,
    OutputFormat.TURTLE: shacl_report.render_turtle,
    OutputFormat.JSONLD: shacl_report.render_jsonld,
}

_EXTENSIONS = {
    ".txt": OutputFormat.TEXT,
    ".json": OutputFormat.JSON,
    ".sarif": OutputFormat.SARIF,
    ".xml": OutputFormat.JUNIT,
    ".ttl": OutputFormat.TURTLE,
    ".jsonld": OutputFormat.JSONLD,
}


def format_for(path: Path) -> OutputFormat | None:
    """The report format a file name implies, e.g. `report.sarif` or `junit.xml`.

    Example:
        >>> format_for(Path("results.sarif")), format_for(Path("out.bin"))
        (<OutputFormat.SARIF: 'sarif'>, None)
    """
    if path.name.endswith(".sarif.json"):
        return OutputFormat.SARIF
    return _EXTENSIONS.get(path.suffix.lower())


"""The renderer of each output format."""


def render(report: Report, output_format: OutputFormat | str, rules: Sequence[RuleDoc] = ()) -> str:
    """Render a report in the given format (an `OutputFormat` or its name); `rules`, the
    rules' documentation (`Validator.catalog`), feeds the formats that describe rules.

    Example:
        >>> render(Report(), "json").startswith('{"conforms": true')
        True
    """
    return FORMATTERS[OutputFormat(output_format)](report, rules)
