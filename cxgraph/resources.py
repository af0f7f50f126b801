"""Locate the ontology and shapes files that ship with cxgraph.

An installed wheel carries them in ``cxgraph/_data/``; a source checkout (or an editable
install) keeps them at the top of the repository. Both layouts resolve here, so no other
module needs to know where the files live.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

ONTOLOGY_IRI = "https://w3id.org/cxgraph"
"""IRI of the umbrella ontology that imports every module."""

ONTOLOGY_MODULES: tuple[str, ...] = (
    "external",
    "core",
    "stakeholders",
    "maturity",
    "outcomes",
    "measurement",
    "experience",
)
"""Ontology modules in import order; each is ``ontology/<name>.ttl``."""


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cxgraph data folder {name!r} is missing from the installation")


def ontology_dir() -> Path:
    """Return the folder that holds the ontology modules.

    Example:
        >>> (ontology_dir() / "core.ttl").is_file()
        True
    """
    return _data_dir("ontology")


def shapes_dir() -> Path:
    """Return the folder that holds the SHACL shapes.

    Example:
        >>> (shapes_dir() / "ontology-style.ttl").is_file()
        True
    """
    return _data_dir("shapes")


def ontology_files() -> list[Path]:
    """Return the ontology module files in import order.

    Example:
        >>> [path.stem for path in ontology_files()][:2]
        ['external', 'core']
    """
    folder = ontology_dir()
    return [folder / f"{name}.ttl" for name in ONTOLOGY_MODULES]


def rule_shape_files() -> list[Path]:
    """Return the shapes files that judge portfolios (all but the ontology style shapes).

    Example:
        >>> all(path.suffix == ".ttl" for path in rule_shape_files())
        True
    """
    return sorted(p for p in shapes_dir().glob("*.ttl") if p.name != "ontology-style.ttl")


def style_shape_file() -> Path:
    """Return the shapes file that checks the ontology's own style."""
    return shapes_dir() / "ontology-style.ttl"
