"""What the SPARQL 1.1 Protocol and the Graph Store Protocol routes share: request bodies
and parameters read strictly as UTF-8, content negotiation, and plain-text problems."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import Response


def problem(status: int, message: str) -> Response:
    """A plain-text answer saying what was wrong with the request."""
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def body_media_type(request: Request) -> tuple[str, Response | None]:
    """The request body's media type, or the 400 to send when its charset is not UTF-8."""
    header = request.headers.get("content-type", "")
    charset = header.lower().partition("charset=")[2].strip().strip('"')
    if charset and charset not in {"utf-8", "utf8"}:
        return "", problem(400, f"the protocol carries UTF-8 only, not {charset}")
    return header.split(";")[0].strip().lower(), None


def strict_params(raw: bytes) -> dict[str, list[str]]:
    """Parse URL-encoded parameters, refusing anything that is not UTF-8.

    Example:
        >>> strict_params(b"query=ASK%7B%7D&default-graph-uri=urn%3Ag")
        {'query': ['ASK{}'], 'default-graph-uri': ['urn:g']}
    """
    try:
        return parse_qs(
            raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError as error:
        raise ValueError(f"parameters are not valid UTF-8: {error.reason}") from None


def negotiate(
    accept: str, offered: Collection[str], fallback: str, aliases: dict[str, str] | None = None
) -> str:
    """The first offered media type by the client's q-values (ties: the client's order).

    Example:
        >>> negotiate("text/csv;q=0.5, application/n-triples", ["text/csv", "application/n-triples"], "x")
        'application/n-triples'
    """
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, fields[0].lower()))
    for _, _, media_type in sorted(ranked):
        media_type = (aliases or {}).get(media_type, media_type)
        if media_type in offered:
            return media_type
    return fallback


def request_body(*media_types: str, form_field: str | None = None) -> dict[str, object]:
    """The OpenAPI description of a body the route reads itself: text in any of
    `media_types`, or a form whose `form_field` carries the text."""
    content: dict[str, object] = {m: {"schema": {"type": "string"}} for m in media_types}
    if form_field:
        content["application/x-www-form-urlencoded"] = {
            "schema": {
                "type": "object",
                "properties": {form_field: {"type": "string"}},
                "required": [form_field],
            }
        }
    return {"requestBody": {"required": True, "content": content}}
