"""How serious a finding is, and whether it counts: kept apart from the report so that
the command line can name them in its options without importing rdflib.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node


class Severity(StrEnum):
    """How serious a finding is, mirroring sh:Violation, sh:Warning and sh:Info."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order of seriousness: violation 3, warning 2, info 1.

        Example:
            >>> Severity.WARNING.rank > Severity.INFO.rank
            True
        """
        return {Severity.VIOLATION: 3, Severity.WARNING: 2, Severity.INFO: 1}[self]

    @property
    def iri(self) -> URIRef:
        """SHACL's IRI for the severity.

        Example:
            >>> Severity.WARNING.iri
            rdflib.term.URIRef('http://www.w3.org/ns/shacl#Warning')
        """
        from rdflib.namespace import SH

        return SH[self.value.capitalize()]

    @classmethod
    def of(cls, iri: Node | None) -> Severity | None:
        """The severity a SHACL severity IRI names; None for a shapes graph's own IRI.

        Example:
            >>> from rdflib import SH, URIRef
            >>> Severity.of(SH.Info), Severity.of(URIRef("https://example.org/Minor"))
            (<Severity.INFO: 'info'>, None)
        """
        for severity in cls:
            if iri == severity.iri:
                return severity
        return None


class Status(StrEnum):
    """Whether a finding counts: only active findings decide the verdict and exit code."""

    ACTIVE = "active"
    SUPPRESSED = "suppressed"
    """The data says to ignore it (`cxs:suppress "rule-id"` on the focus node)."""
    BASELINED = "baselined"
    """It is recorded in a baseline file."""
