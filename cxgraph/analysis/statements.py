"""Judge the wording of a Successful Customer Outcome statement against three CEMM criteria.

The analyzer is a set of small, deterministic checks over word lists (`lexicons/`); every
shortfall it finds is a `Cue` that quotes the words behind it, so a finding can say *why*.
It judges only the text: whether indicators are attached is a separate rule (sco-indicator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from cxgraph.analysis.lexicons import (
    LEXICON_DIR,
    LexiconMatcher,
    PhraseMatches,
    Token,
    lexicon,
    tokenize,
)


class Criterion(StrEnum):
    """The CEMM criteria that can be judged from a statement's text alone."""

    OUTSIDE_IN = "outside-in"
    MEASURABLE = "measurable"
    ACTIONABLE = "actionable"


@dataclass(frozen=True)
class Cue:
    """Evidence that a statement falls short of one criterion, with the words behind it."""

    criterion: Criterion
    kind: str
    text: str
    explanation: str


@dataclass(frozen=True)
class StatementJudgement:
    """What the analyzer found in one statement."""

    statement: str
    cues: tuple[Cue, ...]

    def meets(self, criterion: Criterion) -> bool:
        """True when no cue speaks against `criterion`."""
        return not any(cue.criterion == criterion for cue in self.cues)


_DEADLINE_WORDS = frozenset({"by", "before", "until", "within", "no later than", "after"})
_CUSTOMER_VOICE_PREFIX = re.compile(r"^\s*(as an? |as the |as our |as my )[^,]*,\s*", re.I)
_CASED_PROVIDERS = re.compile(r"\b(IT|ICT)\b")
_FIRST_PERSON = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've",
     "we'd", "we'll", "us", "our", "ours", "ourselves"}
)  # fmt: skip
_WISHES = frozenset({"need", "needs", "want", "wants", "require", "requires", "expect", "like"})
_WE = frozenset(
    {"we", "we're", "we'll", "our team", "our staff", "our engineers", "our agents", "our people"}
)
_WE_OPENERS = frozenset(phrase.split()[0] for phrase in _WE)  # "we", "our", ...
_PROVIDER_MODALS = frozenset(
    {"will", "shall", "must", "should", "to", "aim", "aims", "strive", "commit", "always", "are"}
)


_LEXICONS = LexiconMatcher(path.stem for path in sorted(LEXICON_DIR.glob("*.txt")))
"""Every lexicon, matched in one pass over a text's words; a new word list joins by its file."""


class _Text(NamedTuple):
    """A text tokenised once, with every lexicon's phrases located in it."""

    text: str
    tokens: list[Token]
    words: list[str]
    phrases: PhraseMatches


def _read(text: str) -> _Text:
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    return _Text(text, tokens, words, _LEXICONS.match(words))


@lru_cache(maxsize=65_536)
def judge_statement(statement: str) -> StatementJudgement:
    """Find every cue against the outside-in, measurable and actionable criteria.

    Judgements are cached by text: portfolios repeat statements across services.

    Example:
        >>> judgement = judge_statement("IT will maintain the heating units")
        >>> [(c.criterion.value, c.kind, c.text) for c in judgement.cues if c.text]
        [('outside-in', 'provider-subject', 'IT will')]
        >>> judge_statement("My office stays between 20 and 23 °C during working hours").cues
        ()
    """
    whole = _read(statement)
    cues = [*_outside_in_cues(whole), *_measurable_cues(whole), *_actionable_cues(whole)]
    return StatementJudgement(statement, tuple(cues))


# ---------------------------------------------------------------- outside-in


def _outside_in_cues(whole: _Text) -> list[Cue]:
    cues: list[Cue] = []
    if _FIRST_PERSON.isdisjoint(whole.words):
        cues.append(
            Cue(
                Criterion.OUTSIDE_IN,
                "no-customer-voice",
                "",
                "the statement never speaks as the customer (no I, my, we or our); "
                "write it as the customer would say it",
            )
        )
    body = _body(whole)
    # (kind, the words, what they do wrong and what to write instead)
    found: list[tuple[str, str, str]] = [
        ("provider-subject", _provider_subject(body),
         "makes the provider or a system the actor; say what the customer can do or has once the service works"),
        ("provider-voice", _provider_we(body),
         "is the provider speaking about its own work; state the result the customer gets"),
        *(("provider-voice", _span(body, first, last),
           "is the provider speaking about itself; state the result the customer gets")
          for first, last in body.phrases.find("provider-voice")),
        ("instruction-to-provider", _instruction_to_provider(body),
         "tells the provider what to do; describe the customer's result instead"),
        ("activity-requested", _activity_requested(body),
         "asks for the provider's activity, not for a result; say what the customer gets from it "
         "(for example a temperature, not a maintenance visit)"),
        ("customers-described", _crowd_subject(body),
         "describes customers from the outside; write it as a customer would say it (I, my, we)"),
        *(("provider-jargon", _span(whole, first, last),
           "is the provider's internal language; use the words the customer would use")
          for first, last in whole.phrases.find("provider-jargon")),
    ]  # fmt: skip
    cues += [
        Cue(Criterion.OUTSIDE_IN, kind, words, f"'{words}' {advice}")
        for kind, words, advice in found
        if words
    ]
    return cues


def _body(whole: _Text) -> _Text:
    """The statement without its role clause; the same reading when it has none."""
    body = _strip_customer_voice(whole.text)
    return whole if body == whole.text else _read(body)


def _strip_customer_voice(statement: str) -> str:
    """Drop a leading 'As a patient, ...' role clause: it marks the customer's voice."""
    return _CUSTOMER_VOICE_PREFIX.sub("", statement, count=1)


