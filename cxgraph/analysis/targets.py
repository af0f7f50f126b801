"""Measurable: does the statement itself say how to tell whether it is met?

A target is a number that counts or measures something ("within 30 minutes", "95 % of my
orders"), a bound without digits ("the same working day", "before I leave the ward", "by the
end of my shift"), or an absolute ("at the first attempt", "zero missed collections", "never
stops", "every meter", "no paperwork"). Numbers in names are not targets ("Building 7",
"Windows 11", "the 111 line", "5G"), and a unit or period with nothing to reach ("response
time in hours, measured monthly", "service levels are met every month") is none. The
parser's entity recogniser finds the numeric and temporal expressions; the grammar says
what a number or a period belongs to.
"""

from __future__ import annotations

from cxgraph.analysis.parsing import Word
from cxgraph.analysis.reading import Reading
from cxgraph.analysis.voice import Finding

NUMERIC = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL", "TIME", "DATE"})
NAMES = frozenset(
    {"PRODUCT", "LAW", "FAC", "ORG", "GPE", "WORK_OF_ART", "EVENT", "NORP", "PERSON", "LOC"}
)
_NAMING_NOUNS = frozenset(
    {
        "building", "version", "release", "floor", "room", "terminal", "gate", "platform",
        "line", "ward", "level", "phase", "model", "generation", "windows", "office", "block",
        "wing", "bay", "unit", "route", "bus", "year", "grade", "class", "zone", "site",
        "hall", "dock", "suite", "door", "track", "lane", "aisle", "pier", "station", "plan",
        "tier", "band", "type", "number", "form", "step", "chapter", "section",
        "excel", "iphone", "ios", "android", "covid", "series", "mark", "stage",
    }
)  # fmt: skip
_BOUNDS = frozenset(
    {
        "within", "by", "before", "until", "till", "under", "inside", "after", "latest",
        "least", "most", "max", "maximum", "minimum", "min", "than", "up", "over", "below",
        "above", "between", "per", "every", "each",
    }
)  # fmt: skip
_DEADLINES = frozenset({"within", "by", "before", "until", "till", "prior", "while"})
_MEASURING = frozenset(
    {
        "measure", "report", "track", "monitor", "record", "express", "meet", "achieve",
        "exceed", "publish", "calculate", "survey", "audit", "assess",
    }
)  # fmt: skip
_FREQUENCIES = frozenset(
    {"daily", "weekly", "monthly", "quarterly", "yearly", "annually", "hourly", "nightly"}
)
_TIME_UNITS = frozenset(
    {
        "second", "minute", "hour", "day", "week", "month", "year", "quarter", "shift",
        "night", "morning", "evening", "afternoon", "weekend", "visit", "call", "attempt",
        "time", "try", "trip", "contact", "term", "semester", "round", "date", "deadline",
    }
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty",
        "hundred", "thousand", "half", "zero", "a", "an", "single", "once", "twice",
    }
)  # fmt: skip


def measurable(reading: Reading) -> list[Finding]:
    """The statement's shortfalls on measurability: vague words, and no target at all."""
    if targets(reading):
        return []
    found = [
        Finding(
            "vague-word",
            words,
            "has no yardstick; replace it with a number, a unit and a time bound",
        )
        for words in _vague(reading)
    ]
    found.append(
        Finding(
            "no-quantity",
            "",
            "the statement states no number, percentage, count, deadline or time bound by "
            "which to tell whether it is met",
        )
    )
    return found


def targets(reading: Reading) -> list[str]:
    """The words of each target the statement sets.

    A quantifier alone ("every station", "each delivery") is a target only in a statement
    that neither reports a measurement nor leans on vague words: "every incoming payment in
    near real time" and "figures every week" set none.
    """
    entities = reading.parse.entities
    measuring = any(
        w.lemma in _MEASURING or w.lemma in _REPORTS or w.lower.startswith("measur")
        for w in reading.words
    )
    found = [
        reading.phrase(a, b)
        for a, b, kind in entities
        if _entity_target(reading, a, b, kind)
        and not (measuring and kind == "DATE" and _frequency_only(reading, a, b))
    ]
    found += [reading.word(i) for i in _loose_numbers(reading)]
    found += _deadlines(reading)
    found += _absolutes(reading)
    quantified = [t for t in _quantifiers(reading) if not measuring]
    if quantified and not found and not reading.matches("vague") and not reading.matches("slogans"):
        found += quantified
    return found


