"""A portfolio as authored: items with their fields, each value remembering where it was
written. The YAML and spreadsheet readers make one; `cxgraph.authoring.build` turns it
into triples, and the exporters make one from triples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches

from cxgraph.errors import InputError


def unknown(what: str, word: str, known: Sequence[str]) -> str:
    """ "unknown key `facilty` (did you mean `facility`?)": the error for a word not known."""
    close = get_close_matches(word, list(known), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown {what} `{word}`{hint}"


@dataclass(frozen=True)
class Place:
    """Where something is written: file (with the sheet, for a workbook), line or row, and
    column, 1-based."""

    file: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    """A spreadsheet cell's name (`C12`), said in errors."""

    def error(self, message: str) -> InputError:
        where = f"cell {self.cell}: " if self.cell else ""
        return InputError(self.file, where + message, line=self.line, column=self.column)


@dataclass(frozen=True)
class Value:
    """One value as written: its text, and an explicit datatype or language if given."""

    text: str
    place: Place
    datatype: str | None = None
    language: str | None = None
    literal: bool = False
    """Written in the explicit form ({value: ...} in YAML, a quoted Turtle literal in a
    cell): a literal, never a reference, taken as written."""
    reference: bool = False
    """Written as an explicit reference ({iri: ...} in YAML, `<IRI>` in a cell)."""


@dataclass
class Field:
    key: str
    place: Place
    values: list[Value]


@dataclass
class Item:
    section: str
    id: Value
    place: Place
    types: list[Value] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


@dataclass
class Document:
    """A whole portfolio: its base IRI, language, prefixes and items."""

    source: str
    base: str
    language: str | None
    prefixes: dict[str, str]
    items: list[Item] = field(default_factory=list)
