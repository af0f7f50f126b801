"""The ontology opens in OWL tools: RDF/XML modules and catalogs that are current, owlready2
loading it offline, and the OWL API's OWL 2 DL profile checker finding nothing to object to.

The profile checker is the OWL API's `OWL2DLProfile`, the one Protégé uses; it ships inside
the HermiT jar that owlready2 carries, and JPype calls it from here. It needs Java.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from cxgraph.ontology_files import CATALOG, UMBRELLA, catalog
from cxgraph.resources import ONTOLOGY_MODULES
from tests.conftest import ROOT, require_java

ONTOLOGY = ROOT / "ontology"
OWL_FOLDER = ONTOLOGY / "owl"
MODULES = (UMBRELLA, *ONTOLOGY_MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_each_rdf_xml_module_is_its_turtle_module(name: str) -> None:
    turtle = Graph().parse(ONTOLOGY / f"{name}.ttl", format="turtle")
    rdf_xml = Graph().parse(OWL_FOLDER / f"{name}.owl", format="xml")
    assert isomorphic(turtle, rdf_xml), "run python -m cxgraph.ontology_files"


@pytest.mark.parametrize(("folder", "suffix"), [(ONTOLOGY, ".ttl"), (OWL_FOLDER, ".owl")])
def test_each_catalog_maps_every_module_iri_to_its_file(folder: Path, suffix: str) -> None:
    text = (folder / CATALOG).read_text(encoding="utf-8")
    assert text == catalog(suffix)
    entries = dict(re.findall(r'name="([^"]+)" uri="([^"]+)"', text))
    assert len(entries) == len(MODULES)
    for iri, file in entries.items():
        declared = Graph().parse(folder / file, format="turtle" if suffix == ".ttl" else "xml")
        assert (URIRef(iri), RDF.type, OWL.Ontology) in declared, f"{file} is not {iri}"


def test_owlready2_loads_the_ontology_with_its_imports_offline() -> None:
    world = owlready2.World()
    owlready2.onto_path.insert(0, str(OWL_FOLDER))
    try:
        ontology = world.get_ontology((OWL_FOLDER / "cxgraph.owl").as_uri()).load()
    finally:
        owlready2.onto_path.remove(str(OWL_FOLDER))
    imported = {o.base_iri.rstrip("#/") for o in ontology.imported_ontologies}
    assert imported == {f"https://w3id.org/cxgraph/{m}" for m in ONTOLOGY_MODULES} - {
        "https://w3id.org/cxgraph/external"
    }
    assert world["https://w3id.org/cxgraph#Service"] is not None
    assert world["https://w3id.org/cxgraph#hasFacility"] is not None
    assert len(list(world.classes())) > 70


# ---------------------------------------------------------------- OWL 2 DL profile


@pytest.fixture(scope="module")
def owl_api() -> Iterator[Any]:
    require_java()
    import jpype
    import jpype.imports

    if not jpype.isJVMStarted():
        jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
        jpype.startJVM(classpath=[str(jar)])
    yield jpype


def _violations(folder: Path, document: str) -> tuple[int, list[str]]:
    """(ontologies in the imports closure, OWL 2 DL violations) for `document` in `folder`,
    its imports resolved through the folder's catalog."""
    from java.io import File  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.apibinding import OWLManager  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.model import IRI  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.profiles import OWL2DLProfile  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.util import SimpleIRIMapper  # type: ignore[import-not-found]

    manager = OWLManager.createOWLOntologyManager()
    text = (folder / CATALOG).read_text(encoding="utf-8")
    for iri, file in re.findall(r'name="([^"]+)" uri="([^"]+)"', text):
        manager.addIRIMapper(SimpleIRIMapper(IRI.create(iri), IRI.create((folder / file).as_uri())))
    ontology = manager.loadOntologyFromOntologyDocument(File(str(folder / document)))
    report = OWL2DLProfile().checkOntology(ontology)
    return ontology.getImportsClosure().size(), [str(v) for v in report.getViolations()]


@pytest.mark.parametrize(("folder", "document"), [(ONTOLOGY, "cxgraph.ttl"),
                                                  (OWL_FOLDER, "cxgraph.owl")])  # fmt: skip
def test_the_ontology_is_in_the_owl_2_dl_profile(owl_api: Any, folder: Path, document: str) -> None:
    closure, violations = _violations(folder, document)
    assert closure == len(MODULES)
    assert violations == []


def test_the_profile_checker_catches_a_violation(owl_api: Any, tmp_path: Path) -> None:
    for path in OWL_FOLDER.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    core = tmp_path / "core.owl"
    # The same IRI as an object and a datatype property: punning OWL 2 DL forbids.
    core.write_text(
        core.read_text(encoding="utf-8").replace(
            "</rdf:RDF>",
            '<owl:DatatypeProperty rdf:about="https://w3id.org/cxgraph#hasFacility"/></rdf:RDF>',
        ),
        encoding="utf-8",
    )
    _, violations = _violations(tmp_path, "cxgraph.owl")
    assert any("hasFacility" in v for v in violations), violations
