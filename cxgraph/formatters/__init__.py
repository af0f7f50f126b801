"""Output formats of a validation report: one module each, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from cxgraph.formatters import json_format, text
from cxgraph.report import Report


class OutputFormat(StrEnum):
    """Formats `cxgraph validate --format` can write."""

    TEXT = "text"
    JSON = "json"


FORMATTERS: dict[OutputFormat, Callable[[Report], str]] = {
    OutputFormat.TEXT: text.render,
    OutputFormat.JSON: json_format.render,
}
"""The renderer of each output format."""


def render(report: Report, output_format: OutputFormat) -> str:
    """Render a report in the given format.

    Example:
        >>> render(Report(), OutputFormat.JSON).startswith('{"conforms": true')
        True
    """
    return FORMATTERS[output_format](report)
