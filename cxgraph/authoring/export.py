"""Write a portfolio's triples back as authored items, for YAML and spreadsheets.

Each value is written in the short form when reading it back gives the same RDF term
(a number where the property takes numbers, an id where it takes things), and in the
explicit form otherwise (`{value: ..., datatype: ...}`, `{iri: ...}`), so an export read
back is the same graph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from cxgraph.authoring.build import _LEXICAL
from cxgraph.authoring.vocabulary import (
    CX_NS,
    ID_PATTERN,
    PREFIXES,
    RDF,
    SECTIONS,
    XSD,
    Term,
    Vocabulary,
    vocabulary,
)
from cxgraph.errors import InputError

NUMERIC = {XSD + t for t in ("decimal", "integer", "nonNegativeInteger", "boolean")}


@dataclass(frozen=True)
class Out:
    """One value to write: `text` in the short form, or an explicit literal or reference."""

    text: str
    datatype: str | None = None
    language: str | None = None
    explicit: str | None = None  # None (short), "literal" or "reference"
    plain: bool = False  # a number or boolean that YAML may write unquoted
    thing: bool = False  # names a thing (an id, `prefix:name` or `<IRI>`)


@dataclass
class OutItem:
    section: str
    id: str
    types: list[str]
    fields: list[tuple[str, list[Out]]] = field(default_factory=list)


@dataclass
class Portfolio:
    """What an exporter writes: settings and items by section, in a stable order."""

    base: str
    language: str | None
    prefixes: dict[str, str]
    items: list[OutItem]


def portfolio_from(
    triples: Iterable[ox.Triple],
    base: str | None = None,
    words: Vocabulary | None = None,
) -> Portfolio:
    """The items of `triples`; every subject must be an IRI."""
    words = words or vocabulary()
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        if not isinstance(triple.subject, ox.NamedNode) or isinstance(triple.object, ox.BlankNode):
            raise InputError(
                "<export>",
                f"blank node in `{triple}`: give it an IRI to export the portfolio",
            )
        by_subject[triple.subject.value].append(triple)
    base = base or _likely_base(by_subject)
    language = _likely_language(by_subject.values(), words)
    writer = _Writer(base, language, words, set(by_subject))
    items = [writer.item(subject, found) for subject, found in by_subject.items()]
    order = {section: n for n, section in enumerate(SECTIONS)}
    items.sort(key=lambda i: (order.get(i.section, len(order)), i.id))
    return Portfolio(base, language, writer.used_prefixes(), items)


def _likely_base(by_subject: dict[str, list[ox.Triple]]) -> str:
    """The namespace most subjects share (up to the last `#` or `/`)."""
    spaces = Counter(re.sub(r"[^#/]*\Z", "", subject) for subject in by_subject)
    return spaces.most_common(1)[0][0] if spaces else "urn:cxgraph:portfolio:"


def _likely_language(groups: Iterable[list[ox.Triple]], words: Vocabulary) -> str | None:
    languages = Counter(
        t.object.language
        for triples in groups
        for t in triples
        if isinstance(t.object, ox.Literal) and t.object.language
    )
    return languages.most_common(1)[0][0] if languages else None


class _Writer:
    def __init__(self, base: str, language: str | None, words: Vocabulary, items: set[str]) -> None:
        self.base = base
        self.language = language
        self.words = words
        self.items = items
        self.ids = {self.id_of(s): s for s in items if self._local_id(s)}
        self.prefixes_used: set[str] = set()

    def _local_id(self, iri: str) -> str | None:
        if iri.startswith(self.base) and ID_PATTERN.match(iri[len(self.base) :]):
            return iri[len(self.base) :]
        return None

    def id_of(self, iri: str) -> str:
        return self._local_id(iri) or self.name(iri)

    def name(self, iri: str) -> str:
        """`prefix:local` when a known prefix fits, else `<IRI>`."""
        for prefix, namespace in PREFIXES.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", local):
                self.prefixes_used.add(prefix)
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def used_prefixes(self) -> dict[str, str]:
        return {}  # every prefix written is one all files know

    def item(self, subject: str, triples: list[ox.Triple]) -> OutItem:
        types = sorted(
            t.object.value
            for t in triples
            if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode)
        )
        section = self.words.section_of(types)
        default = [CX_NS + SECTIONS[section]] if section in SECTIONS else []
        written_types = [] if types == default else [self.class_name(t) for t in types]
        item = OutItem(section, self.id_of(subject), written_types)
        grouped: dict[str, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            if triple.predicate.value != RDF + "type":
                grouped[triple.predicate.value].append(triple)
        first = {"label": 0, "comment": 1}
        for predicate in sorted(grouped, key=lambda p: (first.get(self.key(p), 2), self.key(p))):
            term = self.words.by_iri.get(predicate)
            values = sorted(
                (self.value(t.object, term) for t in grouped[predicate]),
                key=lambda o: (o.text, o.datatype or "", o.language or ""),
            )
            item.fields.append((self.key(predicate), values))
        return item

    def class_name(self, iri: str) -> str:
        local = iri[len(CX_NS) :]
        if iri.startswith(CX_NS) and self.words.classes.get(local) == iri:
            return local
        return self.name(iri)

    def key(self, predicate: str) -> str:
        term = self.words.by_iri.get(predicate)
        return term.key if term is not None else self.name(predicate)

    def value(self, node: object, term: Term | None) -> Out:
        if isinstance(node, ox.NamedNode):
            text = self.reference(node.value)
            if term is not None and term.literal:
                return Out(text, explicit="reference", thing=True)
            return Out(text, thing=True)
        if not isinstance(node, ox.Literal):  # blank nodes were refused in portfolio_from
            raise InputError("<export>", f"cannot export `{node}`")
        return self.literal(node, term)

    def reference(self, iri: str) -> str:
        """How a reference is written so that it reads back as `iri`."""
        local = self._local_id(iri)
        if local is not None and iri in self.items:
            return local
        if iri.startswith(CX_NS):
            name = iri[len(CX_NS) :]
            if self.words.individuals.get(name) == iri and name not in self.ids:
                return name
        return self.name(iri)

    def literal(self, literal: ox.Literal, term: Term | None) -> Out:
        text = literal.value
        datatype = literal.datatype.value
        language = literal.language
        explicit = Out(text, None if language else datatype, language, "literal")
        if term is None or not term.literal:
            if datatype == XSD + "string" and not self._reads_as_reference(text):
                return Out(text)
            return explicit
        if term.datatype is None:
            wanted_language = self.language
            if language == wanted_language or (language is None and wanted_language is None
                                               and datatype == XSD + "string"):  # fmt: skip
                return Out(text)
            return explicit
        if term.datatype == XSD + "string":
            return Out(text) if datatype == XSD + "string" and not language else explicit
        rule = _LEXICAL.get(term.datatype)
        if datatype == term.datatype and (rule is None or re.fullmatch(rule[0], text)):
            return Out(text, plain=datatype in NUMERIC)
        return explicit

    def _reads_as_reference(self, text: str) -> bool:
        prefix, colon, rest = text.partition(":")
        return (
            (text.startswith("<") and text.endswith(">"))
            or (bool(colon) and prefix in PREFIXES and " " not in rest)
            or text in self.ids
        )
