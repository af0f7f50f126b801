"""The documentation: the ontology's generated HTML, the README's tables, the rules' texts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxgraph.docs import build_docs
from cxgraph.resources import ONTOLOGY_MODULES


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    build_docs(folder)
    return folder


def test_one_page_per_module_and_an_index(docs: Path) -> None:
    expected = {f"{m}.html" for m in ONTOLOGY_MODULES if m != "external"} | {"index.html"}
    assert {p.name for p in docs.iterdir()} == expected


def test_index_links_every_module_page(docs: Path) -> None:
    parser = _Anchors()
    parser.feed((docs / "index.html").read_text(encoding="utf-8"))
    assert sorted(parser.links) == sorted(p.name for p in docs.iterdir() if p.name != "index.html")


@pytest.mark.parametrize(
    ("page", "terms"),
    [
        ("core", ["Service", "Facility", "Support", "hasFacility"]),
        ("maturity", ["ValueMaturityLevel", "levelNumber", "CustomerDriven"]),
        ("outcomes", ["SuccessfulCustomerOutcome", "Indicator", "targetValue"]),
    ],
)
def test_module_pages_document_their_terms(docs: Path, page: str, terms: list[str]) -> None:
    html = (docs / f"{page}.html").read_text(encoding="utf-8")
    for term in terms:
        assert f"https://w3id.org/cxgraph#{term}" in html


def test_every_link_between_pages_lands_on_an_anchor(docs: Path) -> None:
    anchors: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for page in docs.iterdir():
        parser = _Anchors()
        parser.feed(page.read_text(encoding="utf-8"))
        anchors[page.name] = parser.ids
        links += [(page.name, link) for link in parser.links if not link.startswith("http")]
    broken = []
    for source, link in links:
        target, _, fragment = link.partition("#")
        target = target or source
        if target not in anchors or (fragment and fragment not in anchors[target]):
            broken.append(f"{source} -> {link}")
    assert links, "pages should link to each other"
    assert broken == []


def test_class_expressions_are_written_out(docs: Path) -> None:
    html = (docs / "core.html").read_text(encoding="utf-8")
    assert "cx:hasFacility</a> some" in html
    assert "cx:hasSupport</a> some" in html


def test_the_readme_s_exit_code_table_lists_every_exit_code() -> None:
    from cxgraph.cli.exit_codes import ExitCode
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| exit code |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", table, flags=re.MULTILINE)
    assert {int(code): meaning.replace("`", "") for code, meaning in rows} == {
        code.value: code.meaning for code in ExitCode
    }


def test_rule_documentation_stands_on_its_own() -> None:
    # Users have the shapes, the generated rule pages and the README, not the project's
    # working notes: a rule must say its reasons itself.
    from tests.conftest import ROOT

    files = [
        *(ROOT / "shapes").glob("*.ttl"),
        *(ROOT / "docs").rglob("*.md"),
        ROOT / "README.md",
        *(ROOT / "cxgraph").rglob("*.py"),
        *(ROOT / "api").rglob("*.py"),
    ]
    citing = [
        str(p.relative_to(ROOT)) for p in files if "DOMAIN.md" in p.read_text(encoding="utf-8")
    ]
    assert citing == []
