"""Judge the wording of a Successful Customer Outcome statement against three CEMM criteria.

Each statement is parsed (`parsing`: part of speech, dependencies, numeric and temporal
expressions) and read with the graph's context for it (`context`: who states it, the
provider's and customer's names, the service's facility and support): outside-in
(`voice`), measurable (`targets`), actionable (`results`). Every shortfall is a `Cue` that
quotes the words behind it and says what to write instead. Whether indicators are attached is
a separate rule (sco-indicator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from cxgraph.analysis.context import NO_CONTEXT, StatementContext
from cxgraph.analysis.parsing import Parse, parse_texts
from cxgraph.analysis.reading import Reading
from cxgraph.analysis.results import actionable
from cxgraph.analysis.targets import measurable
from cxgraph.analysis.voice import Finding, outside_in


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


def judge_statement(statement: str, context: StatementContext = NO_CONTEXT) -> StatementJudgement:
    """Find every cue against the outside-in, measurable and actionable criteria.

    Example:
        >>> judgement = judge_statement("IT will maintain the heating units")
        >>> [(c.criterion.value, c.kind, c.text) for c in judgement.cues if c.text][:1]
        [('outside-in', 'provider-subject', 'IT')]
        >>> judge_statement("My office stays between 20 and 23 °C during working hours").cues
        ()
    """
    return judge_statements([(statement, context)])[0]


def judge_statements(
    statements: Sequence[tuple[str, StatementContext]],
) -> list[StatementJudgement]:
    """Judge many statements, parsing those not parsed before in one batch."""
    parses = parse_texts([text for text, _ in statements])
    return [_judged(parse, context) for parse, (_, context) in zip(parses, statements, strict=True)]


@lru_cache(maxsize=65_536)
def _judged(parse: Parse, context: StatementContext) -> StatementJudgement:
    reading = Reading(parse, context)
    cues = [
        *_cues(Criterion.OUTSIDE_IN, outside_in(reading)),
        *_cues(Criterion.MEASURABLE, measurable(reading)),
        *_cues(Criterion.ACTIONABLE, actionable(reading)),
    ]
    return StatementJudgement(parse.text, tuple(cues))


def _cues(criterion: Criterion, findings: list[Finding]) -> list[Cue]:
    return [
        Cue(criterion, f.kind, f.words, f"'{f.words}' {f.advice}" if f.words else f.advice)
        for f in findings
    ]
