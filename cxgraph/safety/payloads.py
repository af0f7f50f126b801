"""RDF request bodies and files, checked before a parser sees them and after it is done.

JSON-LD nesting is bounded before parsing, as the native parser recurses per level; a
`@context` or `@import` naming a document is never fetched (only the project's own context,
by its address, is accepted, and inlined); RDF/XML entity declarations are refused, as a
kilobyte of nested entities expands to gigabytes; literals longer than the limit are refused.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from cxgraph.errors import InputError, TooLargeError
from cxgraph.namespace import JSONLD_CONTEXT, JSONLD_CONTEXT_PATH
from cxgraph.safety.limits import Limits

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_OWN_CONTEXT = {JSONLD_CONTEXT_PATH, JSONLD_CONTEXT_PATH.lstrip("/")}


def checked_rdf(data: bytes, rdf_format: ox.RdfFormat, source: str, limits: Limits) -> bytes:
    """The bytes to hand to the parser: refuses what must not be parsed (an `InputError`
    naming `source`); a JSON-LD body comes back with the project's context inlined.

    Example:
        >>> checked_rdf(b'{"@context": "https://evil.example/c", "@id": "urn:a"}',
        ...             ox.RdfFormat.JSON_LD, "<body>", Limits())
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: <body>: the JSON-LD context 'https://evil.example/c' is not fetched: write the context inline, or use /context.jsonld
    """
    if rdf_format == ox.RdfFormat.JSON_LD:
        return _checked_jsonld(data, source, limits)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_entities(data, source)
    return data


def checked_literals(quads: Iterable[ox.Quad], source: str, limits: Limits) -> Iterator[ox.Quad]:
    """The quads, refusing any literal longer than `limits.literal_chars`."""
    longest = limits.literal_chars
    for quad in quads:
        term = quad.object
        if isinstance(term, ox.Literal) and len(term.value) > longest:
            raise TooLargeError(
                source,
                f"a literal of {len(term.value):,} characters on {quad.subject}; the limit is "
                f"{longest:,} (literal-chars)",
            )
        yield quad


def json_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, found without recursing.

    Example:
        >>> json_depth(b'{"a": [1, {"b": "[[[[["}]}')
        3
    """
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    steps = (_DEPTH_STEP[b] for b in brackets)
    return max(itertools.accumulate(steps, initial=0))


def _checked_jsonld(data: bytes, source: str, limits: Limits) -> bytes:
    depth = json_depth(data)
    if depth > limits.nesting_depth:
        raise InputError(
            source, f"JSON nested {depth} levels deep; the limit is {limits.nesting_depth} "
            "(nesting-depth)",
        )  # fmt: skip
    try:
        document = json.loads(data)
    except json.JSONDecodeError as error:
        raise InputError(source, error.msg, line=error.lineno, column=error.colno) from None
    except UnicodeDecodeError as error:
        raise InputError(source, f"not UTF-8 text: {error.reason}") from None
    if not _inline_contexts(document, source):
        return data
    return json.dumps(document).encode()


def _inline_contexts(document: Any, source: str) -> bool:
    """Replace references to the project's own context by the context itself; refuse any
    other reference. True if anything was replaced. (Iterative: depth is already bounded,
    but the walk should not depend on it.)"""
    replaced = False
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    node[key], changed = _context_value(value, source)
                    replaced = replaced or changed
                    pending.extend(v for v in _as_list(node[key]) if isinstance(v, dict))
                elif key == "@import":
                    raise InputError(
                        source, f"@import {value!r} is not fetched: write the context inline"
                    )
                else:
                    pending.append(value)
    return replaced


def _context_value(value: Any, source: str) -> tuple[Any, bool]:
    if isinstance(value, str):
        if value in _OWN_CONTEXT:
            return dict(JSONLD_CONTEXT), True
        raise InputError(
            source, f"the JSON-LD context {value!r} is not fetched: write the context inline, or "
            f"use {JSONLD_CONTEXT_PATH}",
        )  # fmt: skip
    if isinstance(value, list):
        resolved = [_context_value(v, source) for v in value]
        return [v for v, _ in resolved], any(changed for _, changed in resolved)
    return value, False


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _refuse_entities(data: bytes, source: str) -> None:
    text = (
        data.decode("utf-16")
        if data[:2] in {b"\xff\xfe", b"\xfe\xff"}
        else data.decode("utf-8", "replace")
    )
    position = text.find("<!ENTITY")
    if position >= 0:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        raise InputError(source, "XML entity declarations are not accepted: write the text out",
                         line=line, column=column)  # fmt: skip
