"""Actionable: does the statement name a concrete result the customer gets, can do or has?

Positive evidence is needed, found in the main clauses (and in what a wish or a "because"
leads to): something concrete is done, had, reached or kept in a state ("I can print from
any floor", "my bin is emptied", "my electricity is back on within 4 hours", "my office
stays between 20 and 23 °C"), or the service's own facility or support is named. Not a
result: a feeling or a rating ("I feel valued", "I give the desk 5 stars"), a slogan, a wish
for a quality or a relationship ("a better experience", "a partner who understands our
business"), or a score or the provider's own target being met ("service levels are met",
"satisfaction stays above 4.5"). A feeling backed by a result is one ("relieved because I
can pay my bill online").
"""

from __future__ import annotations

from cxgraph.analysis import learned
from cxgraph.analysis.lexicons import lexicon
from cxgraph.analysis.reading import Reading
from cxgraph.analysis.voice import WISHES, Finding

_FEELING_VERBS = frozenset(
    {
        "feel", "enjoy", "love", "appreciate", "value", "trust", "rate", "prefer", "hope",
        "think", "believe", "care", "deserve", "recommend", "say", "consider", "regard",
        "delight", "satisfy", "please", "impress", "score", "benefit", "worry",
        "fear", "mind", "matter",
    }
)  # fmt: skip
_COPULAS = frozenset({"be", "seem", "look", "sound", "become", "appear"})
_TARGET_VERBS = frozenset(
    {
        "meet", "exceed", "achieve", "hit", "reach", "comply", "fulfil", "stay", "remain",
        "go", "rise", "fall", "improve", "increase", "grow", "keep", "ensure", "guarantee",
    }
)  # fmt: skip
_MEASURING = frozenset({"measure", "report", "track", "monitor", "record", "publish"})
_OFFER_VERBS = frozenset({"provide", "deliver", "offer", "give", "bring", "put", "treat"})
_EMPTY_NOUNS = frozenset(
    {
        "service", "experience", "quality", "level", "satisfaction", "everything", "thing",
        "things", "partner", "partnership", "relationship", "expectation", "standard", "value",
        "performance", "excellence", "journey", "way", "life", "need", "agreement", "sla",
        "target", "kpi", "promise", "score", "rating", "star", "priority", "one", "all",
        "compliance", "commitment", "mission", "vision", "culture", "focus", "approach",
        "attitude", "goal", "objective", "dignity", "respect", "hassle", "heart", "care",
        "trust", "confidence", "punctuality", "reliability", "efficiency", "environment",
        "feeling", "mood", "peace", "mind", "point", "points", "percent", "nps", "csat",
        "effort", "advisor", "adviser", "business", "community",
        "communities", "people", "hand", "report", "figure", "statistic", "index",
        "average", "review", "connectivity", "memory", "potential", "fuss", "stress",
        "attention", "supplier", "haulier", "vendor", "bank", "provider", "contractor",
    }
)  # fmt: skip
_EVALUATIVE = frozenset(
    {
        "fun", "engaging", "pleasant", "nice", "friendly", "welcoming", "positive", "better",
        "good", "great", "safe", "confident", "happy", "easy", "easier", "simple", "smooth",
        "seamless", "modern", "improved", "punctual", "comfortable", "trusted", "reliable",
        "efficient", "effective", "real", "open", "less", "more", "enjoyable", "excellent",
        "outstanding", "quick", "fast", "responsive", "personal", "caring", "professional",
    }
)  # fmt: skip
_COMPARED = frozenset(
    {
        "better", "nicer", "more", "less", "pleasant", "fun", "friendly", "welcoming", "great",
        "good", "nice", "positive", "real", "improved", "modern", "personal", "caring",
    }
)  # fmt: skip
"""Qualities a wish asks for instead of a thing: "a better experience", "a more pleasant
workplace"."""
_STATES = frozenset(
    {
        "back", "on", "off", "again", "up", "running", "working", "available", "ready",
        "done", "fixed", "restored", "online", "clean", "warm", "dry", "open", "charged",
    }
)  # fmt: skip
_PARTICIPANTS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "oprd", "dative", "acomp", "agent"}
)
_RESULT_MARKS = frozenset({"because", "so", "as", "since", "now", "that", "if"})
_UNITS = frozenset(
    {
        "second", "minute", "hour", "day", "week", "month", "year", "quarter", "time",
        "percent", "%", "kwh", "mbps", "kg", "km", "euro", "pound", "dollar",
    }
)  # fmt: skip
"""Units and periods: an amount of them is a target, not a thing the customer gets."""
_HANDLING = frozenset({"handle", "treat", "deal", "manage", "address"})
_ATTITUDES = frozenset(
    {
        "listen", "understand", "care", "respect", "know", "hear", "strive", "aim", "dedicate",
        "commit", "pride", "value", "welcome", "support", "empower", "inspire",
    }
)  # fmt: skip
"""Ways of behaving and aspiring, not results: "The council listens", "strives for
excellence", "is dedicated to putting residents first"."""
_PEOPLE = frozenset(
    {
        "citizen", "guest", "customer", "user", "client", "patient", "resident", "passenger",
        "student", "learner", "pupil", "visitor", "member", "shopper", "everyone",
        "everybody", "people", "staff", "employee", "traveller",
    }
)  # fmt: skip
"""People as a clause's only participant: "Guests leave with lasting memories" names no
thing they get."""


