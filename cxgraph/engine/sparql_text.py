"""Edit SPARQL texts written in shapes: bind `$this` to the focus nodes of a whole shape.

SHACL-SPARQL pre-binds `$this` and runs a query once per focus node. The compiled engine
runs each query once for all focus nodes instead, by joining a subquery that selects them
at the start of the WHERE clause. That is the same answer when the query treats `$this`
as an ordinary variable; queries where it would not be (`$this` inside a nested SELECT,
aggregates not grouped by `$this`, other pre-bound variables) are reported as unsupported
so that pySHACL runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxgraph.engine.errors import UnsupportedShapes

_TOKEN = re.compile(
    r"""
    (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\];,.]*)?)
  | (?P<open>\{) | (?P<close>\})
  | (?P<other>\s+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_PREBOUND = {"$shapesGraph", "$currentShape", "?shapesGraph", "?currentShape"}


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of each token of a SPARQL query or update, whitespace included
    (as "other"): strings, IRIs, comments and language tags are single tokens, so a keyword
    or a brace inside them is never seen. The one SPARQL lexer of cxgraph.

    Example:
        >>> [kind for kind, _, _ in tokens('?s <urn:x> "WHERE"@en { }')]
        ['var', 'other', 'iri', 'other', 'string', 'lang', 'other', 'open', 'other', 'close']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield kind, match.group(), match.start()


def matching_brace(found: list[tuple[str, str, int]], opening: int) -> int | None:
    """The index of the token closing the brace at `opening` in `tokens(...)` output; None if
    it is never closed.

    Example:
        >>> matching_brace(list(tokens("{ { } }")), 0)
        6
    """
    depth = 0
    for index in range(opening, len(found)):
        kind = found[index][0]
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0:
            return index
    return None


def bind_focus(query: str, focus: str, *, path: str | None = None, inner: str | None = None) -> str:
    """Rewrite a SELECT or CONSTRUCT from a shape so it runs for all focus nodes at once.

    `focus` is a group pattern binding `?this`; `path` replaces `$PATH`. `inner`, a pattern
    on ?this alone, is repeated at the start of every OPTIONAL, MINUS and EXISTS group that
    mentions `$this`: such a group can only meet the outer rows on their ?this, so this
    changes no answer, but a store that evaluates the group on its own then looks at those
    nodes only rather than at the whole graph.

    Example:
        >>> bind_focus("SELECT $this ?v WHERE { $this <p> ?v }", "{ ?this a <C> }")
        'SELECT ?this ?v WHERE { { ?this a <C> } ?this <p> ?v }'
        >>> bind_focus("SELECT $this WHERE { OPTIONAL { $this <p> ?v } }", "{F}", inner="{I}")
        'SELECT ?this WHERE { {F} OPTIONAL { {I} ?this <p> ?v } }'
    """
    found = list(tokens(query))
    _check_supported(found, path is not None)
    parts: list[str] = []
    where_open = _where_brace(found)
    restricted = set(_groups_with_this(found)) if inner else set()
    for index, (kind, text, _) in enumerate(found):
        if kind == "var" and text[1:] == "this":
            text = "?this"
        elif kind == "var" and text == "$PATH":
            text = path or text
        parts.append(text)
        if index == where_open:
            parts.append(f" {focus}")
        elif index in restricted:
            parts.append(f" {inner}")
    _ensure_projected(found, parts)
    return "".join(parts)


def prebinding_conflict(query: str) -> str | None:
    """The keyword that SHACL forbids in a query whose variables are pre-bound (MINUS,
    VALUES; SHACL 1.0, section 5.2.1), or None. SHACL makes such a shape a failure."""
    for kind, text, _ in tokens(query):
        if kind == "word" and text.upper() in {"MINUS", "VALUES"}:
            return text.upper()
    return None


def _groups_with_this(found: list[tuple[str, str, int]]) -> Iterator[int]:
    """Indexes of the braces opening OPTIONAL, MINUS and EXISTS groups that mention $this."""
    keyword = False
    for index, (kind, text, _) in enumerate(found):
        if kind == "word":
            keyword = text.upper() in {"OPTIONAL", "MINUS", "EXISTS"}
        elif kind == "open" and keyword:
            keyword = False
            if any(k == "var" and t[1:] == "this" for k, t, _ in _group(found, index)):
                yield index
        elif not (kind == "other" and text.isspace()) and kind != "comment":
            keyword = False


def _group(found: list[tuple[str, str, int]], opening: int) -> list[tuple[str, str, int]]:
    """The tokens from an opening brace to its matching close."""
    depth = 0
    for index in range(opening, len(found)):
        kind = found[index][0]
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0:
            return found[opening : index + 1]
    return found[opening:]


def without_prologue(query: str) -> tuple[dict[str, str], str]:
    """Split off PREFIX declarations: ({prefix: namespace}, rest of the query).

    Example:
        >>> without_prologue("PREFIX ex: <http://e/>\\nSELECT * {}")
        ({'ex': 'http://e/'}, 'SELECT * {}')
    """
    prefixes: dict[str, str] = {}
    rest = query
    pattern = re.compile(r"\s*(?:#[^\n]*\s*)*PREFIX\s+([A-Za-z0-9_\-.]*):\s*<([^>]*)>", re.I)
    while match := pattern.match(rest):
        prefixes[match.group(1)] = match.group(2)
        rest = rest[match.end() :]
    if re.match(r"\s*BASE\b", rest, re.I):
        raise UnsupportedShapes("a BASE declaration in a SPARQL text")
    return prefixes, rest.lstrip()


def _check_supported(found: list[tuple[str, str, int]], property_shape: bool) -> None:
    words = [text.upper() for kind, text, _ in found if kind == "word"]
    variables = {text for kind, text, _ in found if kind == "var"}
    if variables & _PREBOUND:
        raise UnsupportedShapes("$shapesGraph or $currentShape in a SPARQL constraint")
    if "$PATH" in variables and not property_shape:
        raise UnsupportedShapes("$PATH in a SPARQL constraint of a node shape")
    if words.count("SELECT") > 1 or "SERVICE" in words:
        raise UnsupportedShapes("a nested SELECT or SERVICE in a SPARQL constraint")
    if "ASK" in words or "DESCRIBE" in words:
        raise UnsupportedShapes("an ASK or DESCRIBE query in a shape")
    if _aggregates(found) and not _grouped_by_this(found):
        raise UnsupportedShapes("aggregates not grouped by $this in a SPARQL constraint")
    if _where_brace(found) is None:
        raise UnsupportedShapes("a query without a WHERE clause")
    if _this_in_nested_expression(found):
        raise UnsupportedShapes("$this in a FILTER or BIND inside a nested group")


def _this_in_nested_expression(found: list[tuple[str, str, int]]) -> bool:
    """Whether a FILTER or BIND inside a group nested in WHERE reads $this.

    Pre-binding substitutes $this there too; joined at the start of WHERE, ?this is not yet
    bound inside such a group, so the answers would differ.
    """
    opening = _where_brace(found)
    if opening is None:
        return False
    depth = 0
    for index in range(opening, len(found)):
        kind, text, _ = found[index]
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        expression = depth >= 2 and kind == "word" and text.upper() in {"FILTER", "BIND"}
        if expression and any(
            k == "var" and t[1:] == "this" for k, t, _ in _expression(found, index + 1)
        ):
            return True
    return False


def _expression(found: list[tuple[str, str, int]], start: int) -> list[tuple[str, str, int]]:
    """The tokens of a FILTER or BIND expression: up to where its parentheses close, not
    counting groups (`EXISTS { ... }`), which see $this through their own rows."""
    taken: list[tuple[str, str, int]] = []
    parens = braces = 0
    for kind, text, offset in found[start:]:
        if kind == "open":
            braces += 1
        elif kind == "close":
            braces -= 1
        elif braces == 0:
            taken.append((kind, text, offset))
            if text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
                if parens == 0:
                    return taken
    return taken


def _where_brace(found: list[tuple[str, str, int]]) -> int | None:
    """Index of the brace opening the outer WHERE clause."""
    seen_construct_template = False
    depth = 0
    after_where = False
    for index, (kind, text, _) in enumerate(found):
        upper = text.upper() if kind == "word" else ""
        if upper == "WHERE" and depth == 0:
            after_where = True
        elif kind == "open":
            if depth == 0 and (
                after_where or (seen_construct_template is False and _is_select(found))
            ):
                return index
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                seen_construct_template = True
    return None


def _is_select(found: list[tuple[str, str, int]]) -> bool:
    return any(kind == "word" and text.upper() == "SELECT" for kind, text, _ in found)


def _aggregates(found: list[tuple[str, str, int]]) -> bool:
    words = [(kind, text.upper()) for kind, text, _ in found]
    return any(w == "GROUP" or w == "HAVING" for _, w in words) or any(
        kind == "word" and w in _AGGREGATES and _next_is_paren(found, i)
        for i, (kind, w) in enumerate(words)
    )


def _next_is_paren(found: list[tuple[str, str, int]], index: int) -> bool:
    for kind, text, _ in found[index + 1 :]:
        if kind == "other" and text.isspace():
            continue
        return text == "("
    return False


def _grouped_by_this(found: list[tuple[str, str, int]]) -> bool:
    significant = [(k, t) for k, t, _ in found if not (k == "other" and t.isspace())]
    for index, (kind, text) in enumerate(significant):
        if (
            kind == "word"
            and text.upper() == "BY"
            and index
            and significant[index - 1][1].upper() == "GROUP"
        ):
            for later_kind, later in significant[index + 1 :]:
                if later_kind == "var":
                    if later[1:] == "this":
                        return True
                    continue
                break
    return False


def _ensure_projected(found: list[tuple[str, str, int]], parts: list[str]) -> None:
    """Add ?this to a SELECT clause that does not project it, so rows name their focus."""
    for index, (kind, text, _) in enumerate(found):
        if kind == "word" and text.upper() == "SELECT":
            following = [
                (k, t) for k, t, _ in found[index + 1 :] if not (k == "other" and t.isspace())
            ]
            head = following[0][1].upper() if following else ""
            skip = 1 if head in {"DISTINCT", "REDUCED"} else 0
            projection = []
            for k, t in following[skip:]:
                if (k == "word" and t.upper() == "WHERE") or k == "open":
                    break
                projection.append(t)
            if "*" in projection or "?this" in projection or "$this" in projection:
                return
            insert_at = index + 1
            if skip:
                insert_at = next(
                    i + 1
                    for i in range(index + 1, len(found))
                    if found[i][0] == "word" and found[i][1].upper() == head
                )
            parts[insert_at] = (
                " ?this " + parts[insert_at].lstrip() if parts[insert_at].strip() else " ?this "
            )
            return
