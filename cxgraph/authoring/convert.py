"""Import and export: the library functions `cxgraph import` and `cxgraph export` call.

Nothing is written until the whole input has been read and checked, and a file or folder
is replaced only once its new content is complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from cxgraph.authoring.export import portfolio_from

TURTLE_PREFIXES = {
    "cx": "https://w3id.org/cxgraph#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "unit": "http://qudt.org/vocab/unit/",
}


def portfolio_triples(paths: Iterable[str | Path]) -> list[ox.Triple]:
    """Every triple of the portfolio files (RDF, YAML or spreadsheets), each once.

    Parsed, not loaded into a store: a store keeps numbers by value (`9.0` comes back as
    `9`), and an export must write literals as they were written."""
    from cxgraph.load import _default_graph_quads, find_rdf_files, parse_file

    triples: dict[ox.Triple, None] = {}
    for path in find_rdf_files(Path(p) for p in paths):
        triples.update((q.triple, None) for q in _default_graph_quads(parse_file(path), path))
    return list(triples)


def to_turtle(triples: Iterable[ox.Triple], base: str | None = None) -> str:
    """Turtle with the usual prefixes and `base`, if given, as the empty prefix."""
    prefixes = dict(TURTLE_PREFIXES)
    if base:
        prefixes[""] = base
    data = ox.serialize(list(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return (data or b"").decode("utf-8")


def export(triples: Iterable[ox.Triple], form: str, destination: Path | None,
           base: str | None = None) -> str | None:  # fmt: skip
    """Write `triples` as `form` (yaml, xlsx, csv, ttl) to `destination`; YAML and Turtle
    are returned instead when there is no destination."""
    triples = list(triples)
    if form == "ttl":
        return _text(to_turtle(triples, base), destination)
    portfolio = portfolio_from(triples, base)
    if form == "yaml":
        from cxgraph.authoring.yaml_export import to_yaml

        return _text(to_yaml(portfolio), destination)
    if destination is None:
        raise ValueError(f"a {form} export needs a destination")
    from cxgraph.authoring import sheets

    if form == "xlsx":
        _replace_file(destination, lambda path: sheets.write_workbook(portfolio, path))
    else:
        _replace_folder(destination, lambda folder: sheets.write_csv_folder(portfolio, folder))
    return None


def _text(text: str, destination: Path | None) -> str | None:
    if destination is None:
        return text
    from cxgraph.cli.files import write_atomically

    write_atomically(destination, text)
    return None


def _umasked(mode: int) -> int:
    """`mode` less the process's umask, as a file created by a shell redirect gets it."""
    current = os.umask(0)
    os.umask(current)
    return mode & ~current


def _replace_file(destination: Path, write: object) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
    os.close(handle)
    try:
        write(Path(name))  # type: ignore[operator]
        Path(name).chmod(_umasked(0o666))
        os.replace(name, destination)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _replace_folder(destination: Path, write: object) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}."))
    try:
        write(fresh)  # type: ignore[operator]
        fresh.chmod(_umasked(0o777))
        if destination.exists():
            old = destination.with_name(f".{destination.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            destination.rename(old)
            fresh.rename(destination)
            shutil.rmtree(old, ignore_errors=True)
        else:
            fresh.rename(destination)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
