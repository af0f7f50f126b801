"""Outside-in: is the statement the customer's own voice about the customer's result?

Read from the grammar, not just the words: the subject of each main clause says who acts; a
passive clause without the customer in it hides the provider as the actor ("Access is
granted within one day"); "want" or "need" with an object and a past participle asks for the
provider's work ("I want my laptop serviced"); and "we" and "our" are the customer's voice
only when the customer states the outcome.
"""

from __future__ import annotations

from typing import NamedTuple

from cxgraph.analysis.context import Party
from cxgraph.analysis.lexicons import lexicon
from cxgraph.analysis.reading import FIRST_PERSON_PLURAL, FIRST_PERSON_SINGULAR, Reading

WISHES = frozenset({"want", "need", "require", "expect", "like", "wish", "demand"})
_ROLE_OPENERS = frozenset({"as"})
_SYSTEM_NOUNS = frozenset(
    {
        "system", "platform", "application", "app", "tool", "server", "servers", "network",
        "software", "portal", "erp", "crm", "solution", "infrastructure", "database",
        "department", "team", "desk", "helpdesk", "provider", "supplier", "vendor",
        "contractor", "engineer", "engineers", "technician", "technicians", "agent",
        "agents", "staff", "crew", "crews", "operator", "operators", "company",
    }
)  # fmt: skip
_PASSIVE_RESULTS = frozenset({"meet", "exceed", "achieve", "keep", "maintain", "ensure"})


class Finding(NamedTuple):
    """A shortfall: its kind, the words behind it, and what they do wrong."""

    kind: str
    words: str
    advice: str


def outside_in(reading: Reading) -> list[Finding]:
    """Every reason the statement is not the customer's own voice about their result."""
    found: list[Finding] = []
    if not _customer_speaks(reading):
        found.append(_no_voice(reading))
    for check in (
        _provider_subject,
        _provider_passive,
        _activity_requested,
        _instruction,
        _crowd_subject,
    ):
        finding = check(reading)
        if finding is not None:
            found.append(finding)
    found += _jargon(reading)
    if reading.context.stated_by is Party.PROVIDER or not reading.we_is_customer:
        found += [
            Finding(
                "provider-voice",
                reading.phrase(first, last),
                "is the provider speaking about itself; state the result the customer gets",
            )
            for first, last in reading.matches("provider-voice")
        ]
    return found


def _customer_speaks(reading: Reading) -> bool:
    words = reading.words
    if any(w.lower in FIRST_PERSON_SINGULAR for w in words):
        return True
    if _role_clause(reading):
        return True
    return any(w.lower in FIRST_PERSON_PLURAL for w in words) and reading.we_is_customer


def _no_voice(reading: Reading) -> Finding:
    plural = [w.text for w in reading.words if w.lower in FIRST_PERSON_PLURAL]
    if plural and reading.context.stated_by is Party.PROVIDER:
        return Finding(
            "provider-voice",
            plural[0],
            "is the provider speaking, as the provider states this outcome; state the result "
            "as the customer would",
        )
    if plural:
        return Finding(
            "provider-voice",
            plural[0],
            "speaks for the provider about its own work; state the result the customer gets",
        )
    return Finding(
        "no-customer-voice",
        "",
        "the statement never speaks as the customer (no I, my, we or our); "
        "write it as the customer would say it",
    )


def _role_clause(reading: Reading) -> bool:
    """'As a nurse, I ...' or 'As the warehouse team, we ...'."""
    words = reading.words
    return (
        bool(words)
        and words[0].lower in _ROLE_OPENERS
        and any(w.lower in FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL for w in words[:12])
    )


def provider_we(reading: Reading) -> bool:
    """'we' or 'our team' followed closely by a provider's activity ("we will deploy")."""
    actions = reading.matches("provider-actions")
    words = reading.words
    for index, word in enumerate(words):
        if word.lower == "our" and (
            index + 1 >= len(words) or words[index + 1].lemma not in _TEAMS
        ):
            continue
        if word.lower not in {"we", "our"}:
            continue
        if any(index < first <= index + 4 for first, _ in actions):
            return True
    return False


_TEAMS = frozenset(
    {"team", "staff", "engineer", "agent", "people", "technician", "crew", "department", "desk"}
)


