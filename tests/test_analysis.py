"""The statement analyzer: each kind of cue, with the words that triggered it."""

from __future__ import annotations

import pytest

from cxgraph.analysis.lexicons import LEXICON_DIR, lexicon
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
