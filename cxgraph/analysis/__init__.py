"""Text analysis of outcome statements, and the annotations that let SHACL shapes judge it."""

from cxgraph.analysis.annotate import OutcomeStatement, cue_quads, outcome_statements
from cxgraph.analysis.context import Party, StatementContext
from cxgraph.analysis.statements import (
    Criterion,
    Cue,
    StatementJudgement,
    judge_statement,
    judge_statements,
)

__all__ = [
    "Criterion",
    "Cue",
    "OutcomeStatement",
    "Party",
    "StatementContext",
    "StatementJudgement",
    "cue_quads",
    "judge_statement",
    "judge_statements",
    "outcome_statements",
]
