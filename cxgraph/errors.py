"""Errors that cxgraph reports to its users (as opposed to bugs)."""

from __future__ import annotations


class CxgraphError(Exception):
    """Base class of every error cxgraph raises on purpose."""


class InputError(CxgraphError):
    """An input could not be read; names the place (file, line, column) where it went wrong.

    Example:
        >>> str(InputError("p.ttl", "unexpected end of file", line=3, column=11))
        'p.ttl:3:11: unexpected end of file'
        >>> str(InputError("p.rdf", "not RDF/XML"))
        'p.rdf: not RDF/XML'
    """

    def __init__(
        self, source: str, message: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"


class ReasonerUnavailableError(CxgraphError):
    """The OWL DL reasoner cannot run here (for example, Java is not installed)."""


class TooLargeError(InputError):
    """An input is larger than the configured limits allow (a request body, a literal)."""


class OutboundRequestRefusedError(InputError):
    """A query or update asks the server to contact a host it is not allowed to reach."""


class TimeLimitError(CxgraphError):
    """A query, update or validation ran past its time limit and was stopped."""


class BusyError(CxgraphError):
    """Every slot for heavy work stayed taken for as long as a request may wait."""