def actionable(reading: Reading) -> list[Finding]:
    """A shortfall when no concrete result is named: the rules' evidence weighed by the
    learned model (`learned.py`) where one ships, else the rules' evidence alone."""
    found = _results(reading)
    trained = learned.model()
    if trained is not None:
        concrete = trained.probability(learned.features(reading, len(found), kinds(reading)))
        if concrete >= 0.5:
            return []
    elif found:
        return []
    sentiment = [
        reading.phrase(a, b) for n in ("feelings", "slogans") for a, b in reading.matches(n)
    ]
    quoted = ", ".join(dict.fromkeys(sentiment)) or reading.parse.text.strip()
    return [
        Finding(
            "no-concrete-outcome",
            quoted,
            "names no concrete result a provider could act on; say what the customer can do, "
            "get or have",
        )
    ]


def kinds(reading: Reading) -> dict[str, bool]:
    """Which kinds of verb lead the statement's clauses (the learned model weighs them)."""
    verbs = [reading.w(v) for v in _predicates(reading)]
    lemmas = {w.lemma for w in verbs if w.pos in {"VERB", "AUX"}}
    return {
        "attitude": bool(lemmas & _ATTITUDES),
        "copula": bool(lemmas & _COPULAS),
        "feeling": bool(lemmas & _FEELING_VERBS),
        "handling": bool(lemmas & _HANDLING),
        "measuring": bool(lemmas & _MEASURING),
        "offer": bool(lemmas & _OFFER_VERBS),
        "rating": " out of " in reading.parse.text or "star" in reading.parse.text.lower(),
        "target": bool(lemmas & _TARGET_VERBS),
        "verbless": not any(w.pos in {"VERB", "AUX"} for w in reading.words),
        "wish": bool(lemmas & WISHES),
    }


def _results(reading: Reading) -> list[str]:
    """The words of each concrete result the statement names."""
    empty = reading.matched("feelings") | reading.matched("slogans") | reading.matched("vague")
    return [reading.word(v) for v in _predicates(reading) if _result(reading, v, empty)]


