"""The word lists the statement analyzer reads, kept as data files in `lexicons/`.

Each file holds one entry per line (a word or a phrase); `#` starts a comment. Entries are
tokenised like statements are, so a phrase matches the same token sequence in a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[a-z0-9]+(?:[-'/][a-z0-9]+)*|[%°£$€]")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Token:
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
    lengths = sorted({len(p) for p in phrases}, reverse=True)
    found: list[tuple[int, int]] = []
    taken: set[int] = set()
    for length in lengths:
        for start in range(len(words) - length + 1):
            span = range(start, start + length)
            if tuple(words[start : start + length]) in phrases and not taken.intersection(span):
                found.append((start, start + length))
                taken.update(span)
    return sorted(found)
