"""Where the command line writes: results to stdout, diagnostics to stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

output = Console(soft_wrap=True, highlight=False)
"""Results (reports) go to stdout so they can be piped."""

errors = Console(stderr=True, soft_wrap=True, highlight=False)
"""Diagnostics go to stderr."""


@contextmanager
def steps() -> Iterator[Callable[[str], None]]:
    """Show what a long run is doing on stderr, only when stderr is a terminal.

    Yields a function that names the current step; in CI logs and pipes it does nothing.
    """
    if not errors.is_terminal:
        yield lambda description: None
        return
    with errors.status("starting") as status:
        yield lambda description: status.update(description)
