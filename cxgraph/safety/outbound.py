"""The only outbound requests a server makes: `LOAD` from hosts the limits allow.

Oxigraph would fetch a LOAD's document itself, once for every store the update runs on, and
the write guard runs an update twice (on a trial copy, then on the store): the document
judged need not be the document stored. So an allowed LOAD is fetched here once, bounded in
size and time, parsed and checked like a request body, and the update is rewritten to insert
exactly those triples (`INSERT DATA`) wherever it runs.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from cxgraph.errors import InputError, OutboundRequestRefusedError, TooLargeError
from cxgraph.safety.limits import Limits
from cxgraph.safety.sparql import Load, check_sparql

_ACCEPT = (
    "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7"
)
_REDIRECTS = 3


def prepared_update(text: str, limits: Limits, base: str | None = None) -> str:
    """An update as the store may run it: checked (`check_sparql`), and with each LOAD
    replaced by the triples it fetched (SILENT: by nothing when the fetch fails)."""
    found = check_sparql(text, limits, update=True, base=base)
    if not found.loads:
        return text
    pieces, last = [], 0
    for load in found.loads:
        pieces += [text[last : load.start], _inserted(load, limits)]
        last = load.end
    return "".join([*pieces, text[last:]])


def _inserted(load: Load, limits: Limits) -> str:
    from cxgraph.store.rdf import body_quads  # the store parses bodies; it imports this module

    try:
        data, media_type = fetch(load.source, limits)
        quads = body_quads(data, media_type, None, limits)
    except InputError as error:
        if load.silent:
            return "INSERT DATA { }"
        raise InputError("<update>", f"LOAD <{load.source}>: {error.message}") from None
    triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    block = f"GRAPH {load.graph} {{\n{triples}\n}}" if load.graph else triples
    return f"INSERT DATA {{\n{block}\n}}"


def fetch(url: str, limits: Limits) -> tuple[bytes, str]:
    """The body and media type at `url`, from allowed hosts only (redirects included), at
    most `limits.body_bytes`, within `limits.update_seconds`; failures are `InputError`s."""
    with httpx.Client(timeout=limits.update_seconds, follow_redirects=False) as client:
        for _ in range(_REDIRECTS + 1):
            _allowed(url, limits)
            try:
                with client.stream("GET", url, headers={"Accept": _ACCEPT}) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code != 200:
                        raise InputError(url, f"answered {response.status_code}")
                    media_type = response.headers.get("content-type", "").split(";")[0].strip()
                    return _bounded(response, url, limits), media_type.lower()
            except httpx.HTTPError as error:
                raise InputError(url, f"could not be fetched: {type(error).__name__}") from None
    raise InputError(url, f"more than {_REDIRECTS} redirects")


def _allowed(url: str, limits: Limits) -> None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    names = {host, f"{host}:{parts.port}"} if parts.port else {host}
    if parts.scheme not in {"http", "https"} or not names & limits.allowed_hosts:
        raise OutboundRequestRefusedError(url, "the host is not in [limits] allowed-hosts")


def _bounded(response: httpx.Response, url: str, limits: Limits) -> bytes:
    received = bytearray()
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) > limits.body_bytes:
            raise TooLargeError(url, f"larger than {limits.body_bytes:,} bytes (body-bytes)")
    return bytes(received)
