"""SPARQL texts from users, checked before any parser or store sees them.

Oxigraph's parser and evaluator recurse once per nesting level, so a few kilobytes of
`{{{{` overflow the native stack and end the process; no exception can catch that. `SERVICE`
and `LOAD` make the server open connections to any address a query names. RDF 1.2 triple
terms are accepted by Oxigraph's update parser but break every later update on this store.
All three are refused here, from the one SPARQL lexer (`cxgraph.engine.sparql_text.tokens`),
with the line and column of what was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from cxgraph.engine.sparql_text import tokens
from cxgraph.errors import InputError, OutboundRequestRefusedError, TooLargeError
from cxgraph.safety.limits import Limits

_OPENING = {"{": "}", "(": ")", "[": "]"}
_CLOSING = set(_OPENING.values())
_TRIPLE_TERM_WORDS = {"TRIPLE"}  # SPARQL 1.2's constructor of triple terms


@dataclass(frozen=True)
class Load:
    """One `LOAD` operation of an update, with its place in the text."""

    source: str
    silent: bool
    graph: str | None
    """The target graph as written (`<iri>` or a prefixed name); None: the default graph."""
    start: int
    end: int
    """Offset just past the operation (its `INTO GRAPH` clause included)."""


@dataclass
class SparqlText:
    """What the check learnt about a text: its LOAD operations and whether it names its own
    dataset (`FROM` / `FROM NAMED`)."""

    loads: list[Load] = field(default_factory=list)
    has_dataset: bool = False


def check_sparql(text: str, limits: Limits, *, update: bool, base: str | None = None) -> SparqlText:
    """Refuse what no store may run: nesting deeper than `limits.nesting_depth`, literals
    longer than `limits.literal_chars`, SERVICE or LOAD of a host outside
    `limits.allowed_hosts`, and (in an update) RDF 1.2 triple terms.

    Example:
        >>> check_sparql("SELECT * FROM <urn:g> { ?s ?p ?o }", Limits(), update=False).has_dataset
        True
        >>> check_sparql("SELECT * {" * 100 + "}" * 100, Limits(), update=False)
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: <query>:1:650: nested deeper than 64 levels (limit: nesting-depth)
    """
    source = "<update>" if update else "<query>"
    found = SparqlText()
    lexed = [t for t in tokens(text) if t[0] != "comment" and not t[1].isspace()]
    prefixes: dict[str, str] = {}
    depth = 0
    for index, (kind, token, offset) in enumerate(lexed):
        if update and _starts_triple_term(lexed, index):
            raise _triple_terms(text, offset, source)
        if token in _OPENING or kind == "open":
            depth += 1
            if depth > limits.nesting_depth:
                raise _at(text, offset, source, f"nested deeper than {limits.nesting_depth} "
                          "levels (limit: nesting-depth)")  # fmt: skip
        elif token in _CLOSING or kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "string" and len(token) > limits.literal_chars:
            raise _at(text, offset, source, f"a literal of {len(token):,} characters; the limit "
                      f"is {limits.literal_chars:,} (literal-chars)", too_large=True)  # fmt: skip
        elif kind == "word":
            word = token.upper()
            if word == "PREFIX" and index + 2 < len(lexed):
                prefixes[lexed[index + 1][1].rstrip(":")] = lexed[index + 2][1][1:-1]
            elif word == "BASE" and index + 1 < len(lexed) and lexed[index + 1][0] == "iri":
                base = urljoin(base or "", lexed[index + 1][1][1:-1])
            elif word == "FROM":
                found.has_dataset = True
            elif word in {"SERVICE", "LOAD"}:
                target, silent, end = _target(lexed, index + 1, prefixes, base)
                _check_reach(text, offset, source, word, target, limits)
                if word == "LOAD":
                    graph, end = _into_graph(lexed, text, end)
                    found.loads.append(Load(target or "", silent, graph, offset, end))
            elif update and word in _TRIPLE_TERM_WORDS and _next_is(lexed, index, "("):
                raise _triple_terms(text, offset, source)
    return found


def _target(
    lexed: list[tuple[str, str, int]], start: int, prefixes: dict[str, str], base: str | None
) -> tuple[str | None, bool, int]:
    """The IRI after SERVICE or LOAD (None for a variable), whether SILENT was given, and
    the offset just past the IRI."""
    silent = start < len(lexed) and lexed[start][1].upper() == "SILENT"
    position = start + 1 if silent else start
    if position >= len(lexed):
        return None, silent, lexed[-1][2] + len(lexed[-1][1])
    kind, token, offset = lexed[position]
    end = offset + len(token)
    if kind == "iri":
        return urljoin(base or "", token[1:-1]), silent, end
    if kind == "word" and ":" in token:
        prefix, _, local = token.partition(":")
        namespace = prefixes.get(prefix)
        return (
            (urljoin(base or "", namespace + local) if namespace is not None else None),
            silent,
            end,
        )
    return None, silent, end


def _check_reach(
    text: str, offset: int, source: str, word: str, target: str | None, limits: Limits
) -> None:
    if target is None:
        raise _at(text, offset, source, f"{word} needs a fixed http(s) IRI on this server",
                  refused=True)  # fmt: skip
    parts = urlsplit(target)
    host = (parts.hostname or "").lower()
    allowed = limits.allowed_hosts
    port = f"{host}:{parts.port}" if parts.port else host
    if parts.scheme not in {"http", "https"} or not ({host, port} & allowed):
        hint = (
            "this server makes no outbound requests unless [limits] allowed-hosts names the host"
            if not allowed
            else f"allowed hosts: {', '.join(sorted(allowed))}"
        )
        raise _at(text, offset, source, f"{word} <{target}> is refused: {hint}", refused=True)


def _into_graph(lexed: list[tuple[str, str, int]], text: str, end: int) -> tuple[str | None, int]:
    """The graph of a LOAD's `INTO GRAPH g` clause starting at `end`, and the offset past it."""
    following = [t for t in lexed if t[2] >= end][:3]
    words = [t[1].upper() for t in following[:2]]
    if len(following) == 3 and words == ["INTO", "GRAPH"]:
        _, graph, offset = following[2]
        return graph, offset + len(graph)
    return None, end


def _next_is(lexed: list[tuple[str, str, int]], index: int, token: str) -> bool:
    return index + 1 < len(lexed) and lexed[index + 1][1] == token


def _starts_triple_term(lexed: list[tuple[str, str, int]], index: int) -> bool:
    """`<<` (a triple term or reified triple), `{|` (an annotation) or `~` (a reifier)."""
    _, token, offset = lexed[index]
    if token == "~":
        return True
    if index + 1 >= len(lexed):
        return False
    following = lexed[index + 1]
    adjacent = following[2] == offset + len(token)
    return adjacent and (token, following[1]) in {("<", "<"), ("{", "|")}


def _triple_terms(text: str, offset: int, source: str) -> InputError:
    return _at(text, offset, source, "RDF 1.2 triple terms and reifiers cannot be stored here; "
               "state the triple itself")  # fmt: skip


def _at(
    text: str, offset: int, source: str, message: str, *, too_large: bool = False,
    refused: bool = False,
) -> InputError:  # fmt: skip
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    kind = TooLargeError if too_large else OutboundRequestRefusedError if refused else InputError
    return kind(source, message, line=line, column=column)
