"""The statement analyzer: each kind of cue, with the words that triggered it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgraph.analysis.context import Party, StatementContext
from cxgraph.analysis.evaluate import read_corpus
from cxgraph.analysis.lexicons import LEXICON_DIR, LexiconMatcher, find_phrases, lexicon, tokenize
from cxgraph.analysis.statements import Criterion, judge_statement

CASES = [
    # statement, criterion, kind, quoted words
    ("IT will maintain the heating units", Criterion.OUTSIDE_IN, "provider-subject", "IT"),
    ("We will migrate all users to the new mail platform by Q3", Criterion.OUTSIDE_IN,
     "provider-voice", "We"),
    ("Ensure all laptops are patched within 14 days", Criterion.OUTSIDE_IN,
     "instruction-to-provider", "Ensure all laptops"),
    ("I need my heating unit maintained", Criterion.OUTSIDE_IN, "activity-requested",
     "need my heating unit maintained"),
    ("Access is granted within one day", Criterion.OUTSIDE_IN, "provider-passive",
     "Access is granted"),
    ("Users enjoy a seamless onboarding", Criterion.OUTSIDE_IN, "customers-described", "Users"),
    ("I want my P2 ticket closed within 8 hours", Criterion.OUTSIDE_IN, "provider-jargon", "ticket"),
    ("Great service.", Criterion.OUTSIDE_IN, "no-customer-voice", ""),
    ("I get fast help", Criterion.MEASURABLE, "vague-word", "fast"),
    ("I can always reach somebody", Criterion.MEASURABLE, "no-quantity", ""),
    ("I am happy with my bank", Criterion.ACTIONABLE, "no-concrete-outcome", "happy"),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "criterion", "kind", "words"), CASES)
def test_each_cue_quotes_its_trigger(
    statement: str, criterion: Criterion, kind: str, words: str
) -> None:
    cues = [c for c in judge_statement(statement).cues if c.criterion == criterion]
    assert (kind, words) in [(c.kind, c.text) for c in cues]
    assert all(c.explanation for c in cues)


@pytest.mark.parametrize(
    "statement",
    [
        "My office stays between 20 and 23 °C during working hours",
        "When my laptop breaks, I am working again on a replacement within 2 hours.",
        "I am happy because I can pay my bill online in under 2 minutes.",
        "As a patient, I see my test results online within 24 hours of the test.",
        "We use 10% less electricity this winter than last winter.",
        "Our finance team closes the books within 3 working days of month-end.",
    ],
)
def test_good_statements_meet_every_criterion(statement: str) -> None:
    assert judge_statement(statement).cues == ()


def test_words_inside_other_words_do_not_trigger() -> None:
    # "breakfast" holds "fast", "contactless" holds "less": whole tokens only.
    judgement = judge_statement("I can pay contactless for breakfast within 1 minute")
    assert judgement.meets(Criterion.MEASURABLE)


def test_every_lexicon_file_loads_and_is_not_empty() -> None:
    files = sorted(LEXICON_DIR.glob("*.txt"))
    assert len(files) >= 10
    for path in files:
        assert lexicon(path.stem), path.name


def test_judgements_are_deterministic() -> None:
    statement = "Users get fast, user-friendly help from the service desk"
    assert judge_statement(statement) == judge_statement(statement)


def test_judgements_are_cached_by_parse_and_context() -> None:
    from cxgraph.analysis.statements import _judged

    _judged.cache_clear()
    first = judge_statement("IT will maintain the heating units")
    again = judge_statement("IT will maintain the heating units")
    assert again is first and _judged.cache_info().hits == 1


# The kinds of text word lists cannot judge, and which the parse and the graph context can.
CUSTOMER = StatementContext.of(Party.CUSTOMER, customer_names=("Acme Manufacturing",))
PROVIDER = StatementContext.of(Party.PROVIDER, provider_names=("Northwind Parts",))
B2B = "Our maintenance planners get the spare-part status on their phones within 30 minutes"


def test_our_is_the_customer_s_voice_only_when_the_customer_states_it() -> None:
    assert judge_statement(B2B, CUSTOMER).meets(Criterion.OUTSIDE_IN)
    by_provider = judge_statement(B2B, PROVIDER)
    assert not by_provider.meets(Criterion.OUTSIDE_IN)
    assert "provider-voice" in {c.kind for c in by_provider.cues}


@pytest.mark.parametrize(
    "statement",
    [
        "Access is granted within one day.",
        "It is ensured that my invoices are correct.",
        "Users will be given a laptop on day one.",
        "I want my laptop serviced every year.",
        "Northwind Parts ships every order within 24 hours.",
    ],
)
def test_the_provider_hidden_or_named_is_not_outside_in(statement: str) -> None:
    assert not judge_statement(statement, CUSTOMER).meets(Criterion.OUTSIDE_IN)


@pytest.mark.parametrize(
    ("statement", "measurable"),
    [
        ("I can reset my password in under a minute.", True),
        ("My bin is emptied on the same working day.", True),
        ("I get my replacement parts in up to 3 working days.", True),
        ("I have my discharge letter before I leave the ward.", True),
        ("I can log in at the first attempt.", True),
        ("I have zero missed collections.", True),
        ("I can find my desk in Building 7.", False),
        ("I can use every application on Windows 11.", False),
        ("I can open my files in version 3 of the app.", False),
        ("I see the response time in hours, measured monthly.", False),
    ],
)
def test_targets_are_told_from_numbers_that_are_not(statement: str, measurable: bool) -> None:
    assert judge_statement(statement).meets(Criterion.MEASURABLE) is measurable


@pytest.mark.parametrize(
    ("statement", "actionable"),
    [
        ("We want a partner who understands our business.", False),
        ("Service levels are met.", False),
        ("I rate the service 9 out of 10.", False),
        ("I feel valued every time I visit.", False),
        ("I am relieved because I can pay my bill online in two minutes.", True),
        ("My office stays between 20 and 23 °C.", True),
        ("I can print from any floor.", True),
    ],
)
def test_actionable_needs_a_concrete_result(statement: str, actionable: bool) -> None:
    assert judge_statement(statement, CUSTOMER).meets(Criterion.ACTIONABLE) is actionable


LEXICON_NAMES = sorted(path.stem for path in LEXICON_DIR.glob("*.txt"))
CORPORA = sorted((Path(__file__).resolve().parent / "corpus").glob("*.csv"))


def test_the_one_pass_matcher_finds_every_lexicon_entry() -> None:
    # The analyzer matches all lexicons in one pass; each entry must still be found on its own.
    matcher = LexiconMatcher(LEXICON_NAMES)
    for name in LEXICON_NAMES:
        for phrase in lexicon(name):
            words = ["zzz", *phrase, "zzz"]
            tokens = tokenize(" ".join(words))
            found = matcher.match(words).find(name)
            assert found == find_phrases(tokens, lexicon(name)), (name, phrase)
            assert (1, 1 + len(phrase)) in found, (name, phrase)


def test_the_one_pass_matcher_agrees_with_each_lexicon_alone_on_the_corpus() -> None:
    matcher = LexiconMatcher(LEXICON_NAMES)
    for row in (row for path in CORPORA for row in read_corpus(path)):
        tokens = tokenize(row["statement"])
        matches = matcher.match([t.text for t in tokens])
        for name in LEXICON_NAMES:
            assert matches.find(name) == find_phrases(tokens, lexicon(name)), (row["id"], name)
            for first in range(len(tokens)):
                window = (first, first + 3)
                alone = find_phrases(tokens[first : first + 3], lexicon(name))
                assert matches.find_within(name, *window) == alone, (row["id"], name, first)
                assert matches.any_within(name, *window) == bool(alone), (row["id"], name, first)
