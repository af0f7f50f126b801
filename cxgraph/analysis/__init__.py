"""Text analysis of outcome statements, and the annotations that let SHACL shapes judge it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgraph.lazy import lazy_exports

if TYPE_CHECKING:
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

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Criterion": "cxgraph.analysis.statements",
        "Cue": "cxgraph.analysis.statements",
        "OutcomeStatement": "cxgraph.analysis.annotate",
        "Party": "cxgraph.analysis.context",
        "StatementContext": "cxgraph.analysis.context",
        "StatementJudgement": "cxgraph.analysis.statements",
        "cue_quads": "cxgraph.analysis.annotate",
        "judge_statement": "cxgraph.analysis.statements",
        "judge_statements": "cxgraph.analysis.statements",
        "outcome_statements": "cxgraph.analysis.annotate",
    },
)
