"""Source positions: the project's Turtle lexer against the tree-sitter Turtle grammar.

    python benchmarks/turtle_lexers.py build/bench/portfolio-1M-first-import.ttl

Findings point at `file:line:column`, and cxgraph finds those places with its own lexer
(`cxgraph/positions.py`). This compares it with a maintained parser that reports positions:
the tree-sitter Turtle grammar (github.com/GordianDziwis/tree-sitter-turtle). That grammar
is not on PyPI or npm, so it is built by hand from its source (`pip install <checkout>`
next to `tree-sitter`); without it this script says so and stops.

Two questions, both printed:
- correct: on the W3C RDF 1.1 Turtle syntax suite (../shared/w3c/rdf11-turtle), does the
  parser accept every good file and reject every bad one? (The lexer does not judge
  syntax, pyoxigraph does; it must locate every subject of a good file, which
  tests/test_w3c_turtle_positions.py checks.)
- fast: on the given file, seconds to the positions of every subject. For tree-sitter that
  is the parse plus one query over the tree for subjects, without expanding prefixed
  names, which the lexer also does: tree-sitter's figure is a lower bound.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Graph, Namespace

from cxgraph.positions import index_sources

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "rdf11-turtle"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
GOOD = (RDFT.TestTurtleEval, RDFT.TestTurtlePositiveSyntax)
BAD = (RDFT.TestTurtleNegativeSyntax, RDFT.TestTurtleNegativeEval)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("turtle", type=Path, help="a large Turtle file to time")
    args = parser.parse_args()
    try:
        import tree_sitter
        import tree_sitter_turtle
    except ImportError:
        sys.exit("tree-sitter-turtle is not installed: build it from its source (see --help)")
    language = tree_sitter.Language(tree_sitter_turtle.language())
    report_suite(language)
    report_speed(language, args.turtle)


def report_suite(language: object) -> None:
    import tree_sitter

    if not (SUITE / "manifest.ttl").exists():
        print(f"W3C Turtle suite not found at {SUITE}; correctness not measured")
        return
    parser = tree_sitter.Parser(language)  # type: ignore[arg-type]
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/")
    for label, kinds, want_error in (("good", GOOD, False), ("bad", BAD, True)):
        names = sorted(
            Path(str(manifest.value(test, MF.action))).name
            for kind in kinds
            for test in manifest.subjects(predicate=None, object=kind)
        )
        wrong = [
            name
            for name in names
            if parser.parse((SUITE / name).read_bytes()).root_node.has_error != want_error
        ]
        print(f"tree-sitter on {len(names)} {label} files: {len(wrong)} judged wrongly")
        for name in wrong[:12]:
            print(f"  {name}")


def report_speed(language: object, path: Path) -> None:
    import tree_sitter

    data = path.read_bytes()
    started = time.perf_counter()
    tree = tree_sitter.Parser(language).parse(data)  # type: ignore[arg-type]
    parsed = time.perf_counter()
    query = tree_sitter.Query(language, "(triple (subject) @subject)")  # type: ignore[arg-type]
    captures = tree_sitter.QueryCursor(query).captures(tree.root_node)["subject"]
    places = [(node.start_point, data[node.start_byte : node.end_byte]) for node in captures]
    done = time.perf_counter()
    print(
        f"tree-sitter: parse {parsed - started:.2f} s, subjects {done - parsed:.2f} s, "
        f"total {done - started:.2f} s, {len(places):,} subjects"
    )
    started = time.perf_counter()
    index = index_sources([path])
    done = time.perf_counter()
    print(f"cxgraph lexer: {done - started:.2f} s, {len(index):,} nodes located")


if __name__ == "__main__":
    main()