def _provider_subject(reading: Reading) -> Finding | None:
    """A main clause whose subject is the provider, its people or a system, or another party
    acting on the customer ("The caretaker clears the snow from my path", "A caseworker calls
    me back"): the provider is the actor, not the customer."""
    for verb in reading.clauses:
        subject = reading.subject(verb)
        if subject is None or reading.first_person([subject]):
            continue
        first, last = reading.subject_phrase(subject)
        if _provider_party(reading, subject, first, last) or _acts_on_customer(
            reading, verb, first, last
        ):
            return Finding(
                "provider-subject",
                reading.phrase(first, last),
                "makes the provider or a system the actor; say what the customer can do or "
                "has once the service works",
            )
    return None


_ALWAYS_PROVIDERS = frozenset(
    {
        "contractor", "supplier", "vendor", "provider", "carrier", "courier", "insurer",
        "landlord", "council", "authority", "bank", "agency", "utility",
    }
)  # fmt: skip
"""Nouns that name the provider even when the customer says "our": "our energy supplier"."""


def provider_party(reading: Reading, subject: int) -> bool:
    """Whether a noun phrase names the provider, its people or a system."""
    return _provider_party(reading, subject, *reading.subject_phrase(subject))


def _provider_party(reading: Reading, subject: int, first: int, last: int) -> bool:
    """The provider by name or by kind, a team of it or a system: "Northwind IT", "the
    service desk", "our waste contractor", "the platform"."""
    head = reading.w(subject)
    forms = {(head.lemma,), (head.lower,)}
    if forms & {(noun,) for noun in _ALWAYS_PROVIDERS}:
        return True
    if reading.first_person(range(first, last)):
        return False  # "our team", "my app": the customer's own
    words = reading.phrase(first, last)
    if reading.names(reading.context.provider_names, first, last):
        return True
    if forms & lexicon("provider-nouns") or head.lower in _SYSTEM_NOUNS:
        return True
    if any(a <= subject < b for a, b in reading.matches("provider-subjects")):
        return True
    return words.startswith(("IT ", "ICT ")) or words in {"IT", "ICT"}


_FOR_THE_CUSTOMER = frozenset({"for", "to", "from", "with", "about", "after"})


def _acts_on_customer(reading: Reading, verb: int, first: int, last: int) -> bool:
    """Someone else (not the customer, nothing of the customer's) does something to or for
    the customer: the customer is the object, the other party the actor."""
    if reading.first_person(range(first, last)) or reading.is_passive(verb):
        return False
    head = reading.w(reading.subject(verb) or verb)
    if head.lower == "you":
        return True  # "you" is the provider the customer addresses
    if head.pos not in {"NOUN", "PROPN"} and head.lower not in {"they", "he", "she"}:
        return False
    if reading.names(reading.context.customer_names, first, last):
        return False
    objects = [
        c
        for c in reading.parse.children(verb)
        if reading.w(c).dep in {"dobj", "dative", "iobj"}
        or (reading.w(c).dep == "prep" and reading.w(c).lower in _FOR_THE_CUSTOMER)
    ]
    return any(reading.first_person(reading.parse.subtree(o)) for o in objects)


def _provider_passive(reading: Reading) -> Finding | None:
    """A passive main clause about the provider's work, the customer nowhere in it."""
    for verb in reading.clauses:
        if not reading.is_passive(verb):
            continue
        if reading.w(verb).lemma in {"go", "bear", "get", "leave", "come", "lose", "concern"}:
            continue  # "it is gone", "I get lost": a state, no one's work
        clause = reading.parse.subtree(verb)
        subject = reading.subject(verb)
        expletive = subject is not None and reading.w(subject).lower == "it"
        if not expletive and reading.first_person(clause):
            continue  # "My laptop is replaced within 4 hours": the customer's result
        verb_word = reading.w(verb)
        first = min(i for i in clause if i >= (subject if subject is not None else verb))
        return Finding(
            "provider-passive",
            reading.phrase(first, verb + 1),
            "describes the provider's work in the passive, the provider left unnamed; say "
            "what the customer gets or can do"
            if verb_word.lemma not in _PASSIVE_RESULTS
            else "reports the provider's own target being met; say what the customer gets",
        )
    return None


