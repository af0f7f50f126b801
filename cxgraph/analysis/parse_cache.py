"""Parses kept across runs: a small SQLite file in the user's cache folder.

A portfolio's statements rarely change between two runs of `cxgraph validate`, and parsing
is what the statement analyzer spends its time on. The cache is keyed by the text and the
model's version, holds plain JSON, and is only an optimisation: a missing, unwritable or
broken cache file means parsing again, never an error. `CXGRAPH_CACHE_DIR` moves it;
`CXGRAPH_CACHE_DIR=off` switches it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from cxgraph.analysis.parsing import PARSE_VERSION, Parse, Word, model_version

MAX_ENTRIES = 500_000
"""Beyond this many parses the oldest are dropped (about 1 KB each on disk)."""

_BATCH = 500  # SQLite's limit on host parameters in one statement is 999 or more


class ParseCache:
    """Parses by text: in memory for this process, and in a SQLite file when one is usable."""

    def __init__(self, folder: Path | None) -> None:
        self._memory: dict[str, Parse] = {}
        self._lock = threading.Lock()
        self._version = model_version()
        name = f"parses-{self._version}-v{PARSE_VERSION}.sqlite"
        self._db = _open(folder / name) if folder else None

    @classmethod
    @cache
    def shared(cls) -> ParseCache:
        """The process's cache, in the folder the environment names (or the default)."""
        return cls(cache_folder())

    def get_many(self, texts: Iterable[str]) -> dict[str, Parse]:
        """The parses known for these texts."""
        wanted = list(dict.fromkeys(texts))
        found = {t: self._memory[t] for t in wanted if t in self._memory}
        missing = [t for t in wanted if t not in found]
        if missing and self._db is not None:
            found.update(self._read(missing))
            self._memory.update(found)
        return found

    def put_many(self, parses: Mapping[str, Parse]) -> None:
        """Keep new parses, in memory and on disk."""
        self._memory.update(parses)
        if self._db is None or not parses:
            return
        rows = [(_key(t), _encode(p)) for t, p in parses.items()]
        with self._lock:
            try:
                self._db.executemany("INSERT OR REPLACE INTO parse VALUES (?, ?)", rows)
                self._db.execute(
                    "DELETE FROM parse WHERE rowid <= (SELECT MAX(rowid) FROM parse) - ?",
                    (MAX_ENTRIES,),
                )
                self._db.commit()
            except sqlite3.Error:
                self._db = None  # a full disk or a locked file: carry on without

    def _read(self, texts: list[str]) -> dict[str, Parse]:
        keys = {_key(t): t for t in texts}
        found: dict[str, Parse] = {}
        with self._lock:
            assert self._db is not None
            try:
                for start in range(0, len(texts), _BATCH):
                    batch = list(keys)[start : start + _BATCH]
                    marks = ",".join("?" * len(batch))
                    query = f"SELECT key, parse FROM parse WHERE key IN ({marks})"
                    for key, blob in self._db.execute(query, batch):
                        parse = _decode(keys[key], blob)
                        if parse is not None:
                            found[keys[key]] = parse
            except sqlite3.Error:
                self._db = None
        return found


def cache_folder() -> Path | None:
    """Where parses are kept: `CXGRAPH_CACHE_DIR`, else the user's cache folder; None if
    switched off."""
    chosen = os.environ.get("CXGRAPH_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "none", "0"} else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cxgraph"


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS parse (key TEXT PRIMARY KEY, parse TEXT NOT NULL)")
        db.commit()
        return db
    except (OSError, sqlite3.Error):
        return None


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encode(parse: Parse) -> str:
    fields = [list(parse.words), list(parse.entities), list(parse.meaning)]
    return json.dumps(fields, ensure_ascii=False)


def _decode(text: str, blob: str) -> Parse | None:
    """A stored parse, or None when the row is not one (a damaged or foreign file)."""
    try:
        words, entities, meaning = json.loads(blob)
        parse = Parse(
            text,
            tuple(Word(*w) for w in words),
            tuple(tuple(e) for e in entities),
            tuple(float(v) for v in meaning),
        )
    except (ValueError, TypeError):
        return None
    if parse.words and parse.words[-1].end > len(text):
        return None
    return parse
