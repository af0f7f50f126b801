"""Where each node is written: file, line and column, so findings point at source lines.

RDF parsers hand back triples, not places. This module scans Turtle, TriG, N-Triples and
N-Quads text a second time with a small tokenizer that knows just enough of the grammar to
tell a statement's subject (where a node is *defined*) from the terms after it (where it is
*referred to*). N-Triples and N-Quads, one statement per line, are read line by line without
the tokenizer. Other syntaxes (JSON-LD, RDF/XML) are located by file only.

A report locates only its findings' nodes: given `wanted`, nothing else is recorded, and
N-Triples lines are skipped by their subject alone, so a million-line file takes about a
second rather than a minute.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph

from cxgraph.authored_files import AUTHORED_SUFFIXES
from cxgraph.terms import file_scope, scoped_label, written_label

_LINE_SYNTAXES = {".nt", ".nq"}
_TURTLE_SYNTAXES = {".ttl", ".trig", ".n3"}

_NAME_CHARS = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_TOKEN = re.compile(
    r"""
    (?:\s+|\#[^\n]*)*  # white space and comments before a token are part of its match
    (?:(?P<pname>(?:[^\W\d_][NAME.]*)?:(?:[NAME:%.]+|\\.)*(?<![^\\]\.))
  | (?P<punct>[;,.\[\](){}])
  | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\s]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<datatype>\^\^)
  | (?P<directive>@prefix|@base|(?i:PREFIX|BASE|GRAPH)\b)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])
  | (?P<word>[^\s;,.\[\](){}"'<#]+(?:\.[0-9]+)?))
    """.replace("NAME", _NAME_CHARS),
    re.VERBOSE,
)
"""Turtle's tokens, most frequent first: names (a prefixed name before a keyword, so that a
prefix called `base:` stays a name), punctuation, strings, IRIs."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, None when unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        return {"file": self.file, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        parts = [self.file, *(str(p) for p in (self.line, self.column) if p is not None)]
        return ":".join(parts)


class SourceIndex:
    """Every place each node (by its N-Triples-like key, e.g. an IRI) is written."""

    def __init__(self) -> None:
        self._defined: dict[str, list[Location]] = defaultdict(list)
        self._referred: dict[str, list[Location]] = defaultdict(list)
        self._statements: dict[tuple[str, str], list[Location]] = defaultdict(list)

    def add(self, node: str, location: Location, *, defining: bool) -> None:
        (self._defined if defining else self._referred)[node].append(location)

    def add_statement(self, subject: str, predicate: str, location: Location) -> None:
        self._statements[(subject, predicate)].append(location)

    def locate_statement(self, subject: str, predicate: str) -> list[Location]:
        """Where triples (subject, predicate, ...) are written, in file order."""
        return list(dict.fromkeys(self._statements.get((subject, predicate), [])))

    def locate(self, node: str) -> list[Location]:
        """Where `node` is written: places where it is a subject first, then references."""
        defined = self._defined.get(node, [])
        if defined:
            return list(dict.fromkeys(defined))
        return list(dict.fromkeys(self._referred.get(node, [])))

    def restricted(self, wanted: Collection[str]) -> SourceIndex:
        """The places of the wanted nodes and of their statements only."""
        kept = SourceIndex()
        for mine, theirs in ((self._defined, kept._defined), (self._referred, kept._referred)):
            theirs.update((node, places) for node, places in mine.items() if node in wanted)
        kept._statements.update(
            (key, places) for key, places in self._statements.items() if key[0] in wanted
        )
        return kept

    def merge(self, other: SourceIndex) -> None:
        """Add every place `other` holds (the files of the two are assumed distinct)."""
        for mine, theirs in ((self._defined, other._defined), (self._referred, other._referred)):
            for node, places in theirs.items():
                mine[node].extend(places)
        for key, places in other._statements.items():
            self._statements[key].extend(places)

    def locate_in(self, node: str, graph: Graph | None, depth: int = 4) -> list[Location]:
        """Like `locate`, but an anonymous blank node (`[ ... ]`, a list) is found where the
        triples pointing at it are written, climbing through enclosing blank nodes."""
        found = self.locate(node)
        if found or graph is None or depth == 0:
            return found
        places: list[Location] = []
        for parent, predicate in graph.subject_predicates(BNode(node)):
            here = self.locate_statement(str(parent), str(predicate))
            places += here or self.locate_in(str(parent), graph, depth - 1)
        return list(dict.fromkeys(places))

    def __len__(self) -> int:
        return len(self._defined.keys() | self._referred.keys())


def index_sources(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    wanted: Collection[str] | None = None,
) -> SourceIndex:
    """Build the index for RDF files; file names are shown relative to `relative_to`.

    With `wanted` (node keys), only those nodes and their statements are indexed.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "p.ttl").write_text("@prefix ex: <https://e/> .\\n\\nex:a ex:b ex:c .\\n")
        >>> [str(loc) for loc in index_sources([folder / "p.ttl"], relative_to=folder).locate("https://e/a")]
        ['p.ttl:3:1']
    """
    index = SourceIndex()
    for path in paths:
        shown = _shown_name(path, relative_to)
        suffix = path.suffix.lower()
        scope = file_scope(path)
        if suffix in _LINE_SYNTAXES:
            _index_lines(index, path.read_bytes(), shown, scope, wanted)
        elif suffix in _TURTLE_SYNTAXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            scanned = _scan_turtle(text, path.resolve().as_uri(), scope, wanted)
            for node, predicate, line, column, defining in scanned:
                location = Location(shown, line, column)
                if predicate is None:
                    index.add(node, location, defining=defining)
                else:
                    index.add_statement(node, predicate, location)
        elif suffix in AUTHORED_SUFFIXES:
            _index_authored(index, path, shown, wanted)
        else:
            _index_by_file(index, path, shown)
    return index


def _index_authored(
    index: SourceIndex, path: Path, shown: str, wanted: Collection[str] | None
) -> None:
    """A YAML file or a sheet: each item where its id is written, each property where its
    key is (the row and column, in a sheet)."""
    from cxgraph.authoring import read_built, source_index

    source_index(read_built(path, shown), index, wanted)


def _index_lines(
    index: SourceIndex, data: bytes, shown: str, scope: str, wanted: Collection[str] | None
) -> None:
    """Index N-Triples or N-Quads: a line's first term is the subject, its second the predicate.

    With `wanted`, a line whose subject IRI is not wanted is skipped on its bytes, undecoded
    (most lines of a large file). Objects are indexed as references only for wanted nodes
    that are never a subject, in a second pass, since most lines' objects are never asked
    about.
    """
    lines = data.split(b"\n")
    wanted_iris = None if wanted is None else {node.encode() for node in wanted}
    unseen = None if wanted is None else set(wanted)
    for number, raw in enumerate(lines, start=1):
        if (
            wanted_iris is not None
            and raw[:1] == b"<"
            and raw[1 : raw.find(b">")] not in wanted_iris
        ):
            continue
        line = raw.decode("utf-8", errors="replace")
        subject, start = _line_term(line, 0, scope)
        if subject is None or (wanted is not None and subject not in wanted):
            continue
        index.add(subject, Location(shown, number, start + 1), defining=True)
        if unseen is not None:
            unseen.discard(subject)
        predicate, start = _line_term(line, start + _term_length(line, start), scope)
        if predicate is not None:
            index.add_statement(subject, predicate, Location(shown, number, start + 1))
            if wanted is None:
                _index_line_object(index, line, start, shown, number, scope, None)
    if unseen:
        _index_objects(index, lines, shown, scope, unseen)


def _index_objects(
    index: SourceIndex, lines: list[bytes], shown: str, scope: str, nodes: set[str]
) -> None:
    """Where `nodes` are written as objects; a few are looked for by their spelling first."""
    spellings = [_spelling(node, scope) for node in nodes]
    quick = [spelling.encode() for spelling in spellings] if len(spellings) <= 64 else None
    for number, raw in enumerate(lines, start=1):
        if quick is not None and not any(spelling in raw for spelling in quick):
            continue
        line = raw.decode("utf-8", errors="replace")
        subject, start = _line_term(line, 0, scope)
        if subject is not None:
            _, start = _line_term(line, start + _term_length(line, start), scope)
            _index_line_object(index, line, start, shown, number, scope, nodes)


def _spelling(node: str, scope: str) -> str:
    """How N-Triples writes the node a source index key names."""
    label = written_label(node, scope)
    return f"_:{label}" if label is not None else f"<{node}>"


def _index_line_object(
    index: SourceIndex,
    line: str,
    predicate_start: int,
    shown: str,
    number: int,
    scope: str,
    wanted: Collection[str] | None,
) -> None:
    node, start = _line_term(line, predicate_start + _term_length(line, predicate_start), scope)
    if node is not None and (wanted is None or node in wanted):
        index.add(node, Location(shown, number, start + 1), defining=False)


def _line_term(line: str, offset: int, scope: str) -> tuple[str | None, int]:
    """The IRI or blank node key starting at or after `offset`, and where it starts."""
    start = offset
    while start < len(line) and line[start] in " \t":
        start += 1
    if line.startswith("<", start):
        end = line.find(">", start)
        return (line[start + 1 : end] if end > 0 else None), start
    if line.startswith("_:", start):
        return scoped_label(line[start + 2 : start + _term_length(line, start)], scope), start
    return None, start


def _term_length(line: str, start: int) -> int:
    if line.startswith("<", start):
        return line.find(">", start) + 1 - start
    end = start
    while end < len(line) and line[end] not in " \t":
        end += 1
    return end - start


def _shown_name(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None:
        try:
            return path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _index_by_file(index: SourceIndex, path: Path, shown: str) -> None:
    from cxgraph.load import load_graph

    graph: Graph = load_graph([path])
    for subject in set(graph.subjects()):
        index.add(str(subject), Location(shown), defining=True)


def _scan_turtle(
    text: str, base: str, scope: str = "", wanted: Collection[str] | None = None
) -> Iterator[tuple[str, str | None, int, int, bool]]:
    """Yield (node, predicate, line, column, is_subject) for IRIs and labelled blank nodes.

    `predicate` is set when the token is a predicate of a top-level subject: the event
    then locates the triples (subject, predicate, ...) rather than a node. With `wanted`,
    only events about those nodes are yielded.
    """
    for event in _turtle_events(text, base, scope):
        if wanted is None or event[0] in wanted:
            yield event[0], event[1], *_position(event[2], event[3]), event[4]


def _turtle_events(
    text: str, base: str, scope: str
) -> Iterator[tuple[str, str | None, list[int], int, bool]]:
    """Like `_scan_turtle`, with a character offset (and the line starts) for a position."""
    prefixes: dict[str, str] = {}
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    expect = "subject"  # then "predicate" or "object"
    subject: str | None = None
    depth = 0  # nesting of [ ] and ( ): terms inside are never a statement's subject
    tokens = _tokens(text)
    for kind, value, offset in tokens:
        if kind == "directive":
            base = _directive(value, tokens, prefixes, base)
            expect, subject = "subject", None
            continue
        if kind == "punct":
            if value in "[(":
                depth += 1
            elif value in "])":
                depth -= 1
            elif depth == 0 and value in ".{}":
                expect, subject = "subject", None
            elif depth == 0 and value == ";":
                expect = "predicate"
            elif depth == 0 and value == ",":
                expect = "object"
            continue
        if depth == 0 and expect == "predicate" and kind == "word" and value == "a":
            if subject is not None:
                yield subject, _RDF_TYPE, line_starts, offset, False
            expect = "object"
            continue
        node = _node(kind, value, prefixes, base, scope)
        if node is None:
            if depth == 0 and kind not in {"lang", "datatype"} and expect == "object":
                expect = "after-object"
            continue
        if depth > 0:
            yield node, None, line_starts, offset, False
        elif expect == "subject":
            subject, expect = node, "predicate"
            yield node, None, line_starts, offset, True
        elif expect == "predicate":
            if subject is not None:
                yield subject, node, line_starts, offset, False
            expect = "object"
        else:
            yield node, None, line_starts, offset, False
            expect = "after-object"


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None:  # None: white space or a comment at the end of the text
            yield kind, match.group(kind), match.start(kind)


def _directive(
    keyword: str, tokens: Iterator[tuple[str, str, int]], prefixes: dict[str, str], base: str
) -> str:
    lowered = keyword.lower().lstrip("@")
    if lowered == "prefix":
        _, name, _ = next(tokens, ("", "", 0))
        _, iri, _ = next(tokens, ("", "<>", 0))
        prefixes[name.rstrip(":")] = _resolved(base, iri[1:-1])
    elif lowered == "base":
        _, iri, _ = next(tokens, ("", "<>", 0))
        base = _resolved(base, iri[1:-1])
    return base


def _node(kind: str, value: str, prefixes: dict[str, str], base: str, scope: str) -> str | None:
    # The common cases first, without a regular expression or urljoin: this runs for every
    # term of every file, and a first import's findings need most of them.
    if kind == "pname":
        prefix, _, local = value.partition(":")
        namespace = prefixes.get(prefix)
        if namespace is None:
            return None
        return namespace + (_ESCAPE.sub(r"\1", local) if "\\" in local else local)
    if kind == "iri":
        iri = value[1:-1]
        if "\\" in iri:  # \uXXXX and \UXXXXXXXX escapes
            iri = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), iri)
        return _resolved(base, iri)
    if kind == "bnode":
        return scoped_label(value[2:], scope)
    return None


_ESCAPE = re.compile(r"\\(.)")
_UNICODE_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*\Z")
"""A scheme: the IRI is absolute and is taken as written, as the parser takes it."""


def _resolved(base: str, iri: str) -> str:
    """The IRI a reference names: absolute ones as written, as the parser takes them;
    relative ones against the base, keeping an empty fragment (`<ns#>`), which urljoin drops."""
    if _ABSOLUTE.match(iri):
        return iri
    joined = urljoin(base, iri)
    return joined + "#" if iri.endswith("#") and not joined.endswith("#") else joined


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(line_starts, offset) - 1
    return line + 1, offset - line_starts[line] + 1
