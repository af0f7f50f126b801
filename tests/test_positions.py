"""Findings point at the lines where their nodes and triples are written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxgraph.cli.main import main
from cxgraph.positions import Location, index_sources
from cxgraph.terms import file_scope
from tests.conftest import ROOT

PLANTED = ROOT / "tests" / "data" / "planted"
EXPECT = re.compile(r"#\s*expect(-triple)?:\s*([a-z][a-z\- ]+)$")


def _expected() -> set[tuple[str, int, str]]:
    expected = {
        ("tests/data/planted/parties.nt", 1, "maturity-mismatch"),
        # A triple whose literal spans lines is located where its predicate is written.
        ("tests/data/planted/outcomes.ttl", 13, "sco-actionable"),
        ("tests/data/planted/outcomes.ttl", 13, "sco-measurable"),
    }
    for path in sorted(PLANTED.glob("*.ttl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                name = path.relative_to(ROOT).as_posix()
                expected |= {(name, number, rule) for rule in match.group(2).split()}
    return expected


@pytest.fixture(scope="module")
def findings() -> list[dict[str, object]]:
    import contextlib
    import io
    import os

    stream = io.StringIO()
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(stream):
            main(["validate", "tests/data/planted", "-f", "json"])
    finally:
        os.chdir(previous)
    return json.loads(stream.getvalue())["findings"]  # type: ignore[no-any-return]


def test_every_planted_error_is_reported_at_its_line(findings: list[dict[str, object]]) -> None:
    reported = set()
    for finding in findings:
        source = finding["source"]
        assert isinstance(source, list) and source, finding
        for place in source:
            reported.add((place["file"], place["line"], finding["rule"]))
    missing = _expected() - reported
    assert missing == set()


def test_no_finding_without_an_expectation(findings: list[dict[str, object]]) -> None:
    expected = _expected()
    for finding in findings:
        places = {(p["file"], p["line"], finding["rule"]) for p in finding["source"]}  # type: ignore[attr-defined]
        assert places & expected, finding


def test_columns_point_at_the_term(findings: list[dict[str, object]]) -> None:
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["sco-outside-in"]["source"][-1] == {  # type: ignore[index]
        "file": "tests/data/planted/outcomes.ttl", "line": 10, "column": 5,
    }  # fmt: skip


def test_a_node_written_in_several_files_lists_every_place() -> None:
    index = index_sources(sorted(PLANTED.iterdir()), relative_to=ROOT)
    places = index.locate("https://example.org/planted#Customer")
    assert places == [
        Location("tests/data/planted/customer-level.trig", 5, 5),
        Location("tests/data/planted/outcomes.ttl", 5, 1),
    ]


def test_prefixes_base_and_multiline_strings_keep_positions(tmp_path: Path) -> None:
    source = tmp_path / "p.ttl"
    source.write_text(
        "BASE <https://example.org/base/>\nPREFIX ex: <https://example.org/>\n"
        'ex:a ex:note """one\ntwo . three""" .\n<b> ex:p ( ex:x ex:y ) ;\n  a ex:T .\n',
        encoding="utf-8",
    )
    index = index_sources([source], relative_to=tmp_path)
    assert index.locate("https://example.org/base/b") == [Location("p.ttl", 5, 1)]
    assert index.locate("https://example.org/x") == [Location("p.ttl", 5, 12)]
    assert index.locate_statement(
        "https://example.org/base/b", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    ) == [Location("p.ttl", 6, 3)]


def test_json_ld_and_rdf_xml_are_located_by_file(tmp_path: Path) -> None:
    (tmp_path / "p.jsonld").write_text(
        '{"@id": "https://example.org/a", "https://example.org/p": "x"}', encoding="utf-8"
    )
    (tmp_path / "p.rdf").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/"><rdf:Description rdf:about="https://example.org/b">'
        "<ex:p>y</ex:p></rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    index = index_sources(sorted(tmp_path.iterdir()), relative_to=tmp_path)
    assert index.locate("https://example.org/a") == [Location("p.jsonld")]
    assert index.locate("https://example.org/b") == [Location("p.rdf")]


def test_n_triples_lines_locate_subjects_statements_and_objects(tmp_path: Path) -> None:
    source = tmp_path / "p.nt"
    source.write_text(
        "# a comment line\n"
        "<https://e/a> <https://e/p> <https://e/b> .\n"
        "\n"
        '  <https://e/a> <https://e/q> "a > b" .\n'
        "_:x <https://e/p> <https://e/only-object> .\n",
        encoding="utf-8",
    )
    index = index_sources([source], relative_to=tmp_path)
    assert index.locate("https://e/a") == [Location("p.nt", 2, 1), Location("p.nt", 4, 3)]
    assert index.locate_statement("https://e/a", "https://e/q") == [Location("p.nt", 4, 17)]
    assert index.locate("https://e/only-object") == [Location("p.nt", 5, 19)]
    labelled = f"x_{file_scope(source)}"  # the label the loader gives _:x
    assert index.locate(labelled) == [Location("p.nt", 5, 1)]


@pytest.mark.parametrize("name", ["p.nt", "p.ttl"])
def test_wanted_nodes_alone_are_indexed(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(
        "<https://e/a> <https://e/p> <https://e/b> .\n"
        "<https://e/c> <https://e/p> <https://e/d> .\n",
        encoding="utf-8",
    )
    wanted = {"https://e/c", "https://e/b"}
    index = index_sources([source], relative_to=tmp_path, wanted=wanted)
    assert index.locate("https://e/c") == [Location(name, 2, 1)]
    assert index.locate_statement("https://e/c", "https://e/p") == [Location(name, 2, 15)]
    # b is never a subject: it is found where it is referred to.
    assert index.locate("https://e/b") == [Location(name, 1, 29)]
    assert index.locate("https://e/a") == []
    assert index.locate_statement("https://e/a", "https://e/p") == []


def test_positions_found_beside_validation_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large Turtle is lexed in a second process while validation runs; the findings' places
    must be exactly those found by lexing afterwards, in this process."""
    from cxgraph.validation import Validator

    validator = Validator()
    here = validator.validate("examples/portfolio")
    monkeypatch.setattr("cxgraph.positions_background.BACKGROUND_BYTES", 0)
    beside = validator.validate("examples/portfolio")
    assert [(f.fingerprint, f.source) for f in beside.findings] == [
        (f.fingerprint, f.source) for f in here.findings
    ]
    assert any(f.source for f in beside.findings)


def test_a_prefix_named_like_a_keyword_is_a_name(tmp_path: Path) -> None:
    source = tmp_path / "p.ttl"
    source.write_text("@prefix base: <https://e/> .\n\nbase:a base:b base:c .\n")
    assert [
        str(p) for p in index_sources([source], relative_to=tmp_path).locate("https://e/a")
    ] == ["p.ttl:3:1"]