def _provider_subject(body: _Text) -> str:
    cased = _CASED_PROVIDERS.match(body.text.lstrip())
    if cased:
        following = tokenize(body.text.lstrip()[cased.end() :])[:1]
        return cased.group() + (f" {following[0].text}" if following else "")
    for first, last in body.phrases.find("provider-subjects"):
        if first == 0:
            return _span(body, first, last)
    return ""


def _provider_we(body: _Text) -> str:
    """'we'/'our team' followed, within three words, by a provider activity verb."""
    actions = lexicon("provider-actions")
    words = body.words
    for index, word in enumerate(words):
        if word not in _WE_OPENERS:
            continue  # most words cannot begin 'we' or 'our team'
        pair = " ".join(words[index : index + 2])
        opener = pair if pair in _WE else word if word in _WE else ""
        if not opener:
            continue
        start = index + len(opener.split())
        window = words[start : start + 4]
        for offset in range(len(window)):
            rest = window[offset:]
            if (rest[0],) in actions or tuple(rest[:2]) in actions:
                leading = window[:offset]
                if all(w in _PROVIDER_MODALS or w in {"to", "will"} for w in leading):
                    return _span(body, index, start + offset + 1)
    return ""


def _instruction_to_provider(body: _Text) -> str:
    words = body.words
    if not words:
        return ""
    if (words[0],) in lexicon("provider-actions") and words[0] not in {"services"}:
        return _span(body, 0, min(3, len(words)))
    return ""


def _activity_requested(body: _Text) -> str:
    """'I need my heating unit maintained': a wish for the provider's work itself."""
    for first, last in body.phrases.find("provider-activities-requested"):
        if _WISHES.intersection(body.words[max(0, first - 6) : first]):
            return _span(body, first, last)
    return ""


def _crowd_subject(body: _Text) -> str:
    """'Users enjoy ...': customers named in the third person within the first three words."""
    for first, last in body.phrases.find_within("third-person-customers", 0, 3):
        if first == 0:
            return _span(body, first, last)
    return ""


# ---------------------------------------------------------------- measurable


def _measurable_cues(whole: _Text) -> list[Cue]:
    cues = [
        Cue(
            Criterion.MEASURABLE,
            "vague-word",
            words,
            f"'{words}' has no yardstick; replace it with a number, a unit and a time bound",
        )
        for words in _vague_words(whole)
    ]
    if not _has_quantity(whole):
        cues.append(
            Cue(
                Criterion.MEASURABLE,
                "no-quantity",
                "",
                "the statement states no number, percentage, count, deadline or time bound "
                "by which to tell whether it is met",
            )
        )
    return cues


def _vague_words(whole: _Text) -> list[str]:
    found = [_span(whole, a, b) for a, b in whole.phrases.find("vague")]
    comparatives = lexicon("comparatives")
    words = whole.words
    for index, word in enumerate(words):
        if (word,) not in comparatives:
            continue
        before = words[max(0, index - 3) : index]
        after = words[index + 1 : index + 4]
        if _quantified(before + after) or (before and before[-1] in {"no", "not"}):
            continue
        found.append(token_text(whole.text, whole.tokens[index]))
    return found


def _quantified(words: list[str]) -> bool:
    return any(_is_number(w) or w == "%" or (w,) in lexicon("quantity-words") for w in words)


def _has_quantity(whole: _Text) -> bool:
    words = whole.words
    if any(_is_number(w) or w == "%" for w in words):
        return True
    if _quantified([part for w in words if "-" in w for part in w.split("-")]):
        return True  # "twenty-four", "one-hour"
    if whole.phrases.find("quantity-words"):
        return True
    # a deadline word with a time anchor among the next five words: "by Friday", "within the hour"
    return any(
        (word in _DEADLINE_WORDS or " ".join(words[index : index + 3]) == "no later than")
        and whole.phrases.any_within("time-anchors", index + 1, index + 6)
        for index, word in enumerate(words)
    )


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


# ---------------------------------------------------------------- actionable


def _actionable_cues(whole: _Text) -> list[Cue]:
    sentiment = [
        _span(whole, a, b) for name in ("feelings", "slogans") for a, b in whole.phrases.find(name)
    ]
    concrete = _concrete_indices(whole)
    if sentiment and not _has_result_clause(whole, concrete):
        quoted = ", ".join(sentiment)
    elif not concrete:
        quoted = ", ".join(sentiment) if sentiment else whole.text.strip()
    else:
        return []
    return [
        Cue(
            Criterion.ACTIONABLE,
            "no-concrete-outcome",
            quoted,
            f"'{quoted}' names no concrete result a provider could act on; "
            "say what the customer can do, get or have",
        )
    ]


def _has_result_clause(whole: _Text, concrete: set[int]) -> bool:
    """A feeling backed by a result ('happy because I can pay online') is actionable."""
    for _, last in whole.phrases.find("result-markers"):
        if concrete.intersection(range(last, last + 5)):
            return True
    return False


def _concrete_indices(whole: _Text) -> set[int]:
    """Positions of the words left once feelings, slogans, vague and generic words are out."""
    covered: set[int] = set()
    for name in ("feelings", "slogans", "vague", "generic-words", "comparatives", "result-markers"):
        for first, last in whole.phrases.find(name):
            covered.update(range(first, last))
    return {
        i
        for i, w in enumerate(whole.words)
        if i not in covered and not _is_number(w) and w not in {"%", "°"}
    }


# ---------------------------------------------------------------- text spans


def _span(read: _Text, first: int, last: int) -> str:
    """The original words (case kept) covered by tokens[first:last]."""
    return read.text[read.tokens[first].start : read.tokens[last - 1].end]


def token_text(text: str, token: Token) -> str:
    """The original spelling of one token."""
    return text[token.start : token.end]