_REPORTS = frozenset(
    {
        "figure", "statistic", "report", "dashboard", "kpi", "score", "use", "usage", "oee",
        "attendance", "rate", "average",
    }
)  # fmt: skip


def _entity_target(reading: Reading, first: int, last: int, kind: str) -> bool:
    if kind not in NUMERIC or _in_a_name(reading, first, last):
        return False
    words = reading.words[first:last]
    lowered = {w.lower for w in words}
    before = reading.words[max(0, first - 3) : first]
    bounded = any(w.lower in _BOUNDS for w in before) or words[0].lower in _BOUNDS
    has_number = any(_is_number(w) for w in words)
    if kind in {"TIME", "DATE"}:
        if _measured_period(reading, first):
            return False
        following = reading.words[last] if last < len(reading.words) else None
        if following is not None and following.pos == "NOUN" and following.lemma not in _TIME_UNITS:
            return False  # "the 7:15 train": a time that names a thing
        if has_number or bounded or {"same", "next", "end", "first", "last"} & lowered:
            return True
        if words[0].dep != "det" and (
            lowered & {"today", "tonight", "tomorrow"} or words[0].lower == "this"
        ):
            return True  # "today", "this year": a deadline (not "a greener tomorrow")
        if lowered & _FREQUENCIES or words[0].lower in {"every", "each"}:
            return True
        return any(w.pos == "PROPN" for w in words)  # "by Friday", "on Monday"
    if kind == "ORDINAL":
        after = reading.words[last : last + 2]
        if after and after[0].text == "-":
            return False  # "first-contact resolution": a name of a metric
        return any(w.lemma in _TIME_UNITS for w in after)
    owner = reading.w(words[-1].head)
    if owner.pos == "ADJ" and words[-1].head not in range(first, last):
        return False  # "a hundred percent happy": a way of speaking, no target
    return has_number


def _frequency_only(reading: Reading, first: int, last: int) -> bool:
    """'every month', 'monthly': a period with no number or bound in it."""
    words = reading.words[first:last]
    lowered = {w.lower for w in words}
    if lowered & {"same", "next", "end", "first", "last", "by", "before", "within"}:
        return False
    return not any(_is_number(w) for w in words if w.lower not in {"a", "an"})


def _is_number(word: Word) -> bool:
    return word.pos == "NUM" or word.text[:1].isdigit() or word.lower in _NUMBER_WORDS


def _in_a_name(reading: Reading, first: int, last: int) -> bool:
    """'Building 7', 'Windows 11', 'the 111 line', 'number 42', '5G': the number names a
    thing rather than setting an amount."""
    words = reading.words
    if any(w.entity in NAMES for w in words[first:last]):
        return True
    if first > 0:
        before = words[first - 1]
        named = before.lemma in _NAMING_NOUNS or before.lower in _NAMING_NOUNS
        if named or (before.text[:1].isupper() and before.pos in {"PROPN", "NOUN"} and first > 1):
            return True
    if words[first].lower in _NAMING_NOUNS and last - first > 1:
        return True  # the recogniser took the name in: "Year 11"
    following = words[last] if last < len(words) else None
    if (
        following is not None
        and following.start == words[last - 1].end
        and following.text[:1].isalpha()
        and len(following.text) <= 2
    ):
        return True  # 5G, 4K, 3D
    for word in words[first:last]:
        if any(c.isalpha() for c in word.text) and word.text[:1].isdigit():
            return True
        head = words[word.head]
        if word.dep in {"nummod", "compound", "nmod"} and head.lemma in _NAMING_NOUNS:
            return head.lemma not in _TIME_UNITS
    return False


def _measured_period(reading: Reading, first: int) -> bool:
    """'measured monthly', 'met every month': the period of a measurement, not a target."""
    head = reading.w(first).head
    for _ in range(3):
        word = reading.w(head)
        if word.lemma in _MEASURING:
            return True
        if word.head == head:
            break
        head = word.head
    return False


def _loose_numbers(reading: Reading) -> list[int]:
    """Digits the entity recogniser left out, that name no thing: '3 of my 5 parcels'."""
    inside = {i for a, b, _ in reading.parse.entities for i in range(a, b)}
    return [
        i
        for i, w in enumerate(reading.words)
        if i not in inside and w.text[:1].isdigit() and not _in_a_name(reading, i, i + 1)
    ]


