"""Exit codes of the cxgraph command line, one meaning each."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a cxgraph command's exit status means."""

    OK = 0
    """Nothing at or above the failure threshold."""
    FINDINGS = 1
    """Findings at or above the failure threshold (the report is still written)."""
    USAGE = 2
    """The command line was wrong."""
    INPUT = 3
    """An input could not be read or parsed; the message names file, line and column."""
    INTERNAL = 4
    """An internal error or a failing external tool (a bug or a broken installation)."""
    UNAVAILABLE = 5
    """The remote SPARQL database could not be reached or refused the request."""
