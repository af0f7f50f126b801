"""The word lists the statement analyzer reads, kept as data files in `lexicons/`.

Each file holds one entry per line (a word or a phrase); `#` starts a comment. Entries are
tokenised like statements are, so a phrase matches the same token sequence in a statement.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[a-z0-9]+(?:[-'/][a-z0-9]+)*|[%°£$€]")

Phrase = tuple[str, ...]


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
    # Longest phrases win; among equals, the earlier one; overlaps are dropped.
    candidates.sort(key=lambda span: (span[0] - span[1], span[0]))
    found: list[tuple[int, int]] = []
    taken: set[int] = set()
    for first, last in candidates:
        if taken.isdisjoint(range(first, last)):
            found.append((first, last))
            taken.update(range(first, last))
    return sorted(found)


@lru_cache(maxsize=256)
def _lengths_by_first_word(phrases: frozenset[Phrase]) -> dict[str, tuple[int, ...]]:
    """For each word a phrase starts with, the lengths of those phrases: a statement is then
    checked only where a phrase could begin."""
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}
