"""Portfolios written without Turtle: YAML files, XLSX workbooks and folders of CSV files.

Each reads into authored items (`cxgraph.authoring.document`), which become triples with
the place of every item and property (`build`), so that validation findings point at the
YAML line or the spreadsheet row. Exporters write triples back in those forms; the format
is described in docs/authoring.md and by the JSON Schema `cxgraph schema` prints.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cxgraph.authored_files import AUTHORED_SUFFIXES
from cxgraph.authoring.build import Built, build
from cxgraph.authoring.document import Document
from cxgraph.errors import InputError
from cxgraph.safety.files import read_regular

if TYPE_CHECKING:
    from cxgraph.positions import SourceIndex
    from cxgraph.report import Report
    from cxgraph.validation import Validator

EXPORT_FORMATS = ("yaml", "xlsx", "csv", "ttl")

MAX_WORKBOOK_BYTES = 256 << 20
"""A workbook's uncompressed size limit: a small XLSX can unpack to gigabytes."""


def is_authored(path: Path) -> bool:
    return path.suffix.lower() in AUTHORED_SUFFIXES


def read_document(path: Path, shown: str | None = None, base: str | None = None) -> Document:
    """The portfolio in a YAML file, a workbook, or the folder of a CSV file (or a folder)."""
    shown = shown if shown is not None else path.as_posix()
    if path.is_dir() or path.suffix.lower() == ".csv":
        from cxgraph.authoring.sheets import read_csv_folder

        folder = path if path.is_dir() else path.parent
        source = shown if path.is_dir() else str(PurePosixPath(shown).parent)
        return read_csv_folder(folder, "" if source == "." else source, base)
    if path.suffix.lower() == ".xlsx":
        from cxgraph.authoring.sheets import read_workbook

        data = read_regular(path)
        _check_workbook(data, shown)
        return read_workbook(_bytes_file(data), shown, base)
    from cxgraph.authoring.yaml_source import read_yaml

    data = read_regular(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(shown, "not UTF-8 text", line=line) from None
    return read_yaml(text, shown, base)


def read_built(path: Path, shown: str | None = None, base: str | None = None) -> Built:
    """The triples of an authored file and the place of each item and property."""
    if path.suffix.lower() != ".csv":
        return build(read_document(path, shown, base))
    # Only this sheet's part of its folder; the folder is read once for all its sheets.
    shown = shown if shown is not None else path.as_posix()
    folder = _csv_folder(path.parent, str(PurePosixPath(shown).parent), base, _stamp(path.parent))
    name = path.name
    places = [p for p in folder.places if p[2].file.endswith("/" + name) or p[2].file == name]
    subjects = {p[0] for p in places if p[3]}
    triples = [t for t in folder.triples if t.subject.value in subjects]  # type: ignore[union-attr]
    return Built(triples, places)


@lru_cache(maxsize=4)
def _csv_folder(folder: Path, shown: str, base: str | None, stamp: object) -> Built:
    return build(read_document(folder, shown, base))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a sheet of the folder changes."""
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.csv"))
    )


def source_index(
    built: Built, index: SourceIndex | None = None, wanted: Collection[str] | None = None
) -> SourceIndex:
    """Where each item and property of an authored portfolio is written, for `located`
    (added to `index` if given; only the `wanted` nodes, if given)."""
    from cxgraph.positions import Location, SourceIndex

    index = SourceIndex() if index is None else index
    for node, predicate, place, defining in built.places:
        if wanted is not None and node not in wanted:
            continue
        location = Location(place.file, place.line, place.column)
        if predicate is None:
            index.add(node, location, defining=defining)
        else:
            index.add_statement(node, predicate, location)
    return index


def judge_yaml(validator: Validator, text: str, source: str) -> Report:
    """Validate a YAML portfolio given as text; findings name its lines."""
    from cxgraph.authoring.yaml_source import read_yaml

    return judge_built(validator, build(read_yaml(text, source)))


def judge_built(validator: Validator, built: Built) -> Report:
    """Validate an authored portfolio; findings carry the places its items are written."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in built.triples)
    return validator.judge(store).located(source_index(built))


def authored_quads(path: Path) -> Iterable[ox.Quad]:
    default = ox.DefaultGraph()
    for triple in read_built(path).triples:
        yield ox.Quad(triple.subject, triple.predicate, triple.object, default)


def _check_workbook(data: bytes, shown: str) -> None:
    try:
        with zipfile.ZipFile(_bytes_file(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(shown, "not an XLSX workbook (not a zip archive)") from None
    if unpacked > MAX_WORKBOOK_BYTES:
        raise InputError(shown, f"the workbook unpacks to {unpacked:,} bytes, over the "
                                f"{MAX_WORKBOOK_BYTES:,}-byte limit")  # fmt: skip


def _bytes_file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
