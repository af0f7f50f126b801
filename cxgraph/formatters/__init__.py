"""Output formats of a validation report: one module each, registered by name."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxgraph.catalog import RuleDoc
    from cxgraph.report import Report


class OutputFormat(StrEnum):
    """Formats `cxgraph validate --format` can write."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    TURTLE = "turtle"
    JSONLD = "jsonld"
    JSONL = "jsonl"


FORMATTERS: dict[OutputFormat, tuple[str, str, bool]] = {
    OutputFormat.TEXT: ("text", "render", False),
    OutputFormat.JSON: ("json_format", "render", False),
    OutputFormat.SARIF: ("sarif", "render", True),
    OutputFormat.JUNIT: ("junit", "render", True),
    OutputFormat.TURTLE: ("shacl_report", "render_turtle", True),
    OutputFormat.JSONLD: ("shacl_report", "render_jsonld", True),
    OutputFormat.JSONL: ("json_lines", "render", False),
}
"""Each format's module, its render function, and whether that takes the rules' documentation.
Modules are imported when their format is asked for: the RDF formats need rdflib."""

_EXTENSIONS = {
    ".txt": OutputFormat.TEXT,
    ".json": OutputFormat.JSON,
    ".sarif": OutputFormat.SARIF,
    ".xml": OutputFormat.JUNIT,
    ".ttl": OutputFormat.TURTLE,
    ".jsonld": OutputFormat.JSONLD,
    ".jsonl": OutputFormat.JSONL,
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


def render(report: Report, output_format: OutputFormat | str, rules: Sequence[RuleDoc] = ()) -> str:
    """Render a report in the given format (an `OutputFormat` or its name); `rules`, the
    rules' documentation (`Validator.catalog`), feeds the formats that describe rules.

    Example:
        >>> from cxgraph.report import Report
        >>> render(Report(), "json").startswith('{"conforms": true')
        True
    """
    module, function, takes_rules = FORMATTERS[OutputFormat(output_format)]
    renderer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return str(renderer(report, rules) if takes_rules else renderer(report))
