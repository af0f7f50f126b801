"""Read RDF files into an rdflib graph.

Parsing goes through pyoxigraph: it is an order of magnitude faster than rdflib's own
parsers and reports syntax errors with line and column, which become `InputError`s.
"""

from __future__ import annotations

import fnmatch
import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.authored_files import AUTHORED_SUFFIXES
from cxgraph.errors import InputError
from cxgraph.safety.files import read_regular
from cxgraph.safety.limits import Limits
from cxgraph.safety.payloads import checked_rdf
from cxgraph.terms import file_scope, scoped, to_rdflib

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
"""File extensions cxgraph reads, and the RDF syntax each one means."""


def _readable(path: Path, folder: Path) -> bool:
    """An RDF file, or a portfolio YAML or spreadsheet outside hidden folders (where tools
    keep their own YAML: .github/workflows)."""
    suffix = path.suffix.lower()
    if path.name == "catalog-v001.xml":  # Protégé's import catalog, not RDF/XML
        return False
    if suffix in RDF_FORMATS:
        return True
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
    return suffix in AUTHORED_SUFFIXES and not hidden


def _known_extensions() -> str:
    return ", ".join(sorted({*RDF_FORMATS, *AUTHORED_SUFFIXES}))


def rdf_format_for(path: Path) -> ox.RdfFormat:
    """Return the RDF syntax of a file from its extension.

    Example:
        >>> rdf_format_for(Path("portfolio.ttl")).name
        'Turtle'
    """
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(str(path), f"unknown RDF file extension (known: {known})") from None


def find_rdf_files(paths: Iterable[Path], exclude: Iterable[str] = ()) -> list[Path]:
    """Expand folders and glob patterns into RDF files, minus those `exclude` matches.

    Folders are searched recursively for RDF extensions; a path that does not exist but
    holds `*`, `?` or `[` is a glob (`**` crosses folders); a glob matching nothing and a
    folder holding no RDF file are `InputError`s, as a missing file is when read: each means
    a mistyped path, not an empty portfolio. Exclude patterns match a file's path as given or
    its name.

    Example:
        >>> [p.name for p in find_rdf_files([Path("ontology")])][:2]
        ['core.ttl', 'cxgraph.ttl']
        >>> [p.name for p in find_rdf_files([Path("ontology/c*.ttl")], exclude=["*graph*"])]
        ['core.ttl']
        >>> import tempfile
        >>> find_rdf_files([Path(tempfile.mkdtemp(prefix="notes"))])
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: .../notes...: the folder holds no RDF file (known: .csv, ...)
    """
    patterns = list(exclude)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _readable(p, path) and p.is_file())
            if not files:
                known = _known_extensions()
                raise InputError(str(path), f"the folder holds no RDF file (known: {known})")
            found.extend(files)
        elif not path.exists() and any(c in str(path) for c in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
            if not matches:
                raise InputError(str(path), "the pattern matches no file")
            found.extend(m for m in matches if m.is_file())
        else:
            found.append(path)
    kept = [p for p in found if not _excluded(p, patterns)]
    return list(dict.fromkeys(kept))


def _excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(path.name, pattern)
        for pattern in patterns
    )


def parse_file(path: Path) -> Iterator[ox.Quad]:
    """Yield the quads of one RDF file, raising `InputError` with the place of a syntax error."""
    if path.suffix.lower() in AUTHORED_SUFFIXES:
        from cxgraph.authoring import authored_quads

        yield from authored_quads(path)
        return
    yield from _parsed(path, _read(path), rdf_format_for(path))


def _read(path: Path) -> bytes:
    rdf_format_for(path)  # an unknown extension is reported before the file is read
    return read_regular(path)


def _parsed(path: Path, data: bytes, rdf_format: ox.RdfFormat) -> Iterator[ox.Quad]:
    # JSON-LD is checked as JSON first (pyoxigraph reports its errors without a position),
    # and nothing is parsed that could expand or fetch without bound.
    data = checked_rdf(data, rdf_format, str(path), FILE_LIMITS)
    try:
        yield from ox.parse(data, rdf_format, base_iri=path.resolve().as_uri())
    except SyntaxError as error:
        raise _input_error(path, error) from None


def _input_error(path: Path, error: SyntaxError) -> InputError:
    message = error.msg.split(" (line ")[0]
    if message.startswith("Parser error"):
        message = message.split(": ", 1)[-1]
    return InputError(str(path), message, line=error.lineno, column=error.offset)


def load_graph(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse RDF files (folders are searched) into one rdflib graph.

    Named graphs of TriG and N-Quads files are merged into the one graph; blank node labels
    are named as the store names them (`cxgraph.terms.scoped_label`).

    Example:
        >>> from cxgraph.resources import ontology_files
        >>> len(load_graph(ontology_files())) > 1000
        True
    """
    graph = Graph() if graph is None else graph
    for path in find_rdf_files(Path(p) for p in paths):
        graph.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
            for q in _default_graph_quads(parse_file(path), path)
        )
    return graph


def load_store(paths: Iterable[str | Path], store: ox.Store | None = None) -> ox.Store:
    """Parse RDF files into the default graph of an Oxigraph store (in memory by default).

    The large-portfolio counterpart of `load_graph`: no rdflib terms are built. Blank node
    labels are tagged per file as in `load_graph`, so both give the same node keys.

    Example:
        >>> from cxgraph.resources import ontology_files
        >>> len(load_store(ontology_files())) == len(load_graph(ontology_files()))
        True
    """
    store = ox.Store() if store is None else store
    for path in find_rdf_files(Path(p) for p in paths):
        if path.suffix.lower() in AUTHORED_SUFFIXES:
            store.bulk_extend(parse_file(path))
            continue
        rdf_format = rdf_format_for(path)
        data = _read(path)
        if rdf_format in _DIRECT_FORMATS and b"_:" not in data and b"<<" not in data:
            # Nothing to rename: the store parses the file itself, 3 times faster.
            try:
                store.load(data, rdf_format, base_iri=path.resolve().as_uri())
            except SyntaxError as error:
                raise _input_error(path, error) from None
            continue
        quads = _parsed(path, data, rdf_format)
        store.bulk_extend(_default_graph_quads(quads, path))
    return store


_DIRECT_FORMATS = {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES}
"""Triple syntaxes whose only blank node labels are written `_:label` (and whose triple
terms, which the store must not hold, start with `<<`)."""

FILE_LIMITS = Limits()
"""Files are held to the default nesting bound; their size is the user's own business."""


def _default_graph_quads(quads: Iterable[ox.Quad], path: Path) -> Iterator[ox.Quad]:
    default, scope = ox.DefaultGraph(), file_scope(path)
    try:
        for quad in quads:
            subject, obj = scoped(quad.subject, scope), scoped(quad.object, scope)
            yield ox.Quad(subject, quad.predicate, obj, default)
    except InputError as error:
        if error.source != "<data>":
            raise
        raise InputError(str(path), error.message) from None  # a term the store cannot hold
