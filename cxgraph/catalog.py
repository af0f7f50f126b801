"""The catalogue of rules: what each shape with a rule id declares about itself."""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from cxgraph.namespace import CXS
from cxgraph.report import Severity


@dataclass(frozen=True)
class RuleDoc:
    """A rule's id, severity and documentation, as declared on its shape."""

    rule: str
    shape: str
    severity: Severity
    label: str
    problem: str
    rationale: str
    fix: str
    passing_example: str
    failing_example: str

    def as_dict(self) -> dict[str, str]:
        """Plain values, ready for JSON."""
        return {key: str(value) for key, value in asdict(self).items()}


def rule_catalog(shapes: Graph) -> list[RuleDoc]:
    """Document every node shape that declares a rule id, sorted by rule id.

    Example:
        >>> from cxgraph.validation import load_shapes
        >>> [d.severity.value for d in rule_catalog(load_shapes()) if d.rule == "maturity-boundary"]
        ['warning']
    """
    docs = []
    for shape, rule in shapes.subject_objects(CXS.ruleId):
        if not isinstance(shape, URIRef):
            continue  # property shapes inside a documented node shape

        def text(predicate: URIRef, shape: URIRef = shape) -> str:
            return str(shapes.value(shape, predicate) or "")

        declared = shapes.value(shape, SH.severity)
        severity = Severity.of(declared) or Severity.VIOLATION
        docs.append(
            RuleDoc(
                rule=str(rule),
                shape=str(shape),
                severity=severity,
                label=text(RDFS.label),
                problem=text(CXS.problem),
                rationale=text(CXS.rationale),
                fix=text(CXS.fix),
                passing_example=text(CXS.passingExample),
                failing_example=text(CXS.failingExample),
            )
        )
    return sorted(docs, key=lambda d: d.rule)


def catalog_markdown(docs: list[RuleDoc]) -> str:
    """The catalogue as a Markdown page."""
    parts = ["# cxgraph rules\n"]
    for doc in docs:
        parts.append(
            f"## `{doc.rule}` ({doc.severity.value})\n\n{doc.label}.\n\n"
            f"**Problem.** {doc.problem}\n\n**Why.** {doc.rationale}\n\n**Fix.** {doc.fix}\n\n"
            f"Passes:\n\n```turtle\n{doc.passing_example}\n```\n\n"
            f"Fails:\n\n```turtle\n{doc.failing_example}\n```\n"
        )
    return "\n".join(parts)


_LABEL_WIDTH = 9  # "Problem  ": the labels' column, so every text starts at one column


def rule_text(doc: RuleDoc, width: int = 80, *, examples: bool = False) -> str:
    """A rule for a terminal: id and severity, label, then problem, why and fix, wrapped.

    With `examples`, the passing and failing Turtle examples follow, as written.

    Example:
        >>> doc = RuleDoc("r", "s", Severity.WARNING, "Label", "P.", "W.", "F.", "ok", "bad")
        >>> print(rule_text(doc, examples=True))
        r (warning)
          Label.
          Problem  P.
          Why      W.
          Fix      F.
          Passes:
            ok
          Fails:
            bad
    """
    lines = [f"{doc.rule} ({doc.severity.value})", *_wrapped("", f"{doc.label}.", width)]
    for name, text in (("Problem", doc.problem), ("Why", doc.rationale), ("Fix", doc.fix)):
        lines += _wrapped(name, text, width)
    if examples:
        for name, example in (("Passes", doc.passing_example), ("Fails", doc.failing_example)):
            lines += [f"  {name}:", *(f"    {line}" for line in example.splitlines())]
    return "\n".join(lines)


def _wrapped(name: str, text: str, width: int) -> list[str]:
    indent = "  " + " " * _LABEL_WIDTH if name else "  "
    first = f"  {name:{_LABEL_WIDTH}}" if name else indent
    # Rule ids, IRIs and words such as "outside-in" stay whole, so they can be searched for.
    lines = textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]
