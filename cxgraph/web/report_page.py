"""The portfolio report as one self-contained HTML file: data, script, styles and the
charting library (Apache ECharts, bundled) are all inside, so the page loads nothing from
the network when it is viewed, and can be mailed or archived as one file."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cxgraph.validation.validator import is_remote
from cxgraph.web import asset

if TYPE_CHECKING:
    from cxgraph.store.base import GraphStore
    from cxgraph.validation import Validator

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><div id="verdict"></div></header>
<nav id="nav"></nav>
<main id="sections"></main>
<script id="report-data" type="application/json">{data}</script>
<script>{echarts}</script>
<script>{script}</script>
</body>
</html>
"""


def render(data: dict[str, object]) -> str:
    """The page for gathered report data."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, only "</" (and the HTML comment openers) could end or bend the
    # element; escaped as JSON string escapes they read back the same.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.format(
        title=html.escape(str(data.get("title", "Portfolio report"))),
        css=asset("report.css"),
        data=payload,
        echarts=asset("vendor/echarts.min.js"),
        script=asset("report.js"),
    )


def build_report(
    portfolio: Iterable[Path] | GraphStore,
    *,
    validator: Validator | None = None,
    title: str = "Portfolio report",
    relative_to: Path | None = None,
) -> str:
    """Validate a portfolio (files or a store) and draw what the rules found and derived."""
    from cxgraph.validation import Validator
    from cxgraph.web.report_data import gather

    judge = validator or Validator()
    source = portfolio if not isinstance(portfolio, Iterable) else list(portfolio)
    if is_remote(source):
        # The report draws from the judged working store, so a remote one is copied.
        source = source.snapshot()  # type: ignore[union-attr]
    report, store = judge.assess(source, relative_to=relative_to)
    return render(gather(store, report, title=title))
