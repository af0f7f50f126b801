"""ASGI middleware every request passes: a request id, the body size limit and read access.

Written as plain ASGI rather than Starlette's `BaseHTTPMiddleware`, so a body is counted as it
arrives (a 200 MB upload is cut off at the limit, not buffered first) and streamed answers
are not held back.
"""

from __future__ import annotations

import datetime
import hmac
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from cxgraph.errors import TooLargeError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID = "cxgraph.request_id"
"""The scope key of the request id, which error answers and the log carry."""
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    """Give every request an id (the client's `X-Request-ID` if it is a plain token), answer
    it in `X-Request-ID`, so a logged error can be found from the answer a client got; and
    log every request on the `cxgraph.access` logger (see `access_line`)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        scope[REQUEST_ID] = request_id
        started = time.perf_counter()
        answered = {"status": 500, "bytes": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered["status"] = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body":
                answered["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                seconds = time.perf_counter() - started
                access_log.info(access_line(scope, answered["status"], answered["bytes"], seconds))


access_log = logging.getLogger("cxgraph.access")
"""One line per request; `cxgraph serve` writes it to stderr."""


def access_line(scope: Scope, status: int, size: int, seconds: float) -> str:
    """A request in the Common Log Format, then the route it matched, its time in ms and its
    id: `127.0.0.1 - - [02/Dec/2026:07:45:00 +0000] "GET /sparql HTTP/1.1" 200 5120
    /sparql 3.1ms 9f1c...`. The query string is left out: queries can be long, and private."""
    client = scope.get("client") or ("-", 0)
    when = datetime.datetime.now(datetime.UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    route = getattr(scope.get("route"), "path", None) or "-"
    line = f"{scope['method']} {scope['path']} HTTP/{scope.get('http_version', '1.1')}"
    return (
        f'{client[0]} - - [{when}] "{line}" {status} {size or "-"} {route} '
        f"{seconds * 1000:.1f}ms {scope.get(REQUEST_ID, '-')}"
    )


class BodyLimitMiddleware:
    """Refuse a body larger than `limit` bytes with 413: at once when Content-Length says
    so, else as soon as the bytes received pass it (reading the body then raises
    `TooLargeError`, which the error handlers answer)."""

    def __init__(self, app: App, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.limit:
            await _plain(send, 413, self._message(int(declared)), scope)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLargeError("<body>", self._message(received, at_least=True))
            return message

        await self.app(scope, counted, send)

    def _message(self, size: int, at_least: bool = False) -> str:
        amount = f"at least {size:,}" if at_least else f"{size:,}"
        return f"the body has {amount} bytes; the limit is {self.limit:,} (body-bytes)"


class ReadAccessMiddleware:
    """With a read token set, every route but /health needs `Authorization: Bearer` with the
    read token or the write token (compared in constant time)."""

    OPEN = frozenset({"/health"})

    def __init__(self, app: App, tokens: list[str]) -> None:
        self.app = app
        self.accepted = [f"Bearer {t}".encode() for t in tokens if t]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.OPEN:
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"authorization").encode()
        # Every token is compared, so timing says nothing about which one nearly matched.
        matches = [hmac.compare_digest(given, token) for token in self.accepted]
        if not any(matches):
            headers = [(b"www-authenticate", b'Bearer realm="cxgraph"')]
            await _plain(send, 401, "this server needs 'Authorization: Bearer <token>' to read",
                         scope, headers)  # fmt: skip
            return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


async def _plain(
    send: Send,
    status: int,
    message: str,
    scope: Scope,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = (message + "\n").encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
