"""Turn an authored portfolio into triples, checking it the way a careful reviewer would.

Every item gets the IRI `base + id`, so importing the same file again gives the same IRIs
and updates rather than duplicates. Errors name the place: an unknown key ("did you mean
`facility`?"), a value of the wrong type, a reference to an id no item has, an id given
twice. All errors are found before any triple is returned, so nothing half-built is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from cxgraph.authoring.document import Document, Field, Item, Place, Value, unknown
from cxgraph.authoring.vocabulary import (
    CX_NS,
    ID_PATTERN,
    OTHER_SECTION,
    RDF,
    SECTIONS,
    XSD,
    Term,
    Vocabulary,
    vocabulary,
)

_LEXICAL = {
    XSD + "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", "a decimal number"),
    XSD + "integer": (r"[+-]?\d+", "a whole number"),
    XSD + "nonNegativeInteger": (r"\+?\d+", "a whole number, 0 or more"),
    XSD + "boolean": (r"true|false|1|0", "true or false"),
    XSD + "date": (r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?", "a date such as 2026-03-31"),
    XSD + "dateTime": (
        r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
        "a date and time such as 2026-03-31T09:00:00Z",
    ),
    XSD + "duration": (
        r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
        "a duration such as P1M (a month) or PT4H (four hours)",
    ),
}
"""The lexical forms checked in the short form, and how to say what was expected."""


@dataclass
class Built:
    """The triples of a portfolio and where each node and statement is written."""

    triples: list[ox.Triple] = field(default_factory=list)
    places: list[tuple[str, str | None, Place, bool]] = field(default_factory=list)
    """(node IRI, predicate IRI or None, place, whether the item is defined there)."""


def build(document: Document, words: Vocabulary | None = None) -> Built:
    """The triples of `document`; `InputError` at the first thing wrong."""
    builder = _Builder(document, words or vocabulary())
    return builder.run()


class _Builder:
    def __init__(self, document: Document, words: Vocabulary) -> None:
        self.document = document
        self.words = words
        self.ids: dict[str, Item] = {}
        self.built = Built()

    def run(self) -> Built:
        for item in self.document.items:
            self._register(item)
        for item in self.document.items:
            self._item(item)
        return self.built

    def _register(self, item: Item) -> None:
        text = item.id.text
        if text.startswith("<") or ":" in text:
            self.iri(item.id)  # checks the IRI or prefix
            return
        if not ID_PATTERN.match(text):
            raise item.id.place.error(
                f"the id `{text}` cannot end an IRI: use letters, digits, `_`, `-` and `.`"
            )
        if text in self.ids:
            first = self.ids[text].id.place
            raise item.id.place.error(f"the id `{text}` is already used (line {first.line})"
                                      if first.line else f"the id `{text}` is already used")  # fmt: skip
        self.ids[text] = item

    def _item(self, item: Item) -> None:
        subject = self.iri(item.id)
        node = ox.NamedNode(subject)
        self.built.places.append((subject, None, item.id.place, True))
        for kind in self._types(item):
            self.built.triples.append(
                ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(kind))
            )
        for entry in item.fields:
            predicate, term = self._predicate(entry, item)
            self.built.places.append((subject, predicate, entry.place, False))
            for value in entry.values:
                obj = self._object(value, term, entry.key)
                if isinstance(obj, ox.NamedNode):
                    self.built.places.append((obj.value, None, value.place, False))
                self.built.triples.append(ox.Triple(node, ox.NamedNode(predicate), obj))

    def _types(self, item: Item) -> list[str]:
        if not item.types:
            if item.section == OTHER_SECTION:
                raise item.place.error("an item of `things` needs a `type`")
            return [CX_NS + SECTIONS[item.section]]
        kinds = []
        for value in item.types:
            if value.literal:
                raise value.place.error("a `type` is a class, not a literal")
            if value.text.startswith("<") or ":" in value.text:
                kinds.append(self.iri(value))
            elif value.text in self.words.classes:
                kinds.append(self.words.classes[value.text])
            else:
                raise value.place.error(unknown("class", value.text, list(self.words.classes)))
        return kinds

    def _predicate(self, entry: Field, item: Item) -> tuple[str, Term | None]:
        key = entry.key
        if key.startswith("<") or ":" in key:
            iri = self.iri(Value(key, entry.place))
            return iri, self.words.by_iri.get(iri)
        term = self.words.terms.get(key)
        if term is None:
            known = sorted({t.key for t in self.words.terms.values()})
            raise entry.place.error(
                unknown(f"key in `{item.section}`", key, known)
                + "; write a property of another vocabulary with its prefix (org:memberOf)"
            )
        return term.iri, term

    def _object(self, value: Value, term: Term | None, key: str) -> ox.NamedNode | ox.Literal:
        if value.literal:
            return self._explicit(value)
        if value.reference or (term is not None and term.reference):
            return ox.NamedNode(self.reference(value, key))
        if term is not None and term.literal:
            if term.datatype is not None:
                return self._typed(value, term, key)
            if self.document.language:
                return ox.Literal(value.text, language=self.document.language)
            return ox.Literal(value.text)
        # An annotation or another vocabulary's property: a thing if it names one.
        if self._looks_like_reference(value.text):
            return ox.NamedNode(self.reference(value, key))
        return ox.Literal(value.text)

    def _typed(self, value: Value, term: Term, key: str) -> ox.Literal:
        datatype = term.datatype or XSD + "string"
        if datatype == XSD + "string":
            return ox.Literal(value.text)
        rule = _LEXICAL.get(datatype)
        if rule is not None and not re.fullmatch(rule[0], value.text):
            raise value.place.error(f"`{key}` takes {rule[1]}, not `{value.text}`")
        return ox.Literal(value.text, datatype=ox.NamedNode(datatype))

    def _explicit(self, value: Value) -> ox.Literal:
        if value.language and value.datatype:
            raise value.place.error("a value has a `datatype` or a `language`, not both")
        if value.language:
            return ox.Literal(value.text, language=value.language)
        if value.datatype:
            return ox.Literal(
                value.text, datatype=ox.NamedNode(self.iri(Value(value.datatype, value.place)))
            )
        return ox.Literal(value.text)

    def _looks_like_reference(self, text: str) -> bool:
        if text.startswith("<") and text.endswith(">"):
            return True
        prefix, colon, rest = text.partition(":")
        if colon and prefix in self.document.prefixes and " " not in rest:
            return True
        return text in self.ids

    def reference(self, value: Value, key: str) -> str:
        """The IRI a reference names: an item's id, an ontology individual, or an IRI."""
        text = value.text
        if text.startswith("<") or ":" in text:
            return self.iri(value)
        if text in self.ids:
            return self.iri(self.ids[text].id)
        if text in self.words.individuals:
            return self.words.individuals[text]
        known = [*self.ids, *self.words.individuals]
        raise value.place.error(unknown(f"reference in `{key}`: no item has the id", text, known))

    def iri(self, value: Value) -> str:
        """An id, `prefix:name` or `<IRI>` as a full IRI."""
        text = value.text
        if text.startswith("<"):
            if not text.endswith(">") or any(c in text[1:-1] for c in ' <>"{}|^`\\'):
                raise value.place.error(f"`{text}` is not an IRI")
            return text[1:-1]
        prefix, colon, local = text.partition(":")
        if colon:
            namespace = self.document.prefixes.get(prefix)
            if namespace is None:
                known = list(self.document.prefixes)
                raise value.place.error(
                    unknown("prefix", prefix, known) + " (declare it under `prefixes`)"
                )
            return namespace + local
        return self.document.base + text
