"""A query worker process: answers SPARQL queries (and rehearses updates) on store snapshots.

Started by `cxgraph.store.workers` as `python -m cxgraph.store.query_worker`; reads jobs on
stdin and writes answers on stdout, each a frame (`frame`/`read_frame`). It imports nothing
but pyoxigraph, so it starts in a fraction of a second, and it dies with its parent.

A job is killed from outside when it runs past its time; that is the point of running it
here: Oxigraph cannot be interrupted inside a query, and a thread cannot be killed.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import signal
import struct
import sys
from typing import IO, Any

import pyoxigraph as ox

_LENGTH = struct.Struct(">I")
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def frame(header: dict[str, Any], body: bytes = b"") -> bytes:
    """A message: a JSON header and a body, each preceded by its length."""
    encoded = json.dumps(header).encode()
    return _LENGTH.pack(len(encoded)) + encoded + _LENGTH.pack(len(body)) + body


def read_frame(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next message on `stream`, or None at its end."""
    header = _exactly(stream, _LENGTH.size)
    if header is None:
        return None
    fields = json.loads(_exactly(stream, _LENGTH.unpack(header)[0]) or b"{}")
    size = _exactly(stream, _LENGTH.size)
    body = _exactly(stream, _LENGTH.unpack(size)[0]) if size else b""
    return fields, body or b""


def _exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class AnswerTooLargeError(Exception):
    """The answer passed the result size limit while it was written."""


class _Capped(io.BytesIO):
    """A buffer that refuses to grow past `limit` bytes, so serialising stops early."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, chunk: Any) -> int:
        written = super().write(chunk)
        if self.tell() > self.limit:
            raise AnswerTooLargeError
        return written


def serialized(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, media_type: str, limit: int
) -> tuple[bytes, str]:
    """An answer written as `media_type` (or the default for its kind), and the media type
    used; `AnswerTooLargeError` as soon as it passes `limit` bytes."""
    output = _Capped(limit)
    if isinstance(answer, ox.QueryTriples):
        rdf = _GRAPH_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
        answer.serialize(output, format=rdf)
        return output.getvalue(), rdf.media_type
    results = _RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
    answer.serialize(output, format=results)
    return output.getvalue(), results.media_type


class Worker:
    """Keeps the snapshot it last used open; a job on a newer snapshot reopens."""

    def __init__(self) -> None:
        self._path = ""
        self._store: ox.Store | None = None

    def answer(self, job: dict[str, Any], text: str) -> tuple[dict[str, Any], bytes]:
        try:
            # A rehearsal gets a private, writable copy: its changes are thrown away.
            store = (
                ox.Store(job["snapshot"])
                if job["kind"] == "rehearse"
                else self._open(job["snapshot"])
            )
        except (OSError, ValueError, RuntimeError) as error:
            return {"ok": False, "error": "failed", "message": str(error)}, b""
        try:
            return self._run(store, job, text)
        except SyntaxError as error:
            return {"ok": False, "error": "syntax", "message": str(error)}, b""
        except AnswerTooLargeError:
            return {"ok": False, "error": "too-large"}, b""
        except (OSError, ValueError, RuntimeError) as error:  # the query's own failure
            return {"ok": False, "error": "evaluation", "message": str(error)}, b""

    def _run(self, store: ox.Store, job: dict[str, Any], text: str) -> tuple[dict[str, Any], bytes]:
        if job["kind"] == "rehearse":
            store.update(text, base_iri=job.get("base"))
            return {"ok": True}, b""
        named = [ox.NamedNode(g) for g in job.get("named") or []]
        defaults = [ox.NamedNode(g) if g else ox.DefaultGraph() for g in job.get("defaults") or []]
        answer = store.query(
            text,
            base_iri=job.get("base"),
            default_graph=defaults or None,  # type: ignore[arg-type]
            named_graphs=named or None,  # type: ignore[arg-type]
            use_default_graph_as_union=job["union"],
        )
        body, media_type = serialized(answer, job["media_type"], job["result_bytes"])
        return {"ok": True, "media_type": media_type}, body

    def _open(self, path: str) -> ox.Store:
        if path != self._path or self._store is None:
            self._store = None  # let go of the old snapshot's files first
            self._store = ox.Store.read_only(path)
            self._path = path
        return self._store


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(0)


def main() -> None:
    _die_with_parent()
    # Below the server in priority: on a busy machine, /health and the event loop still get
    # the CPU first.
    os.nice(5)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    jobs, answers = sys.stdin.buffer, sys.stdout.buffer
    worker = Worker()
    while (message := read_frame(jobs)) is not None:
        job, body = message
        header, answer = worker.answer(job, body.decode("utf-8"))
        answers.write(frame(header, answer))
        answers.flush()


if __name__ == "__main__":
    main()
