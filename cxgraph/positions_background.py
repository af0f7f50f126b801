"""Lexing large Turtle sources in a second process while the portfolio is validated.

Findings point at `file:line:column`, so every Turtle file is lexed once (`cxgraph.positions`).
Which nodes need a place is known only when validation ends; for a large file, lexing then
would add its whole cost to the run. Here another process lexes the Turtle files at once,
on the second core, while this one loads and judges; at the end it is sent the wanted nodes
and answers with their places alone. Small inputs are lexed in this process, at the end,
where a second process would cost more than it saves.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import IO

from cxgraph.positions import SourceIndex, index_sources

TURTLE = {".ttl", ".trig", ".n3"}
BACKGROUND_BYTES = 4_000_000
"""Turtle this large (about 40,000 triples) is lexed beside validation."""


class PositionIndexer:
    """Places of nodes in `paths`, found beside validation when the Turtle is large."""

    def __init__(self, paths: Sequence[Path], relative_to: Path | None) -> None:
        self._paths = list(paths)
        self._relative_to = relative_to
        turtle = [p for p in self._paths if p.suffix.lower() in TURTLE]
        self._background: list[Path] = []
        self._process: subprocess.Popen[bytes] | None = None
        if sum(_size(p) for p in turtle) >= BACKGROUND_BYTES:
            # A fresh interpreter, not multiprocessing: forking would copy a caller's threads
            # broken, and spawning would import the caller's main script again.
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            assert self._process.stdin is not None
            _send(self._process.stdin, (turtle, relative_to))
            self._background = turtle

    def index(self, wanted: Collection[str]) -> SourceIndex:
        """The places of the wanted nodes (and of their statements) in every source."""
        here = [p for p in self._paths if p not in self._background]
        index = index_sources(here, relative_to=self._relative_to, wanted=wanted)
        if self._background:
            index.merge(self._from_background(wanted))
        return index

    def close(self) -> None:
        """Stop the second process if it still runs (validation failed before the end)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def _from_background(self, wanted: Collection[str]) -> SourceIndex:
        assert self._process is not None
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            _send(self._process.stdin, set(wanted))
            answer = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            answer = None  # the process died (killed, out of memory): lex here instead
        finally:
            self.close()
        if isinstance(answer, SourceIndex):
            return answer
        return index_sources(self._background, relative_to=self._relative_to, wanted=wanted)


def _send(stream: IO[bytes], value: object) -> None:
    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def main() -> None:
    """The second process: lex everything, then answer for the wanted nodes."""
    paths, relative_to = pickle.load(sys.stdin.buffer)
    try:
        index: SourceIndex | None = index_sources(paths, relative_to=relative_to)
    except Exception:  # an unreadable file: the parent lexes again and reports it
        index = None
    wanted = pickle.load(sys.stdin.buffer)
    _send(sys.stdout.buffer, index.restricted(wanted) if index is not None else None)


if __name__ == "__main__":
    main()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
