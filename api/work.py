"""Work done off the event loop, a bounded amount at a time.

Parsing, validation, queries and writes hold a thread (and, in Python code, the GIL) for as
long as they run; on the event loop one large body would stall every other request. Each
kind of work has its own gate with `limits.concurrency` slots: a request waits at most
`limits.wait_seconds` for one and is then answered 503, so a flood of slow queries cannot
take the threads that writes, validations and /health need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import Request

from cxgraph.errors import BusyError
from cxgraph.safety.limits import Limits

T = TypeVar("T")


class Gate:
    """Slots for one kind of work (reads or writes)."""

    def __init__(self, kind: str, limits: Limits) -> None:
        self.kind = kind
        self.wait = limits.wait_seconds
        self._slots = anyio.CapacityLimiter(limits.concurrency)
        # One thread per slot: a request holding a slot never waits for a thread.
        self._threads = anyio.CapacityLimiter(limits.concurrency)

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """`work(*args)` in a worker thread once a slot is free; `BusyError` if none frees
        up in time."""
        try:
            with anyio.fail_after(self.wait):
                await self._slots.acquire()
        except TimeoutError:
            raise BusyError(
                f"every slot for {self.kind} stayed busy for {self.wait:g} s; try again later"
            ) from None
        try:
            return await anyio.to_thread.run_sync(work, *args, limiter=self._threads)
        finally:
            self._slots.release()


async def read(request: Request, work: Callable[..., T], *args: object) -> T:
    """Run a read (a query, a validation, a graph read) through the read gate."""
    gate: Gate = request.app.state.reads
    return await gate.run(work, *args)


async def write(request: Request, work: Callable[..., T], *args: object) -> T:
    """Run a write through the write gate."""
    gate: Gate = request.app.state.writes
    return await gate.run(work, *args)