def _activity_requested(reading: Reading) -> Finding | None:
    """A wish for the provider's work rather than for what it gives the customer: "I need my
    laptop repaired", "I want the boiler to be serviced", "I want cleaning of my room", "We
    want the council to listen to us"."""
    for index, word in enumerate(reading.words):
        if word.lemma not in WISHES or word.pos not in {"VERB", "AUX"}:
            continue
        for child in reading.parse.children(index):
            if child < index:
                continue
            wished = _wished_work(reading, child)
            if wished:
                return Finding(
                    "activity-requested",
                    reading.phrase(index, child + 1),
                    "asks for the provider's activity, not for a result; say what the "
                    "customer gets from it (for example a temperature, not a maintenance visit)",
                )
    return None


def _participle_after(reading: Reading, noun: int) -> bool:
    for index in range(noun + 1, min(len(reading.words), noun + 3)):
        word = reading.w(index)
        if word.tag == "VBN" and word.lemma not in {"see", "know", "let", "tell"}:
            return True
        if word.pos not in {"ADJ", "ADV", "PART", "ADP"}:
            return False
    return False


_WORK_NOUNS = frozenset(
    {
        "cleaning", "repair", "repairs", "maintenance", "servicing", "inspection",
        "installation", "service", "check", "visit", "callback", "attention", "upgrade",
    }
)  # fmt: skip


def _wished_work(reading: Reading, child: int) -> bool:
    done = reading.w(child)
    if done.dep == "dobj" and _participle_after(reading, child):
        return True  # "I want my gas meter replaced": the parser hangs the participle elsewhere
    below = [reading.w(c) for c in reading.parse.children(child)]
    if done.dep == "dobj":  # "I want cleaning of my room"
        return done.lemma in _WORK_NOUNS or done.lower in _WORK_NOUNS
    if done.dep not in {"ccomp", "xcomp", "oprd"}:
        return False
    subjects = [
        c for c in reading.parse.children(child) if reading.w(c).dep in {"nsubj", "nsubjpass"}
    ]
    if done.dep == "xcomp":  # "We want Telvia to give ...": the wish's object acts
        subjects += [c for c in reading.parse.children(done.head) if reading.w(c).dep == "dobj"]
    other = [
        s
        for s in subjects
        if reading.w(s).lower in {"they", "he", "she", "you", "somebody", "someone"}
        or _provider_party(reading, s, *reading.subject_phrase(s))
    ]
    if other:
        return True  # "I want the nurses to be kinder": the provider's behaviour
    if done.lemma == "be" or done.tag not in {"VBN", "VBD", "JJ"}:
        return False
    if done.lemma in {"see", "know", "let", "tell"}:
        return False
    # "my laptop repaired": the thing the provider works on, named as the wish's object.
    return any(o.dep in {"nsubj", "nsubjpass"} and o.lower != "i" for o in below)


def _instruction(reading: Reading) -> Finding | None:
    """An imperative to do the provider's work ("Patch all laptops"): the statement tells the
    provider what to do. One that asks for a result ("Keep our office at 72 °F") does not."""
    words = reading.words
    if not words:
        return None
    first = words[0]
    provider_work = any(a == 0 for a, _ in reading.matches("provider-actions"))
    if provider_work and first.tag == "VB" and first.dep == "ROOT" and reading.subject(0) is None:
        return Finding(
            "instruction-to-provider",
            reading.phrase(0, min(3, len(words))),
            "tells the provider what to do; describe the customer's result instead",
        )
    return None


def _crowd_subject(reading: Reading) -> Finding | None:
    """'Users enjoy ...': customers described in the third person, not speaking."""
    crowd = reading.matches("third-person-customers")
    for verb in reading.clauses:
        subject = reading.subject(verb)
        if subject is None:
            continue
        first, last = reading.subject_phrase(subject)
        if reading.first_person(range(first, last)):
            continue
        if any(a <= subject < b for a, b in crowd) or reading.w(subject).lemma in {
            "user", "customer", "client", "patient", "resident", "citizen", "passenger",
            "guest", "student", "everyone", "everybody", "employee", "member", "shopper",
        }:  # fmt: skip
            return Finding(
                "customers-described",
                reading.phrase(first, last),
                "describes customers from the outside; write it as a customer would say it "
                "(I, my, we)",
            )
    return None


def _jargon(reading: Reading) -> list[Finding]:
    return [
        Finding(
            "provider-jargon",
            reading.phrase(first, last),
            "is the provider's internal language; use the words the customer would use",
        )
        for first, last in reading.matches("provider-jargon")
    ]