def _deadlines(reading: Reading) -> list[str]:
    """'before I leave the ward', 'before the morning round', 'by the end of my shift', 'on
    the day the patient goes home': a deadline set by an event."""
    words = reading.words
    found = []
    for index, word in enumerate(words):
        following = words[index + 1 : index + 5]
        if word.lower in _DEADLINES and word.dep in {"mark", "prep", "advmod"}:
            objects = [
                c
                for c in reading.parse.children(index)
                if words[c].dep in {"pobj", "pcomp"} and _deadline_object(reading, word, c)
            ]
            clause = word.dep == "mark" and words[word.head].pos in {"VERB", "AUX"}
            if clause or objects:
                found.append(reading.phrase(index, min(len(words), index + 4)))
        elif (
            word.lower == "on"
            and following
            and following[0].lower == "the"
            and any(w.lemma in {"day", "date"} for w in following[1:3])
        ):
            found.append(reading.phrase(index, min(len(words), index + 4)))
    return found


def _deadline_object(reading: Reading, bound: Word, index: int) -> bool:
    """What 'before', 'by' or 'within' is followed by can set a deadline: a time, an event
    ('before the morning round'), not the provider's own yardstick ('within SLA')."""
    word = reading.w(index)
    if index in reading.matched("provider-jargon"):
        return False
    if word.entity in {"DATE", "TIME"} or word.lemma in _TIME_UNITS or word.pos == "VERB":
        return True
    if bound.lower in {"within", "by"}:
        return word.lemma in {"end", "close", "start", "time", "latest"}
    return word.pos in {"NOUN", "PROPN"}


_ABSOLUTE_WORDS = frozenset(
    {
        "zero", "never", "none", "no", "every", "each", "all", "first", "one", "single",
        "once", "without", "same",
    }
)  # fmt: skip


def _countable_absence(reading: Reading, index: int) -> bool:
    """'without calling anyone', 'without help', 'without a dropped connection': none of a
    thing one can count, not 'without hassle'."""
    vague = reading.matched("vague") | reading.matched("feelings")
    for child in reading.parse.children(index):
        word = reading.w(child)
        if child in vague:
            continue
        if word.tag == "VBG" or (
            word.pos == "NOUN" and word.lemma not in {"hassle", "fuss", "stress"}
        ):
            return True
    return False


def _quantifiers(reading: Reading) -> list[str]:
    """'every station', 'each delivery', 'every one of our pallets': all of a kind."""
    words = reading.words
    return [
        reading.phrase(i, words[i].head + 1) if words[i].head > i else words[i].text
        for i, w in enumerate(words)
        if w.lower in {"every", "each"} and w.dep in {"det", "nsubj", "dobj", "pobj", "npadvmod"}
    ]


def _absolutes(reading: Reading) -> list[str]:
    """'zero missed collections', 'never stops', 'no paperwork', 'every meter', 'at the first
    attempt', 'in one visit'."""
    words = reading.words
    found = []
    for index, word in enumerate(words):
        if word.lower not in _ABSOLUTE_WORDS or _measured_period(reading, index):
            continue
        following = words[index + 1 : index + 3]
        if word.lower in {"zero", "never", "none"}:
            found.append(word.text)
        elif word.lower == "once" and word.dep in {"advmod", "npadvmod"}:
            found.append(reading.phrase(max(0, index - 1), index + 1))  # "once", "not once"
        elif word.lower == "single" and index > 0 and words[index - 1].lower == "a":
            found.append(reading.phrase(max(0, index - 2), index + 1))  # "not a single"
        elif word.lower == "without" and _countable_absence(reading, index):
            found.append(reading.phrase(index, min(len(words), index + 3)))
        elif word.lower == "same" and following and following[0].lemma in _TIME_UNITS:
            found.append(reading.phrase(index, index + 2))
        elif word.lower in {"no", "every", "each", "all"} and word.dep == "det":
            noun = words[word.head]
            if noun.pos in {"NOUN", "PROPN"} and (word.lower == "no" or noun.lemma in _TIME_UNITS):
                found.append(reading.phrase(index, word.head + 1))
        elif (
            word.lower in {"first", "one", "single"}
            and following
            and following[0].lemma in _TIME_UNITS
        ):
            found.append(reading.phrase(index, index + 2))
    return found


def _vague(reading: Reading) -> list[str]:
    found = [reading.phrase(a, b) for a, b in reading.matches("vague")]
    found += [reading.word(i) for i in sorted(reading.matched("comparatives"))]
    return list(dict.fromkeys(found))