def _predicates(reading: Reading) -> list[int]:
    """Main clauses, the clauses they lead to (not those under a feeling: "I feel my savings
    are in safe hands"), and result clauses ('because I can pay')."""
    words = reading.words
    feelings = reading.matched("feelings")
    found = list(reading.clauses)
    for index, word in enumerate(words):
        marks = {words[c].lower for c in reading.parse.children(index) if words[c].dep == "mark"}
        if word.dep in {"ccomp", "xcomp", "parataxis"} and word.pos in {"VERB", "AUX", "ADJ"}:
            head = words[word.head]
            if head.lemma in WISHES:
                continue  # judged with the wish: "I'd like booking a desk to be easier"
            if (head.lemma in _FEELING_VERBS or word.head in feelings) and _judged_quality(
                reading, index, reading.matched("vague") | feelings
            ):
                continue
            found.append(index)
        elif word.dep == "advcl" and marks & _RESULT_MARKS:
            found.append(index)
    return sorted(set(found))


def _result(reading: Reading, verb: int, empty: set[int]) -> bool:
    word = reading.w(verb)
    if verb in empty and word.pos not in {"NOUN", "PROPN"}:
        return False
    if word.pos in {"NOUN", "PROPN"}:  # a verbless phrase: "My laptop on my desk by 9:00"
        phrase = reading.parse.subtree(verb)
        mine = reading.first_person(phrase)
        praised = [c for c in phrase if c in empty]
        return (
            word.dep in {"ROOT", "ccomp"} and mine and _thing(reading, verb, empty) and not praised
        )
    if word.pos not in {"VERB", "AUX"}:
        return False
    if word.lemma in _FEELING_VERBS or word.lemma in _MEASURING:
        return False
    if word.lemma in {"give", "rate"} and _rating(reading, verb):
        return False  # "I give the desk 5 out of 5"
    slogan = word.tag == "VBG" and word.dep == "ROOT" and reading.subject(verb) is None
    if slogan and not reading.first_person(range(len(reading.words))):
        return False  # "Moving people, connecting communities": a slogan
    if word.lemma in _HANDLING or word.lemma in _ATTITUDES:
        return False  # "Returns are handled with minimal fuss", "the council listens"
    if any(reading.w(c).lemma in _FEELING_VERBS for c in reading.parse.children(verb)):
        return False  # "The staff make me feel like a regular"
    participants = _participants(reading, verb)
    if word.lemma in WISHES:
        return _wished_result(reading, verb, participants, empty)
    if word.lemma in _COPULAS:
        return _state(reading, verb, participants, empty)
    if word.lemma in _TARGET_VERBS and not _concrete_change(reading, verb, participants, empty):
        return False
    under = {i for p in participants for i in reading.parse.subtree(p)}
    if word.lemma in _TARGET_VERBS and any(_yardstick(reading, i) for i in under):
        return False  # "stays within SLA", "meets its targets": the provider's own yardstick
    if word.lemma in _OFFER_VERBS:
        objects = [
            p for p in participants if reading.w(p).dep in {"dobj", "dative", "pobj", "nsubjpass"}
        ]
        return any(_thing(reading, p, empty) and not _qualities(reading, p, empty) for p in objects)
    transitive = any(reading.w(p).dep == "dobj" for p in participants)
    things = [
        p
        for p in participants
        if _thing(reading, p, empty)
        and not (
            reading.w(p).dep in {"nsubj", "nsubjpass"}
            and (transitive or reading.w(p).lemma in _PEOPLE)
        )  # "our course gets 85 % satisfaction": what is got decides, not who gets it
    ]
    if things:
        return True
    can = any(reading.w(c).lower in {"can", "could", "able"} for c in reading.parse.children(verb))
    return can and any(reading.first_person([p]) for p in participants)


