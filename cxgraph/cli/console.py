"""Where the command line writes: results to stdout, diagnostics to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rich.console import Console


class _Deferred:
    """A rich Console made on first use: commands that print nothing (`--help`, usage
    errors) then never import rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


output = cast("Console", _Deferred(soft_wrap=True, highlight=False))
"""Results (reports) go to stdout so they can be piped."""

errors = cast("Console", _Deferred(stderr=True, soft_wrap=True, highlight=False))
"""Diagnostics go to stderr."""


def write_report(text: str) -> None:
    """Write a report to stdout as it is: no markup, no wrapping. Large reports go straight
    to the stream (a first import's 400,000 findings took rich 40 s to print)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


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


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """Like `steps`, as a bar over `total` named steps with the time elapsed: for commands
    whose steps are known in advance (`cxgraph ingest`)."""
    if not errors.is_terminal:
        yield lambda description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=total)
        started = False

        def step(description: str) -> None:
            nonlocal started
            if started:
                bar.advance(task)
            started = True
            bar.update(task, description=description)

        yield step
        bar.update(task, completed=total)
