"""The report and the query page in a real browser (headless Chromium): they render with no
script errors, load nothing from the network, draw their charts, and show something."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxgraph.cli.main import main
from tests.browser import Watched, browser, open_page
from tests.conftest import EXAMPLE
from tests.servers import serve

__all__ = ["browser"]  # the fixture, used by name

SECTIONS = ["maturity", "outcomes", "metrics", "services", "experience", "findings"]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "r.html"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = str(tmp_path_factory.mktemp("store"))
    yield from serve(["--derive", "--store", folder, str(EXAMPLE)], {})


def _drawn(watched: Watched) -> dict[str, Any]:
    """What the page drew once every chart is drawn (they are drawn as they near the
    screen; printing draws them all, as this does)."""
    page = watched.page
    page.wait_for_function("document.body.dataset.charts !== undefined", timeout=20000)
    page.evaluate("window.cxgraphDrawAll()")
    return page.evaluate(
        """() => ({
            charts: Number(document.body.dataset.charts),
            drawn: [...document.querySelectorAll('.chart')].filter(
                c => c.querySelector('svg') && c.querySelectorAll('svg path, svg text').length > 5
            ).length,
            sections: [...document.querySelectorAll('main section')].map(s => s.id),
            links: [...document.querySelectorAll('#findings a[href^="#"]')].filter(
                a => document.getElementById(a.getAttribute('href').slice(1))).length,
        })"""
    )


def test_the_report_renders_offline_with_every_chart(browser: Any, report_file: Path) -> None:
    watched = open_page(browser, report_file.as_uri())
    watched.page.wait_for_function("Number(document.body.dataset.drawn) > 0")
    first = int(watched.page.evaluate("document.body.dataset.drawn"))
    assert first < int(watched.page.evaluate("document.body.dataset.charts")), "drawn lazily"
    drawn = _drawn(watched)
    assert watched.console_errors == []
    assert [u for u in watched.requests if not u.startswith(("file:", "data:"))] == []
    assert drawn["sections"] == SECTIONS
    assert drawn["charts"] >= 15 and drawn["drawn"] == drawn["charts"]
    assert drawn["links"] >= 10, "findings link to the items they are about"
    colours, ink = watched.screenshot_is_not_blank()
    assert colours > 50 and ink > 0.15


def test_the_report_shows_the_example_s_story(browser: Any, report_file: Path) -> None:
    page = open_page(browser, report_file.as_uri()).page
    _drawn(Watched(page))
    text = page.inner_text("body")
    assert "does not conform" in text
    assert "mismatch" in page.inner_text("#maturity")
    assert "Workplace laptop service: NPS" in page.inner_text("#metrics")
    # The flagged statement is on its scorecard with the words to change.
    card = page.inner_text("article:has-text('Fast, efficient help')")
    assert "What to change" in card and "fast" in card.lower()


def test_text_from_the_portfolio_is_never_markup(browser: Any, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(
        "@prefix cx: <https://w3id.org/cxgraph#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<urn:x:o> a cx:SuccessfulCustomerOutcome ; rdfs:label "<img src=x onerror=alert(1)>" ;\n'
        '  cx:statement "</script><script>alert(2)</script>" .\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert main(["report", str(hostile), "-o", str(out)]) == 0
    watched = open_page(browser, out.as_uri())
    _drawn(watched)
    assert watched.console_errors == []
    assert watched.page.locator("img").count() == 0
    assert "</script><script>alert(2)</script>" in watched.page.inner_text("#outcomes")


def test_serve_gives_the_same_report_at_slash_report(browser: Any, server: str) -> None:
    watched = open_page(browser, f"{server}/report")
    drawn = _drawn(watched)
    assert watched.console_errors == []
    assert drawn["sections"] == SECTIONS and drawn["drawn"] == drawn["charts"] >= 15
    assert {u.split("/")[2] for u in watched.requests} == {server.split("/")[2]}


def test_the_query_page_runs_an_example_and_shows_a_table(browser: Any, server: str) -> None:
    watched = open_page(browser, f"{server}/sparql")
    page = watched.page
    assert page.locator(".CodeMirror .cm-keyword").count() > 0, "the query is highlighted"
    page.select_option("#examples", label="Outcome status month by month (stored assessments)")
    assert "PREFIX cx:" in page.evaluate(
        "document.querySelector('.CodeMirror').CodeMirror.getValue()"
    )
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    assert page.locator("#results th").all_inner_texts() == ["?outcome", "?period", "?status"]
    assert page.locator("#results tbody tr").count() >= 3
    assert "cx:Outcome" in page.inner_text("#results")  # IRIs shown with their prefixes
    assert watched.console_errors == []
    assert {u.split("/")[2] for u in watched.requests} == {server.split("/")[2]}
    colours, ink = watched.screenshot_is_not_blank()
    assert colours > 20 and ink > 0.1


def test_the_query_page_shows_where_a_query_is_wrong(browser: Any, server: str) -> None:
    watched = open_page(browser, f"{server}/sparql")
    page = watched.page
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELEC ?x WHERE {}')")
    page.click("#run")
    page.wait_for_selector("#results pre.error")
    assert "1:1" in page.inner_text("#results pre.error")
    assert page.inner_text("#status").startswith("error 400")


def _page_data(page: str) -> dict[str, Any]:
    import json
    import re

    (payload,) = re.findall(
        r'<script id="report-data" type="application/json">(.*?)</script>', page
    )
    data: dict[str, Any] = json.loads(payload)
    for group in data["findings"]:
        for item in group["items"]:
            item.pop("place")  # a store does not know the files' lines
    return data


def test_the_cli_the_server_and_the_library_draw_the_same_report(
    report_file: Path, server: str
) -> None:
    import httpx

    from cxgraph.web.report_page import build_report

    by_cli = _page_data(report_file.read_text(encoding="utf-8"))
    by_server = _page_data(httpx.get(f"{server}/report", timeout=60).text)
    by_library = _page_data(build_report([EXAMPLE], title="Portfolio report"))
    assert by_cli == by_server == by_library


def test_the_example_report_holds_what_the_portfolio_says(report_file: Path) -> None:
    data = _page_data(report_file.read_text(encoding="utf-8"))
    flagged = {
        r["label"]: (r["mismatch"], r["boundary"]) for r in data["maturity"]["relationships"]
    }
    assert flagged["Office climate: Northwind Logistics and ClimaServ"] == (True, False)
    assert flagged["Finance close: Northwind Finance and Northwind Shared Services"] == (
        False,
        True,
    )
    nps = next(m for m in data["metrics"] if m["metric"] == "NetPromoterScore")
    assert len(nps["overall"]) == 12 and all(p["margin"] for p in nps["overall"])
    assert set(nps["touchpoints"]) >= {"Walk-in tech bar at head office"}
    total = sum(len(g["items"]) for g in data["findings"])
    assert (
        total == data["summary"]["violation"] + data["summary"]["warning"] + data["summary"]["info"]
    )
    laptop = next(s for s in data["services"] if s["label"] == "Workplace laptop service")
    assert {"facility", "good", "action", "support", "facet", "outcome"} <= set(laptop["parts"])
    assert len(laptop["parts"]["facet"]) == 4
    (influences,) = [m["influences"] for m in data["experienceMaps"]]
    assert sorted(i["positive"] for i in influences) == [False, False, True, True]


def test_the_bundled_libraries_are_the_pinned_ones() -> None:
    import hashlib
    import json

    from cxgraph.web import WEB

    pinned = json.loads((WEB / "vendor" / "VENDORED.json").read_text(encoding="utf-8"))
    assert {e["package"] for e in pinned} == {"echarts", "codemirror"}
    for entry in pinned:
        digest = hashlib.sha256((WEB / "vendor" / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{entry['file']}: run scripts/vendor-web-assets"