def _wished_result(reading: Reading, verb: int, participants: list[int], empty: set[int]) -> bool:
    """'I want my broadband faster in the evenings' wishes for a thing; 'I want a partner who
    understands me' or 'a better experience' for a quality or a relationship."""
    for child in reading.parse.children(verb):
        dep = reading.w(child).dep
        if dep in {"xcomp", "ccomp"}:
            if _provider_wished(reading, verb, child):
                return False  # "We want the council to listen to us": the provider's conduct
            if _judged_quality(reading, child, empty):
                return False  # "I want dealing with the council to be easy"
            if reading.w(child).pos in {"NOUN", "PROPN"}:
                return _thing(reading, child, empty)  # "want that the medicines arrive"
            if reading.w(child).pos == "ADJ":  # "I need my card unblocked today"
                owners = [c for c in reading.parse.children(child) if reading.w(c).dep == "nsubj"]
                return any(_thing(reading, o, empty) for o in owners) and _thing(
                    reading, child, empty
                )
            return _result(reading, child, empty)
        if dep == "dobj":
            if _provider_kind(reading, child):
                return False  # "a haulier we can count on": a relationship, not a result
            return _thing(reading, child, empty) and not _qualities(reading, child, empty)
    return False


def _provider_wished(reading: Reading, wish: int, clause: int) -> bool:
    """The wished clause's actor is the provider: "I want the nurses to be kinder"."""
    from cxgraph.analysis.voice import provider_party

    actors = [
        c for c in reading.parse.children(clause) if reading.w(c).dep in {"nsubj", "nsubjpass"}
    ]
    if reading.w(clause).dep == "xcomp":
        actors += [c for c in reading.parse.children(wish) if reading.w(c).dep == "dobj"]
    return any(reading.w(a).lower in {"they", "you"} or provider_party(reading, a) for a in actors)


def _qualities(reading: Reading, noun: int, empty: set[int]) -> bool:
    """A thing asked for or offered by its qualities: "a better experience", "shorter waiting
    times", "a safe, clean and pleasant workplace", "a partner who understands us"; not one
    merely described ("a reliable signal") or worked on ("my gas meter replaced")."""
    praise = reading.matched("feelings") | reading.matched("slogans")
    modifiers = [c for c in reading.parse.children(noun) if reading.w(c).dep in {"amod", "conj"}]
    modifiers += [
        m for c in modifiers for m in reading.parse.children(c) if reading.w(m).dep == "conj"
    ]
    judged = [
        m
        for m in modifiers
        if _COMPARED & {reading.w(m).lemma, reading.w(m).lower}
        or m in praise
        or reading.w(m).tag in {"JJR", "RBR"}
    ]
    clauses = [
        c
        for c in reading.parse.children(noun)
        if reading.w(c).dep in {"relcl", "acl"}
        and reading.w(c).tag != "VBN"
        and not _result(reading, c, empty)
    ]
    return bool(judged or clauses)


def _provider_kind(reading: Reading, index: int) -> bool:
    word = reading.w(index)
    forms = {(word.lemma,), (word.lower,)}
    return bool(forms & lexicon("provider-nouns")) or word.lemma in {"partner", "haulier"}


def _judged_quality(reading: Reading, verb: int, empty: set[int]) -> bool:
    """A clause that ends in a judgement: '... to be easy', '... to be less of a hassle'."""
    for index in reading.parse.subtree(verb):
        word = reading.w(index)
        if word.lemma in _COPULAS:
            complements = [
                c for c in reading.parse.children(index) if reading.w(c).dep in {"acomp", "attr"}
            ]
            if complements and all(
                not _thing(reading, c, empty) or _compared(reading, c) for c in complements
            ):
                return True
    return False


def _compared(reading: Reading, index: int) -> bool:
    """'kinder', 'more flexible', 'less confusing': a quality asked for by degree."""
    word = reading.w(index)
    degree = any(reading.w(c).lower in {"more", "less"} for c in reading.parse.children(index))
    return word.tag in {"JJR", "RBR"} or degree


