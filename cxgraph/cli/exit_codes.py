"""Exit codes of the cxgraph command line, one meaning each."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a cxgraph command's exit status means.

    Each member carries its meaning, so `--help` and the README are written from one list.

    Example:
        >>> ExitCode.UNAVAILABLE.meaning
        'the remote SPARQL database could not be reached or refused the request'
    """

    meaning: str

    def __new__(cls, code: int, meaning: str) -> ExitCode:
        member = int.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    OK = 0, "nothing at or above --fail-on (default violation)"
    FINDINGS = 1, "findings at or above --fail-on (the report is still written)"
    USAGE = 2, "usage error"
    INPUT = 3, "an input (portfolio or configuration file) could not be read or parsed"
    INTERNAL = 4, "internal error (a bug, or a reasoner that could not run)"
    UNAVAILABLE = 5, "the remote SPARQL database could not be reached or refused the request"


def exit_codes_help() -> str:
    """The exit codes and their meanings, one a line, for `--help`.

    Example:
        >>> exit_codes_help().splitlines()[:2]
        ['Exit codes:', '0 nothing at or above --fail-on (default violation)']
    """
    return "\n".join(["Exit codes:", *(f"{code.value} {code.meaning}" for code in ExitCode)])
