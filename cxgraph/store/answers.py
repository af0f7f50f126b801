"""Query answers kept between writes, so a tool that asks the same thing again is answered
without running the query.

Dashboards and editors repeat their queries; between two writes the answer cannot change.
The store empties the cache on every write, and a query that started before the write
cannot put its answer back (each entry is tagged with the store's write count). Answers of
queries whose result may differ from run to run (RAND, NOW, UUID, STRUUID, BNODE, a SERVICE
call) are not kept, nor answers over a size, and the whole cache is held under a byte
budget, the least recently used answers leaving first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from cxgraph.engine.sparql_text import tokens
from cxgraph.store.base import QueryAnswer

_VOLATILE = {"RAND", "NOW", "UUID", "STRUUID", "BNODE", "SERVICE"}


def repeatable(query: str) -> bool:
    """Whether the query gives the same answer on the same data every time."""
    return not any(kind == "word" and text.upper() in _VOLATILE for kind, text, _ in tokens(query))


class AnswerCache:
    """Answers by query key, within `budget` bytes, each at most `largest` bytes."""

    def __init__(self, budget: int = 64 << 20, largest: int = 1 << 20) -> None:
        self._budget = budget
        self._largest = largest
        self._answers: OrderedDict[Hashable, QueryAnswer] = OrderedDict()
        self._held = 0
        self._writes = 0
        self._lock = threading.Lock()

    @property
    def writes(self) -> int:
        """How many writes the store has had: pass it back to `put`."""
        return self._writes

    def get(self, key: Hashable) -> QueryAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: QueryAnswer, writes: int) -> None:
        """Keep `answer` unless the store was written since `writes` was read."""
        size = len(answer.body)
        if size > self._largest:
            return
        with self._lock:
            if writes != self._writes or key in self._answers:
                return
            self._answers[key] = answer
            self._held += size
            while self._held > self._budget:
                _, oldest = self._answers.popitem(last=False)
                self._held -= len(oldest.body)

    def clear(self) -> None:
        """The store was written: nothing kept holds any more."""
        with self._lock:
            self._writes += 1
            self._answers.clear()
            self._held = 0
