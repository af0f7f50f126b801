"""The statement analyzer: each kind of cue, with the words that triggered it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgraph.analysis.evaluate import read_corpus
from cxgraph.analysis.lexicons import LEXICON_DIR, LexiconMatcher, find_phrases, lexicon, tokenize
from cxgraph.analysis.statements import Criterion, judge_statement

CASES = [
    # statement, criterion, kind, quoted words
    ("IT will maintain the heating units", Criterion.OUTSIDE_IN, "provider-subject", "IT will"),
    ("We will migrate all users to the new mail platform by Q3", Criterion.OUTSIDE_IN,
     "provider-voice", "We will migrate"),
    ("Ensure all laptops are patched within 14 days", Criterion.OUTSIDE_IN,
     "instruction-to-provider", "Ensure all laptops"),
    ("I need my heating unit maintained", Criterion.OUTSIDE_IN, "activity-requested", "maintained"),
    ("Users enjoy a seamless onboarding", Criterion.OUTSIDE_IN, "customers-described", "Users"),
    ("I want my P2 ticket closed within 8 hours", Criterion.OUTSIDE_IN, "provider-jargon", "ticket"),
    ("Great service.", Criterion.OUTSIDE_IN, "no-customer-voice", ""),
    ("I get fast help within 2 hours", Criterion.MEASURABLE, "vague-word", "fast"),
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


def test_judgements_are_cached_by_text() -> None:
    from cxgraph.analysis.statements import judge_statement

    judge_statement.cache_clear()
    first = judge_statement("IT will maintain the heating units")
    again = judge_statement("IT will maintain the heating units")
    assert again is first and judge_statement.cache_info().hits == 1


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
