"""HTML documentation of the ontology, generated with pyLODE.

pyLODE documents one ontology per page, so each module gets its page (with the external
declarations it aligns with, for labels) and an index page links them.
"""

from __future__ import annotations

import html
from pathlib import Path

from pylode import OntPub
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from cxgraph.load import load_graph
from cxgraph.namespace import bind_prefixes
from cxgraph.resources import ONTOLOGY_MODULES, ontology_dir


def build_docs(destination: Path) -> list[Path]:
    """Write one HTML page per ontology module plus `index.html`; return the pages written."""
    destination.mkdir(parents=True, exist_ok=True)
    pages = [_module_page(name, destination) for name in ONTOLOGY_MODULES if name != "external"]
    index = destination / "index.html"
    index.write_text(_index_html(pages), encoding="utf-8")
    return [index, *pages]


def _module_page(name: str, destination: Path) -> Path:
    graph = bind_prefixes(load_graph([ontology_dir() / f"{name}.ttl"]))
    page = destination / f"{name}.html"
    OntPub(ontology=graph, sort_subjects=True).make_html(destination=page)
    return page


def _index_html(pages: list[Path]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(_title(p.stem))}</a></li>' for p in pages
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>cxgraph ontology</title></head><body>\n"
        "<h1>cxgraph ontology</h1>\n<p>One page per module.</p>\n"
        f"<ul>\n{items}\n</ul>\n</body></html>\n"
    )


def _title(module: str) -> str:
    graph: Graph = load_graph([ontology_dir() / f"{module}.ttl"])
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        title = graph.value(ontology, DCTERMS.title)
        if isinstance(ontology, URIRef) and title is not None:
            return str(title)
    return module
