"""The ontology in the forms OWL tools open: RDF/XML modules and XML catalogs.

The Turtle modules in `ontology/` are the source. Protégé and the OWL API resolve
`owl:imports` through a `catalog-v001.xml` next to the file they open, so both folders get
one: `ontology/` maps each module IRI to its Turtle file, `ontology/owl/` to its RDF/XML
file. owlready2 finds an import by the last part of its IRI on its `onto_path`
(`https://w3id.org/cxgraph/core` -> `core.owl`), which is how the RDF/XML files are named.
`python -m cxgraph.ontology_files` writes them; a test checks that the committed files are
current.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from cxgraph.resources import ONTOLOGY_IRI, ONTOLOGY_MODULES

CATALOG = "catalog-v001.xml"
UMBRELLA = "cxgraph"


def module_iri(name: str) -> str:
    return ONTOLOGY_IRI if name == UMBRELLA else f"{ONTOLOGY_IRI}/{name}"


def catalog(suffix: str) -> str:
    """An OASIS XML catalog mapping every module IRI to `<module><suffix>` beside it."""
    entries = "".join(
        f"    <uri id={quoteattr('cxgraph ' + name)} name={quoteattr(module_iri(name))} "
        f"uri={quoteattr(name + suffix)}/>\n"
        for name in (UMBRELLA, *ONTOLOGY_MODULES)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n'
        f"{entries}</catalog>\n"
    )


def rdf_xml(turtle: Path) -> str:
    """One module as RDF/XML, every triple kept, with the usual prefixes."""
    import pyoxigraph as ox

    from cxgraph.authoring.vocabulary import PREFIXES

    triples = [q.triple for q in ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)]
    data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))
    return (data or b"").decode("utf-8")


def write_formats(ontology: Path) -> list[Path]:
    """Write the catalogs and the RDF/XML modules for the Turtle modules in `ontology`."""
    owl = ontology / "owl"
    owl.mkdir(exist_ok=True)
    written = []
    for folder, suffix in ((ontology, ".ttl"), (owl, ".owl")):
        (folder / CATALOG).write_text(catalog(suffix), encoding="utf-8")
        written.append(folder / CATALOG)
    for name in (UMBRELLA, *ONTOLOGY_MODULES):
        target = owl / f"{name}.owl"
        text = rdf_xml(ontology / f"{name}.ttl")
        if not _same_graph(target, text):  # blank node ids differ each run: no churn
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def _same_graph(path: Path, text: str) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    if not path.is_file():
        return False
    before = Graph().parse(data=path.read_text(encoding="utf-8"), format="xml")
    return isomorphic(before, Graph().parse(data=text, format="xml"))


if __name__ == "__main__":
    from cxgraph.resources import ontology_dir

    for path in write_formats(ontology_dir()):
        print(path)
