"""Build a portfolio in Python: items with the same sections and keys as the YAML format.

    >>> from cxgraph.modelling import Portfolio
    >>> portfolio = Portfolio(base="https://example.org/p#", language="en")
    >>> desk = portfolio.add("support", "Desk", label="Service desk")
    >>> mail = portfolio.add("services", "Mail", label="Mail", support=desk)
    >>> len(portfolio.triples())
    5

Why not owlready2's classes over the ontology: a script written this way gets what a YAML
file gets. A misspelt key is an error with a suggestion (owlready2 stores an unknown
attribute silently), `period="P1M"` becomes an xsd:duration as SHACL expects (owlready2
has no duration type), IRIs are base + id as in every other form, and the findings of
`validate()` point at the line of the script that added the item. The portfolio can be
saved as Turtle, YAML or a workbook, and opened in owlready2 from there.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cxgraph.authoring.build import Built, build
from cxgraph.authoring.document import Document, Field, Item, Place, Value, unknown
from cxgraph.authoring.vocabulary import OTHER_SECTION, PREFIXES, SECTIONS
from cxgraph.authoring.yaml_source import DEFAULT_BASE
from cxgraph.errors import InputError

if TYPE_CHECKING:
    from cxgraph.report import Report


@dataclass(frozen=True)
class ItemRef:
    """An item added to a portfolio; pass it as the value of another item's key."""

    id: str
    iri: str


class Portfolio:
    """A portfolio under construction; `add` items, then `validate` or `save`."""

    def __init__(self, base: str = DEFAULT_BASE, language: str | None = None) -> None:
        self._document = Document("<python>", base, language, dict(PREFIXES))

    def add(self, section: str, id: str, *, type: str | None = None, **keys: object) -> ItemRef:
        """Add an item to `section` (`services`, `outcomes`, ...) with its keys, as in YAML.

        Values are text, numbers, booleans, other items, or lists of them. Mistakes raise
        `InputError` naming the line of the calling script.
        """
        place = _caller()
        if section not in (*SECTIONS, OTHER_SECTION):
            raise place.error(unknown("section", section, [*SECTIONS, OTHER_SECTION]))
        item = Item(section, Value(id, place), place)
        if type is not None:
            item.types = [Value(type, place)]
        for key, value in keys.items():
            item.fields.append(Field(key, place, [_value(v, place) for v in _many(value)]))
        self._document.items.append(item)
        # Keys and values are checked when the portfolio is built (references may point at
        # items added later); each mistake names the line of the `add` that made it.
        return ItemRef(id, self._document.base + id)

    def triples(self) -> list[ox.Triple]:
        return self._built().triples

    def validate(self, config: Path | None = None) -> Report:
        """Validate with the same pipeline as `cxgraph validate`; findings name the lines of
        the script where their items were added. Returns a `cxgraph.Report`."""
        from cxgraph.authoring import judge_built
        from cxgraph.validation import Validator

        return judge_built(Validator.from_config(config), self._built())

    def save(self, path: Path | str) -> None:
        """Write the portfolio as Turtle (.ttl), YAML (.yaml) or a workbook (.xlsx)."""
        from cxgraph.authoring.convert import export

        target = Path(path)
        form = {".ttl": "ttl", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}.get(
            target.suffix.lower()
        )
        if form is None:
            raise InputError(str(target), "save as .ttl, .yaml or .xlsx")
        export(self.triples(), form, target, self._document.base)

    def _built(self) -> Built:
        return build(self._document)


def _many(value: object) -> list[object]:
    if isinstance(value, str | bytes | ItemRef) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _value(value: object, place: Place) -> Value:
    if isinstance(value, ItemRef):
        return Value(f"<{value.iri}>", place, reference=True)
    if isinstance(value, bool):
        return Value("true" if value else "false", place)
    if isinstance(value, int | float | str):
        return Value(str(value), place)
    raise place.error(f"a value must be text, a number, a boolean or an item, not {value!r}")


def _caller() -> Place:
    """The line of the user's code that called into this module."""
    for frame in inspect.stack()[2:]:
        if frame.filename != __file__:
            return Place(frame.filename, frame.lineno)
    return Place("<python>")
