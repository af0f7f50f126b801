"""HTML documentation of the ontology: one page per module and an index.

Written in-house rather than with pyLODE: pyLODE 3.x reads its own `pyproject.toml` at
import time and fails when installed from a wheel, and our pages need cross-module
links (a term's range often lives in another module), which a per-file tool lacks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from cxgraph.load import load_graph
from cxgraph.namespace import CX, PREFIXES
from cxgraph.ontology import load_ontology
from cxgraph.resources import ONTOLOGY_MODULES, ontology_dir

DOCUMENTED_MODULES = [m for m in ONTOLOGY_MODULES if m != "external"]

# Sections of a page: (heading, anchor, rdf:type that puts a term in it).
SECTIONS = [
    ("Classes", "classes", OWL.Class),
    ("Object properties", "object-properties", OWL.ObjectProperty),
    ("Datatype properties", "datatype-properties", OWL.DatatypeProperty),
    ("Annotation properties", "annotation-properties", OWL.AnnotationProperty),
    ("Individuals", "individuals", OWL.NamedIndividual),
]

# Relations shown for each term, in this order.
RELATIONS = [
    ("Type", RDF.type),
    ("Subclass of", RDFS.subClassOf),
    ("Equivalent to", OWL.equivalentClass),
    ("Disjoint with", OWL.disjointWith),
    ("Subproperty of", RDFS.subPropertyOf),
    ("Inverse of", OWL.inverseOf),
    ("Domain", RDFS.domain),
    ("Range", RDFS.range),
    ("In scheme", SKOS.inScheme),
    ("Notation", SKOS.notation),
    ("Preferred label", SKOS.prefLabel),
    ("Alternative label", SKOS.altLabel),
    ("Editorial note", SKOS.editorialNote),
]

_RESTRICTION_WORDS = {
    OWL.someValuesFrom: "some",
    OWL.allValuesFrom: "only",
    OWL.hasValue: "value",
}


@dataclass(frozen=True)
class _Context:
    """The whole ontology, for labels and for which module defines each term."""

    graph: Graph
    home: dict[URIRef, str]


def build_docs(destination: Path) -> list[Path]:
    """Write one HTML page per ontology module plus `index.html`; return the pages written."""
    destination.mkdir(parents=True, exist_ok=True)
    whole = load_ontology()
    context = _Context(whole, _home_modules(whole))
    pages = []
    for module in DOCUMENTED_MODULES:
        page = destination / f"{module}.html"
        page.write_text(_module_html(module, context), encoding="utf-8")
        pages.append(page)
    index = destination / "index.html"
    index.write_text(_index_html(context.graph), encoding="utf-8")
    return [index, *pages]


def _home_modules(graph: Graph) -> dict[URIRef, str]:
    home = {}
    for term, module in graph.subject_objects(RDFS.isDefinedBy):
        if isinstance(term, URIRef):
            home[term] = str(module).rsplit("/", 1)[-1]
    return home


def _module_iri(module: str) -> URIRef:
    return URIRef(f"https://w3id.org/cxgraph/{module}")


def _module_html(module: str, context: _Context) -> str:
    module_graph = load_graph([ontology_dir() / f"{module}.ttl"])
    iri = _module_iri(module)
    title = str(module_graph.value(iri, DCTERMS.title) or module)
    body = [
        f"<h1>{_e(title)}</h1>",
        f"<p><code>{_e(iri)}</code></p>",
        f"<p>{_e(module_graph.value(iri, DCTERMS.description) or '')}</p>",
        _metadata(module_graph, iri),
    ]
    terms = sorted(t for t, m in context.home.items() if m == module)
    toc = []
    for heading, anchor, kind in SECTIONS:
        members = [t for t in terms if (t, RDF.type, kind) in module_graph]
        if not members:
            continue
        toc.append(f'<li><a href="#{anchor}">{heading}</a> ({len(members)})</li>')
        body.append(f'<h2 id="{anchor}">{heading}</h2>')
        body.extend(_term_html(term, context) for term in members)
    body.insert(4, f"<nav><ul>{''.join(toc)}</ul></nav>")
    return _page(title, "\n".join(body))


def _metadata(graph: Graph, iri: URIRef) -> str:
    rows = []
    for label, predicate in [
        ("Version", OWL.versionInfo),
        ("Version IRI", OWL.versionIRI),
        ("License", DCTERMS.license),
        ("Creator", DCTERMS.creator),
    ]:
        for value in graph.objects(iri, predicate):
            rows.append(f"<tr><th>{label}</th><td>{_e(value)}</td></tr>")
    for imported in sorted(graph.objects(iri, OWL.imports), key=str):
        name = str(imported).rsplit("/", 1)[-1]
        link = f'<a href="{name}.html">{name}</a>' if name in DOCUMENTED_MODULES else _e(name)
        rows.append(f"<tr><th>Imports</th><td>{link}</td></tr>")
    return f'<table class="metadata">{"".join(rows)}</table>'


def _term_html(term: URIRef, context: _Context) -> str:
    graph = context.graph
    name = _local_name(term)
    label = graph.value(term, RDFS.label) or name
    definition = graph.value(term, SKOS.definition) or ""
    rows = []
    for heading, predicate in RELATIONS:
        values = sorted(graph.objects(term, predicate), key=str)
        if predicate == RDF.type:
            values = [v for v in values if v != OWL.NamedIndividual]
        if values:
            cells = ", ".join(_render(v, context) for v in values)
            rows.append(f"<tr><th>{heading}</th><td>{cells}</td></tr>")
    return (
        f'<section id="{_e(name)}" class="term"><h3>{_e(label)}</h3>'
        f"<p><code>{_e(term)}</code></p><p>{_e(definition)}</p>"
        f"<table>{''.join(rows)}</table></section>"
    )


def _render(node: Node, context: _Context) -> str:
    """A value as HTML: linked name, literal, or a class expression in words."""
    if isinstance(node, URIRef):
        return _link(node, context)
    if isinstance(node, Literal):
        return f"<q>{_e(node)}</q>"
    if isinstance(node, BNode):
        return _expression(node, context)
    return _e(node)


def _expression(node: BNode, context: _Context) -> str:
    graph = context.graph
    for operator, word in [(OWL.intersectionOf, " and "), (OWL.unionOf, " or ")]:
        members = graph.value(node, operator)
        if members is not None:
            parts = [_render(m, context) for m in Collection(graph, members)]
            return "(" + word.join(parts) + ")"
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        return "{" + ", ".join(_render(m, context) for m in Collection(graph, one_of)) + "}"
    on_property = graph.value(node, OWL.onProperty)
    if on_property is not None:
        for predicate, word in _RESTRICTION_WORDS.items():
            filler = graph.value(node, predicate)
            if filler is not None:
                return f"{_render(on_property, context)} {word} {_render(filler, context)}"
    return "(anonymous expression)"


def _link(term: URIRef, context: _Context) -> str:
    name = _e(_curie(term))
    module = context.home.get(term)
    if module in DOCUMENTED_MODULES:
        return f'<a href="{module}.html#{_e(_local_name(term))}">{name}</a>'
    return f'<a href="{_e(term)}">{name}</a>'


def _index_html(graph: Graph) -> str:
    items = []
    for module in DOCUMENTED_MODULES:
        iri = _module_iri(module)
        title = graph.value(iri, DCTERMS.title) or module
        description = graph.value(iri, DCTERMS.description) or ""
        items.append(
            f'<li><a href="{module}.html">{_e(title)}</a><br><small>{_e(description)}</small></li>'
        )
    root = URIRef("https://w3id.org/cxgraph")
    intro = graph.value(root, DCTERMS.description) or ""
    body = f"<h1>cxgraph ontology</h1><p>{_e(intro)}</p><ul>{''.join(items)}</ul>"
    return _page("cxgraph ontology", body)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _curie(term: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(term).startswith(str(namespace)):
            return f"{prefix}:{str(term)[len(str(namespace)) :]}"
    return str(term)


def _local_name(term: URIRef) -> str:
    text = str(term)
    if text.startswith(str(CX)):
        return text[len(str(CX)) :]
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _e(value: object) -> str:
    return html.escape(str(value))


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}section.term{border-top:1px solid #ddd;padding:.5rem 0}"
    "th{text-align:left;padding-right:1rem;vertical-align:top;font-weight:600}"
    "code{background:#f4f4f4;padding:0 .2rem}"
)