def _state(reading: Reading, verb: int, participants: list[int], empty: set[int]) -> bool:
    """A copula: a concrete subject (or the customer) in a plain, not evaluative, state."""
    subjects = [p for p in participants if reading.w(p).dep in {"nsubj", "nsubjpass"}]
    if any(reading.w(c).dep == "expl" for c in reading.parse.children(verb)):
        # "there is a guard on board"
        return any(_thing(reading, p, empty) for p in participants if reading.w(p).dep == "attr")
    if not subjects:
        return False
    customer = reading.first_person([subjects[0]])  # "I am back on the road"
    if not customer and not _thing(reading, subjects[0], empty):
        return False
    judged = [
        p
        for p in participants
        if reading.w(p).dep == "acomp" and (not _thing(reading, p, empty) or _compared(reading, p))
    ]
    if judged:
        return False  # "my child is safe at school", "check-in is pleasant"
    complements = [p for p in participants if p not in subjects]
    states = [c for c in reading.parse.children(verb) if reading.w(c).lower in _STATES]
    return bool(states) or any(_thing(reading, c, empty) for c in complements)


def _concrete_change(reading: Reading, verb: int, participants: list[int], empty: set[int]) -> bool:
    """'My office stays between 20 and 23 °C' changes or keeps a thing; 'satisfaction stays
    above 4.5' and 'service levels are met' keep a score or a target."""
    core = [
        p
        for p in participants
        if reading.w(p).dep in {"nsubj", "nsubjpass", "dobj"} and not reading.first_person([p])
    ]
    return bool(core) and all(_thing(reading, p, empty) for p in core)


def _yardstick(reading: Reading, index: int) -> bool:
    word = reading.w(index)
    forms = {word.lemma, word.lower, word.lower.removesuffix("s")}
    return not forms.isdisjoint(_YARDSTICKS)


_YARDSTICKS = frozenset(
    {
        "sla", "kpi", "target", "standard", "agreement", "score", "expectation", "level",
        "satisfaction", "index", "average", "rating", "review", "nps", "csat",
    }
)  # fmt: skip


def _participants(reading: Reading, verb: int) -> list[int]:
    """Subject, objects and complements of a verb, through prepositions and auxiliaries too
    (the parser sometimes hangs a subject or an object on "are" or "have")."""
    found = []
    for child in reading.parse.children(verb):
        dep = reading.w(child).dep
        if dep in _PARTICIPANTS:
            found.append(child)
        elif dep == "prep":
            found += [c for c in reading.parse.children(child) if reading.w(c).dep == "pobj"]
        elif dep in {"aux", "auxpass"}:
            found += [c for c in reading.parse.children(child) if reading.w(c).dep in _PARTICIPANTS]
    return found


def _rating(reading: Reading, verb: int) -> bool:
    """'I give the desk 5 out of 5', 'five stars'."""
    below = [reading.w(i) for i in reading.parse.subtree(verb)]
    scored = any(w.lemma in {"star", "point", "mark", "score", "rating"} for w in below)
    return scored or " out of " in reading.phrase(verb, max(reading.parse.subtree(verb)) + 1)


def _thing(reading: Reading, index: int, empty: set[int]) -> bool:
    """A participant that is a thing, an amount or a plain (not evaluative) quality."""
    word = reading.w(index)
    if index in empty:
        return False
    if word.pos == "NUM" or word.text[:1].isdigit():
        return reading.w(word.head).pos not in {"NOUN", "PROPN"} or _thing(
            reading, word.head, empty
        )
    if word.pos in {"NOUN", "PROPN"}:
        if _named_term(reading, index):
            return True  # the service's own facility or support: "the desk-side support"
        forms = {word.lemma, word.lower, word.lower.removesuffix("s")}
        in_units = not forms.isdisjoint(_UNITS) and reading.w(word.head).lower in {"in", "per"}
        return forms.isdisjoint(_EMPTY_NOUNS) and not in_units  # "in hours": a unit
    if word.pos == "ADJ":
        return word.lemma not in _EVALUATIVE and word.lower not in _EVALUATIVE
    return False


def _named_term(reading: Reading, index: int) -> bool:
    """Whether the word is part of a name of the service's facility or support."""
    terms = reading.context.service_terms
    if not terms:
        return False
    first, last = reading.subject_phrase(index)
    named = reading.names(terms, first, last)
    return bool(named) and reading.w(index).lower in named
