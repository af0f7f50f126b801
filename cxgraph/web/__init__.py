"""Pages for people: the portfolio report and the SPARQL query page, with the browser
libraries they bundle (`vendor/`, pinned in `vendor/VENDORED.json`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

WEB = Path(__file__).resolve().parent


@cache
def asset(name: str) -> str:
    """A page asset's text: `report.js`, `vendor/echarts.min.js`, ..."""
    return (WEB / name).read_text(encoding="utf-8")
