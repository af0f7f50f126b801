"""Text analysis of outcome statements, and the annotations that let SHACL shapes judge it."""

from cxgraph.analysis.annotate import annotate_statements
from cxgraph.analysis.statements import Criterion, Cue, StatementJudgement, judge_statement

__all__ = ["Criterion", "Cue", "StatementJudgement", "annotate_statements", "judge_statement"]
