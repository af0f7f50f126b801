"""The word lists the statement analyzer reads, kept as data files in `lexicons/`.

Each file holds one entry per line (a word or a phrase); `#` starts a comment. Entries are
tokenised like statements are, so a phrase matches the same token sequence in a statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[a-z0-9]+(?:[-'/][a-z0-9]+)*|[%°£$€]")

Phrase = tuple[str, ...]
Span = tuple[int, int]  # token indices: first, last + 1


class Token(NamedTuple):
    """A word, number or unit symbol of a statement, with where it sits in the text."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split text into lower-case tokens with their character spans.

    Example:
        >>> [t.text for t in tokenize("I'm back at work within 2 hours, 95 %.")]
        ["i'm", 'back', 'at', 'work', 'within', '2', 'hours', '95', '%']
    """
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    # A NamedTuple, not a dataclass: tokens are made by the million and this is 3x cheaper.
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]


@cache
def lexicon(name: str) -> frozenset[Phrase]:
    """Read `lexicons/<name>.txt` as a set of token phrases.

    Example:
        >>> ("user-friendly",) in lexicon("vague")
        True
    """
    phrases = set()
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            phrases.add(tuple(t.text for t in tokenize(entry)))
    return frozenset(phrases)


def find_phrases(tokens: list[Token], phrases: frozenset[Phrase]) -> list[tuple[int, int]]:
    """Return (first, last + 1) token index ranges where any phrase occurs, longest first.

    Example:
        >>> find_phrases(tokenize("as soon as possible"), frozenset({("as", "soon", "as", "possible")}))
        [(0, 4)]
    """
    words = [t.text for t in tokens]
    starting = _lengths_by_first_word(phrases)
    candidates = [
        (start, start + length)
        for start, word in enumerate(words)
        for length in starting.get(word, ())
        if start + length <= len(words) and tuple(words[start : start + length]) in phrases
    ]
    return longest_first(candidates)


def longest_first(candidates: list[Span]) -> list[Span]:
    """Resolve overlapping phrase matches: longest phrases win; among equals, the earlier one;
    overlaps are dropped. The kept spans come back in text order."""
    if len(candidates) < 2:
        return list(candidates)
    found: list[Span] = []
    taken: set[int] = set()
    for first, last in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
        if taken.isdisjoint(range(first, last)):
            found.append((first, last))
            taken.update(range(first, last))
    return sorted(found)


class PhraseMatches:
    """Where the phrases of several lexicons occur in one token list, found in one pass.

    `find(name)` answers exactly what `find_phrases(tokens, lexicon(name))` would.
    """

    def __init__(self, candidates: dict[str, list[Span]]) -> None:
        self._candidates = candidates  # every match of each lexicon, overlaps included
        # Resolved up front: a statement touches only two or three lexicons.
        self._found = {name: longest_first(spans) for name, spans in candidates.items()}

    def find(self, name: str) -> list[Span]:
        """The matches of lexicon `name`, overlaps resolved as `find_phrases` does."""
        return self._found.get(name, [])

    def find_within(self, name: str, first: int, last: int) -> list[Span]:
        """`find_phrases(tokens[first:last], lexicon(name))`: indices count from `first`.

        A phrase matches inside a slice exactly when it matches the whole list within the
        slice's bounds, so the slice's candidates are the whole list's candidates it contains.
        """
        inside = [
            (start - first, end - first)
            for start, end in self._candidates.get(name, ())
            if first <= start and end <= last
        ]
        return longest_first(inside)

    def any_within(self, name: str, first: int, last: int) -> bool:
        """Whether `find_phrases(tokens[first:last], lexicon(name))` finds anything."""
        return any(first <= start and end <= last for start, end in self._candidates.get(name, ()))


class LexiconMatcher:
    """Finds the phrases of many lexicons in one walk over a statement's words.

    Each phrase maps to the lexicons that hold it, so a statement is walked once, not once per
    lexicon; `match` gives the same answers as calling `find_phrases` for each lexicon.
    """

    def __init__(self, names: Iterable[str]) -> None:
        holders: dict[Phrase, list[str]] = {}
        for name in names:
            for phrase in lexicon(name):
                holders.setdefault(phrase, []).append(name)
        self._lexicons_by_phrase = {phrase: tuple(found) for phrase, found in holders.items()}
        self._lengths = _lengths_by_first_word(frozenset(holders))

    def match(self, words: list[str]) -> PhraseMatches:
        """Every occurrence of every lexicon's phrases in `words` (lower-case token texts)."""
        candidates: dict[str, list[Span]] = {}
        count = len(words)
        for start, word in enumerate(words):
            for length in self._lengths.get(word, ()):
                end = start + length
                if end <= count:
                    for name in self._lexicons_by_phrase.get(tuple(words[start:end]), ()):
                        candidates.setdefault(name, []).append((start, end))
        return PhraseMatches(candidates)


@lru_cache(maxsize=256)
def _lengths_by_first_word(phrases: frozenset[Phrase]) -> dict[str, tuple[int, ...]]:
    """For each word a phrase starts with, the lengths of those phrases: a statement is then
    checked only where a phrase could begin."""
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}
