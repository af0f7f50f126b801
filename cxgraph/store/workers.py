"""Queries with a time limit that stops them: answered by worker processes on snapshots.

Oxigraph evaluates a query in native code that nothing in the process can interrupt, so a
query past its time would run on, at full CPU, after its client has gone; a few dozen such
queries would take every thread the server has. Here a query runs in a worker process, on
a snapshot of the store (a RocksDB checkpoint: hard links, taken in milliseconds after a
write, shared by every query until the next write), and a worker past its time is killed
and replaced. A SPARQL update is rehearsed the same way, on a private snapshot, before it
runs on the store: one that would run past its time is refused without touching the store.
"""

from __future__ import annotations

import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cxgraph.errors import InputError, TimeLimitError
from cxgraph.safety.limits import Limits
from cxgraph.store.base import QueryAnswer
from cxgraph.store.query_worker import frame, read_frame

SNAPSHOTS = "cxgraph-snapshots"
"""The folder, inside the store's own, that holds the snapshots (RocksDB ignores it)."""
_WORKER = Path(__file__).with_name("query_worker.py")


@dataclass(frozen=True)
class QueryJob:
    """A query as a worker runs it."""

    text: str
    media_type: str
    defaults: list[str | None]
    named: list[str]
    base: str | None
    union: bool


class _Process:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        # The worker is run as a file, not as a module of this package: it then imports
        # pyoxigraph alone and starts in a fraction of a second.
        self.process = subprocess.Popen(
            [sys.executable, str(_WORKER)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def ask(
        self, header: dict[str, Any], text: str, seconds: float
    ) -> tuple[dict[str, Any], bytes]:
        """Send a job and wait at most `seconds` for its answer (TimeoutError after)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(frame(header, text.encode("utf-8")))
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        if not ready:
            raise TimeoutError
        answer = read_frame(self.process.stdout)
        if answer is None:
            raise RuntimeError(f"the query worker ended (exit status {self.process.poll()})")
        return answer

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class QueryWorkers:
    """`processes` workers answering queries on snapshots of `store`, kept in `folder`."""

    def __init__(self, store: ox.Store, folder: Path, limits: Limits, processes: int) -> None:
        self._store = store
        self._folder = folder / SNAPSHOTS
        shutil.rmtree(self._folder, ignore_errors=True)  # a killed server's leftovers
        self._folder.mkdir(parents=True)
        self.limits = limits
        self._lock = threading.Lock()
        self._generation = 0
        self._current: Path | None = None
        self._in_use: Counter[Path] = Counter()
        self._idle: queue.LifoQueue[_Process] = queue.LifoQueue()
        for _ in range(processes):
            self._idle.put(_Process())

    def changed(self) -> None:
        """The store was written: the next query takes a new snapshot."""
        with self._lock:
            self._current = None

    def query(self, job: QueryJob) -> QueryAnswer:
        """The answer to `job`, or `TimeLimitError` once it has run `limits.query_seconds`."""
        header = {
            "kind": "query", "media_type": job.media_type, "defaults": job.defaults,
            "named": job.named, "base": job.base, "union": job.union,
            "result_bytes": self.limits.result_bytes,
        }  # fmt: skip
        with self._snapshot() as snapshot:
            answer, body = self._ask({**header, "snapshot": str(snapshot)}, job.text,
                                     self.limits.query_seconds, "query")  # fmt: skip
        return QueryAnswer(body, answer["media_type"])

    def rehearse(self, update: str, base: str | None) -> None:
        """Run `update` on a private snapshot: `TimeLimitError` if it takes longer than
        `limits.update_seconds`, `InputError` if it fails; the store is not touched."""
        with self._lock:
            self._generation += 1
            private = self._folder / f"rehearsal-{self._generation}"
            self._store.backup(str(private))
        try:
            self._ask({"kind": "rehearse", "snapshot": str(private), "base": base}, update,
                      self.limits.update_seconds, "update")  # fmt: skip
        finally:
            shutil.rmtree(private, ignore_errors=True)

    def close(self) -> None:
        """Stop the workers and delete the snapshots."""
        while not self._idle.empty():
            self._idle.get().kill()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _ask(
        self, header: dict[str, Any], text: str, seconds: float, what: str
    ) -> tuple[dict[str, Any], bytes]:
        worker = self._idle.get()
        try:
            answer, body = worker.ask(header, text, seconds)
        except (TimeoutError, RuntimeError) as error:
            worker.kill()
            worker = _Process()
            if isinstance(error, TimeoutError):
                raise TimeLimitError(
                    f"the {what} ran longer than {seconds:g} s and was stopped "
                    f"({what}-seconds in [limits])"
                ) from None
            raise
        finally:
            self._idle.put(worker)
        if not answer["ok"]:
            raise _failure(answer, what, self.limits)
        return answer, body

    @contextmanager
    def _snapshot(self) -> Iterator[Path]:
        with self._lock:
            if self._current is None:
                self._generation += 1
                self._current = self._folder / f"snapshot-{self._generation}"
                self._store.flush()
                self._store.backup(str(self._current))
            snapshot = self._current
            self._in_use[snapshot] += 1
        try:
            yield snapshot
        finally:
            with self._lock:
                self._in_use[snapshot] -= 1
                stale = [s for s, n in self._in_use.items() if n == 0 and s != self._current]
                for old in stale:
                    del self._in_use[old]
                    shutil.rmtree(old, ignore_errors=True)


def _failure(answer: dict[str, Any], what: str, limits: Limits) -> Exception:
    if answer["error"] == "too-large":
        return InputError(f"<{what}>", answer_too_large(limits))
    if answer["error"] in {"syntax", "evaluation"}:
        return InputError(f"<{what}>", answer["message"])
    return RuntimeError(f"the {what} failed in its worker: {answer.get('message')}")


def worker_count(limits: Limits) -> int:
    """As many workers as requests may run at once, but no more than the cores allow for."""
    return max(1, min(limits.concurrency, (os.cpu_count() or 1) * 2))


def answer_too_large(limits: Limits) -> str:
    """What a client is told when an answer passes the result size limit."""
    return (
        f"the answer is larger than {limits.result_bytes:,} bytes (result-bytes in [limits]): "
        "ask for less, with LIMIT or fewer variables"
    )
