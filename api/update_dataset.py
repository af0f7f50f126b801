"""The protocol's `using-graph-uri` and `using-named-graph-uri` on SPARQL updates.

SPARQL 1.1 Protocol §2.2.3 lets a client give an update's dataset as request parameters; they
act as `USING <g>` and `USING NAMED <g>` on every DELETE/INSERT operation, and an update that
names its own dataset (USING, USING NAMED or WITH) must then be refused. pyoxigraph's
`Store.update` takes no dataset and exposes no update syntax tree, so the update text is
rewritten: the clauses go in front of the top-level WHERE of each operation.

Finding that WHERE needs only the SPARQL lexer: IRIs, strings and comments are skipped whole (so
a `WHERE` or a brace inside them is not seen), and braces are counted, because a WHERE inside
a group pattern (a subquery) belongs to that pattern. Operations without WHERE (INSERT DATA,
DELETE DATA, LOAD, CLEAR, ...) are left as they are.

`DELETE WHERE { P }` cannot carry USING, but the Update spec (§3.1.3.3) defines it as
`DELETE { P } WHERE { P }`, so it is written out in that long form with the clauses added:
the parameters then apply to it like to every other DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cxgraph.engine.sparql_text import tokens as sparql_tokens
from cxgraph.terms import InvalidIriError, sparql_iri


class UpdateDatasetError(ValueError):
    """The dataset parameters cannot be applied to this update (a 400 for the client)."""


@dataclass(frozen=True)
class Token:
    """A lexeme that matters for finding WHERE: a word, a brace, or anything else."""

    kind: str  # "word", "{", "}" or "other"
    text: str
    start: int
    end: int


_KINDS = {"open": "{", "close": "}", "word": "word", "var": "word"}


def tokens(sparql: str) -> Iterator[Token]:
    """The words, braces and other lexemes of `sparql` (the SPARQL lexer's tokens, whitespace
    and comments dropped).

    Example:
        >>> [t.text for t in tokens('INSERT { <x#WHERE> ?p "WHERE" } # WHERE')]
        ['INSERT', '{', '<x#WHERE>', '?p', '"WHERE"', '}']
    """
    for kind, text, start in sparql_tokens(sparql):
        if kind == "comment" or (kind == "other" and text.isspace()):
            continue
        yield Token(_KINDS.get(kind, "other"), text, start, start + len(text))


def with_dataset(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """`update` with `USING` / `USING NAMED` clauses for the given graphs on every operation
    that has a WHERE; unchanged when no graph is given.

    Raises UpdateDatasetError when a graph is not an absolute IRI, or when the update names
    its own dataset with USING, USING NAMED or WITH.

    Example:
        >>> with_dataset("INSERT { ?s a ?o } WHERE { ?s a ?o }", ["http://g"], [])
        'INSERT { ?s a ?o } USING <http://g> WHERE { ?s a ?o }'
    """
    if not default_graphs and not named_graphs:
        return update
    clauses = _using_clauses(default_graphs, named_graphs)
    lexemes = list(tokens(update))
    insertions: list[tuple[int, str]] = []
    depth = 0
    for index, token in enumerate(lexemes):
        depth += {"{": 1, "}": -1}.get(token.kind, 0)
        if depth != 0 or token.kind != "word":
            continue
        keyword = token.text.upper()
        if keyword in {"USING", "WITH"}:
            raise UpdateDatasetError(
                f"the update has its own {keyword} clause: drop it, or drop "
                "using-graph-uri and using-named-graph-uri"
            )
        if keyword == "WHERE":
            insertions.append((token.start, _before_where(update, lexemes, index, clauses)))
    for position, text in reversed(insertions):
        update = update[:position] + text + update[position:]
    return update


def _using_clauses(default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    try:
        default = [f"USING {sparql_iri(graph)} " for graph in default_graphs]
        named = [f"USING NAMED {sparql_iri(graph)} " for graph in named_graphs]
    except InvalidIriError as error:
        raise UpdateDatasetError(error.message) from None
    return "".join(default + named)


def _before_where(update: str, lexemes: list[Token], index: int, clauses: str) -> str:
    """What goes in front of the top-level WHERE at `lexemes[index]`: the clauses, preceded
    for the DELETE WHERE shorthand by its quad pattern as the DELETE template."""
    shorthand = index > 0 and lexemes[index - 1].text.upper() == "DELETE"
    if not shorthand:
        return clauses
    pattern = _group_after(lexemes, index)
    if pattern is None:
        return clauses  # no pattern follows: the store reports the syntax error
    return update[pattern[0] : pattern[1]] + " " + clauses


def _group_after(lexemes: list[Token], index: int) -> tuple[int, int] | None:
    """The span of the braced group that starts right after `lexemes[index]`, if any."""
    if index + 1 >= len(lexemes) or lexemes[index + 1].kind != "{":
        return None
    depth = 0
    for token in lexemes[index + 1 :]:
        depth += {"{": 1, "}": -1}.get(token.kind, 0)
        if depth == 0:
            return lexemes[index + 1].start, token.end
    return None
