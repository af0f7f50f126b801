"""One statement read two ways: parsed into words with grammar, and matched against the word
lists (`lexicons/`), with the lists' matches mapped onto the parsed words."""

from __future__ import annotations

from functools import cached_property

from cxgraph.analysis.context import NO_CONTEXT, StatementContext
from cxgraph.analysis.lexicons import LEXICON_DIR, LexiconMatcher, tokenize
from cxgraph.analysis.parsing import Parse, Word

MATCHER = LexiconMatcher(path.stem for path in sorted(LEXICON_DIR.glob("*.txt")))
"""Every lexicon, matched in one pass over a text's words; a new word list joins by its file."""

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


class Reading:
    """A parsed statement, its word-list matches, and the graph's context for it."""

    def __init__(self, parse: Parse, context: StatementContext = NO_CONTEXT) -> None:
        self.parse = parse
        self.context = context
        self.words = parse.words
        self._tokens = tokenize(parse.text)
        self._matches = MATCHER.match([t.text for t in self._tokens])
        self._spans: dict[str, list[tuple[int, int]]] = {}

    # ---------------------------------------------------------------- word lists

    def matches(self, name: str) -> list[tuple[int, int]]:
        """Where lexicon `name` matches, as (first, last + 1) ranges of parsed words."""
        known = self._spans.get(name)
        if known is None:
            known = self._spans[name] = self._word_spans(name)
        return known

    def _word_spans(self, name: str) -> list[tuple[int, int]]:
        spans = []
        for first, last in self._matches.find(name):
            start, end = self._tokens[first].start, self._tokens[last - 1].end
            covered = [i for i, w in enumerate(self.words) if w.start < end and w.end > start]
            if covered:
                spans.append((covered[0], covered[-1] + 1))
        return spans

    def matched(self, name: str) -> set[int]:
        """The parsed words inside any match of lexicon `name`."""
        return {i for first, last in self.matches(name) for i in range(first, last)}

    def phrase(self, first: int, last: int) -> str:
        """The original text of words[first:last]."""
        return self.parse.span(first, last)

    def word(self, index: int) -> str:
        return self.words[index].text

    # ---------------------------------------------------------------- grammar

    @cached_property
    def clauses(self) -> list[int]:
        """The main verb of each sentence, and verbs joined to it (conj, parataxis)."""
        roots = self.parse.roots()
        joined = [
            i
            for i, w in enumerate(self.words)
            if w.dep in {"conj", "parataxis"} and w.head in roots and w.pos in {"VERB", "AUX"}
        ]
        return sorted({*roots, *joined})

    def subject(self, verb: int) -> int | None:
        """The subject of a verb (its own, or a root's it is joined to), if any."""
        for child in self.parse.children(verb):
            if self.words[child].dep in SUBJECTS:
                return child
        word = self.words[verb]
        if word.dep == "conj" and word.head != verb:
            return self.subject(word.head)
        return None

    def subject_phrase(self, subject: int) -> tuple[int, int]:
        """The words of a subject noun phrase, without clauses hanging from it."""
        cut = {"relcl", "acl", "prep", "punct", "cc", "conj", "appos"}
        dropped = {
            j
            for i in self.parse.children(subject)
            if self.words[i].dep in cut
            for j in self.parse.subtree(i)
        }
        inside = [i for i in self.parse.subtree(subject) if i not in dropped]
        near = [i for i in inside if abs(i - subject) <= 6]
        first = min(near)
        last = first
        while last + 1 in near:  # the words next to each other, from the first
            last += 1
        return first, max(last, subject) + 1

    def is_passive(self, verb: int) -> bool:
        deps = {self.words[c].dep for c in self.parse.children(verb)}
        return "auxpass" in deps or "nsubjpass" in deps

    def first_person(self, indices: list[int] | set[int] | range) -> bool:
        """Whether the customer speaks in these words (I, my; we, our when they are the
        customer's)."""
        lowered = {self.words[i].lower for i in indices}
        if lowered & FIRST_PERSON_SINGULAR:
            return True
        return bool(lowered & FIRST_PERSON_PLURAL) and self.we_is_customer

    @cached_property
    def we_is_customer(self) -> bool:
        """Whether "we" and "our" speak for the customer: yes when the customer states the
        outcome, no when the provider does, and when nobody is recorded, unless the words show
        the provider talking about its own work."""
        from cxgraph.analysis.context import Party

        stated_by = self.context.stated_by
        if stated_by is Party.UNKNOWN:
            from cxgraph.analysis.voice import provider_we

            return not provider_we(self)
        return stated_by is Party.CUSTOMER

    def names(self, names: tuple[str, ...], first: int, last: int) -> str:
        """The first of `names` written within words[first:last], or ""."""
        text = self.phrase(first, last).lower() if last > first else ""
        return next((name for name in names if name and name in text), "")

    def lemma(self, index: int) -> str:
        return self.words[index].lemma

    def w(self, index: int) -> Word:
        return self.words[index]
