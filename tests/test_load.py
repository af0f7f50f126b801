"""Reading RDF files: every supported syntax, and errors that name file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from cxgraph.errors import InputError
from cxgraph.load import RDF_FORMATS, find_rdf_files, load_graph

EX = "http://example.org/"
SAME_GRAPH = {
    "a.ttl": f'<{EX}s> <{EX}p> "v" , 4 .\n',
    "a.nt": f'<{EX}s> <{EX}p> "v" .\n<{EX}s> <{EX}p> "4"^^<{XSD.integer}> .\n',
    "a.jsonld": f'{{"@id": "{EX}s", "{EX}p": ["v", 4]}}',
    "a.rdf": (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:ex="{EX}"><rdf:Description rdf:about="{EX}s"><ex:p>v</ex:p>'
        f'<ex:p rdf:datatype="{XSD.integer}">4</ex:p></rdf:Description></rdf:RDF>'
    ),
    "a.trig": f'<{EX}g> {{ <{EX}s> <{EX}p> "v" , 4 . }}\n',
}


@pytest.mark.parametrize("name", sorted(SAME_GRAPH))
def test_each_syntax_gives_the_same_triples(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SAME_GRAPH[name], encoding="utf-8")
    graph = load_graph([path])
    assert set(graph) == {
        (URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("v")),
        (URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("4", datatype=XSD.integer)),
    }


@pytest.mark.parametrize(
    ("name", "text", "line", "column"),
    [
        ("bad.ttl", f"@prefix ex: <{EX}> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n", 3, 16),
        ("bad.nt", f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> c .\n", 2, 47),
        ("bad.jsonld", '{\n  "@id": "http://example.org/a",\n  "x": [1, 2\n}', 4, 1),
    ],
)
def test_syntax_error_names_file_line_and_column(
    tmp_path: Path, name: str, text: str, line: int, column: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph([path])
    error = caught.value
    assert (error.source, error.line, error.column) == (str(path), line, column)
    assert str(error).startswith(f"{path}:{line}:{column}: ")


def test_rdf_xml_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.rdf"
    path.write_text("<rdf:RDF><unclosed></rdf:RDF>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert caught.value.source == str(path)


def test_unknown_extension_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.docx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        load_graph([path])


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        load_graph([tmp_path / "absent.ttl"])


def test_folders_are_searched_for_rdf_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.ttl").write_text("", encoding="utf-8")
    (tmp_path / "a.nt").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("", encoding="utf-8")
    assert find_rdf_files([tmp_path]) == [tmp_path / "a.nt", tmp_path / "sub" / "b.ttl"]


def test_every_extension_maps_to_a_parser() -> None:
    assert {".ttl", ".nt", ".jsonld", ".rdf", ".trig"} <= set(RDF_FORMATS)


def test_globs_and_excludes_pick_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "drafts").mkdir()
    for name in ("a/one.ttl", "a/two.nt", "a/drafts/three.ttl", "a/notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    found = find_rdf_files([tmp_path / "a" / "**" / "*.ttl"], exclude=["*/drafts/*"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/one.ttl"]
    everything = find_rdf_files([tmp_path / "a"], exclude=["two.nt"])
    assert sorted(p.name for p in everything) == ["one.ttl", "three.ttl"]


def test_a_glob_matching_nothing_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="matches no file"):
        find_rdf_files([tmp_path / "*.ttl"])
