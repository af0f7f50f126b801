"""Findings and reports: what validation tells the user, independent of any output format.

A `Finding` is a SHACL validation result with the cxgraph rule it breaks: its focus node
and value are real RDF terms (an IRI, a blank node, or a literal with its datatype or
language), and it names the shape and constraint component that produced it, so one
report builder can write a conformant `sh:ValidationReport` from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from cxgraph.positions import Location, SourceIndex
from cxgraph.severity import Severity as Severity  # re-exported: part of the report API
from cxgraph.severity import Status as Status
from cxgraph.terms import Term, node_key


@dataclass(frozen=True)
class Finding:
    """One rule broken by one node: a SHACL validation result with its cxgraph rule id."""

    rule: str
    severity: Severity
    focus: Term
    message: str
    shape: Node
    """The rule's shape: the named node shape behind the result (property shapes report the
    shape holding them)."""
    component: URIRef
    """The constraint component that failed (`sh:sourceConstraintComponent`)."""
    source_shape: Node | None = None
    """`sh:sourceShape` when it is not `shape` (a property shape inside it)."""
    path: Node | None = None
    """`sh:resultPath`: a predicate IRI, or a blank node describing a complex path."""
    path_text: str | None = None
    """The path as SPARQL writes it (the IRI for a predicate)."""
    value: Term | None = None
    constraint: Node | None = None
    """`sh:sourceConstraint`, for SPARQL-based constraints."""
    severity_iri: URIRef | None = None
    """The shapes' own severity when it is none of sh:Violation, sh:Warning, sh:Info."""
    source: tuple[Location, ...] = ()
    """Where the focus node is written (defining place first), then the offending triple."""
    triple_source: tuple[Location, ...] = ()
    """Where the offending triple (focus, path, ...) is written, when there is a path."""
    status: Status = Status.ACTIVE

    @property
    def focus_text(self) -> str:
        """The focus node as people read it: an IRI, `_:label`, or a literal's text."""
        return display(self.focus)

    @property
    def fingerprint(self) -> str:
        """What identifies a finding across runs: rule, focus node and path.

        Blank nodes get new labels on every parse, so they are identified by where they are
        written instead.

        Example:
            >>> from rdflib.namespace import SH
            >>> Finding("r", Severity.INFO, URIRef("https://e/a"), "m", URIRef("https://e/S"),
            ...         SH.MinCountConstraintComponent, path_text="https://e/p").fingerprint
            'r|https://e/a|https://e/p'
        """
        focus = self.focus_text
        if isinstance(self.focus, BNode) and self.source:
            focus = f"@{self.source[0]}"
        return f"{self.rule}|{focus}|{self.path_text or ''}"

    @property
    def place(self) -> Location | None:
        """The most precise place to point an editor at: the triple, else the node."""
        for places in (self.triple_source, self.source):
            if places:
                return places[0]
        return None

    def as_dict(self) -> dict[str, object]:
        """The finding as the JSON object of the `--format json` output.

        `focus` and `value` are for reading; `focusNode` and `valueNode` carry the terms as
        SPARQL 1.1 JSON results write them (type, value, datatype, xml:lang).
        """
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "focus": self.focus_text,
            "focusNode": json_term(self.focus),
            "path": self.path_text,
            "value": None if self.value is None else display(self.value),
            "valueNode": None if self.value is None else json_term(self.value),
            "message": self.message,
            "shape": str(self.shape),
            "component": str(self.component),
            "source": [location.as_dict() for location in self.source],
            "status": self.status.value,
        }


def display(term: Node) -> str:
    """A term as a report shows it: an IRI, `_:label` for a blank node, a literal's text.

    Example:
        >>> from rdflib import Literal
        >>> display(BNode("b1")), display(Literal("4.0")), display(URIRef("https://e/a"))
        ('_:b1', '4.0', 'https://e/a')
    """
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def json_term(term: Term) -> dict[str, str]:
    """A term in the SPARQL 1.1 Query Results JSON form.

    Example:
        >>> from rdflib import Literal
        >>> json_term(Literal("chaud", lang="fr"))
        {'type': 'literal', 'value': 'chaud', 'xml:lang': 'fr'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    encoded = {"type": "literal", "value": str(term)}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype is not None:
        encoded["datatype"] = str(term.datatype)
    return encoded


@dataclass(frozen=True)
class Report:
    """The outcome of validating a portfolio: every finding, sorted for stable output."""

    findings: tuple[Finding, ...] = field(default=())
    shapes: Graph | None = field(default=None, compare=False, repr=False)
    """The shapes graph, which describes blank-node shapes and paths the findings name."""

    @property
    def conforms(self) -> bool:
        """True when no active violation remains (warnings, infos, suppressed do not count)."""
        return not any(
            f.severity is Severity.VIOLATION and f.status is Status.ACTIVE for f in self.findings
        )

    def summary(self) -> dict[str, int]:
        """Count active findings per severity, every severity present.

        Example:
            >>> Report().summary()
            {'violation': 0, 'warning': 0, 'info': 0}
        """
        counts = Counter(f.severity for f in self.findings if f.status is Status.ACTIVE)
        return {severity.value: counts.get(severity, 0) for severity in Severity}

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        """Return the active findings at least as serious as `threshold`."""
        return [
            f
            for f in self.findings
            if f.severity.rank >= threshold.rank and f.status is Status.ACTIVE
        ]

    def suppressing(self, pairs: Collection[tuple[Term, str]]) -> Report:
        """Mark active findings whose (focus node, rule) the data suppresses."""
        return self._marked(lambda f: (f.focus, f.rule) in pairs, Status.SUPPRESSED)

    def with_status(self, fingerprints: Collection[str], status: Status) -> Report:
        """Mark the active findings whose fingerprint is listed with `status`."""
        return self._marked(lambda f: f.fingerprint in fingerprints, status)

    def located(self, index: SourceIndex, data: Graph | None = None) -> Report:
        """The same findings, each with the places its focus node and triple are written.

        With the data graph, anonymous blank nodes are located through their parents.
        """
        return self.with_findings(_located(finding, index, data) for finding in self.findings)

    def with_findings(self, findings: Iterable[Finding]) -> Report:
        """A report of other findings about the same shapes."""
        return Report(tuple(findings), self.shapes)

    def by_rule(self) -> dict[str, list[Finding]]:
        """Group findings by rule id, rules sorted."""
        groups: dict[str, list[Finding]] = {}
        for finding in sorted(self.findings, key=lambda f: (f.rule, f.focus_text)):
            groups.setdefault(finding.rule, []).append(finding)
        return groups

    def _marked(self, chosen: Callable[[Finding], bool], status: Status) -> Report:
        def mark(finding: Finding) -> Finding:
            if finding.status is Status.ACTIVE and chosen(finding):
                return replace(finding, status=status)
            return finding

        return self.with_findings(mark(f) for f in self.findings)


def _located(finding: Finding, index: SourceIndex, data: Graph | None) -> Finding:
    focus = node_key(finding.focus)
    nodes = index.locate_in(focus, data)
    triples = index.locate_statement(focus, str(finding.path)) if finding.path else []
    source = tuple(dict.fromkeys([*nodes, *triples]))
    return replace(finding, source=source, triple_source=tuple(triples))
