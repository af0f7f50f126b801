"""Portfolios in YAML and spreadsheets: the three forms of the example are one graph, round
trips keep the portfolio, findings point at the YAML line or the sheet row, and bad input is
a located error (exit 3) with nothing written."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml
from openpyxl import load_workbook
from rdflib.compare import isomorphic

from cxgraph.authoring.schema import schema_text
from cxgraph.cli.main import main
from cxgraph.load import load_graph
from tests.conftest import AUTHORED_EXAMPLE, ROOT

AUTHORED = ROOT / "examples" / "authoring"
YAML = AUTHORED / "portfolio.yaml"
XLSX = AUTHORED / "portfolio.xlsx"
CSV = AUTHORED / "csv"
CONFIG = str(ROOT / "examples" / "cxgraph.toml")


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


@pytest.mark.parametrize("form", [YAML, XLSX, CSV], ids=["yaml", "xlsx", "csv"])
def test_each_form_of_the_example_is_the_turtle_example(form: Path) -> None:
    turtle = load_graph(AUTHORED_EXAMPLE)
    assert len(turtle) > 800
    assert isomorphic(load_graph([form]), turtle)


def test_yaml_round_trip_through_turtle_gives_the_same_file(in_tmp: Path) -> None:
    assert main(["import", str(YAML), "-o", "portfolio.ttl"]) == 0
    assert main(["export", "portfolio.ttl", "--format", "yaml", "-o", "again.yaml"]) == 0
    assert (in_tmp / "again.yaml").read_text(encoding="utf-8") == YAML.read_text(encoding="utf-8")
    assert isomorphic(load_graph(["again.yaml"]), load_graph([YAML]))


def test_xlsx_round_trip_through_turtle_gives_the_same_workbook(in_tmp: Path) -> None:
    assert main(["import", str(XLSX), "-o", "portfolio.ttl"]) == 0
    assert main(["export", "portfolio.ttl", "--format", "xlsx", "-o", "again.xlsx"]) == 0
    assert _cells(in_tmp / "again.xlsx") == _cells(XLSX)
    assert isomorphic(load_graph(["again.xlsx"]), load_graph(AUTHORED_EXAMPLE))


def test_csv_round_trip_gives_the_same_files(in_tmp: Path) -> None:
    assert main(["export", str(CSV), "--format", "csv", "-o", "again"]) == 0
    for sheet in CSV.glob("*.csv"):
        assert (in_tmp / "again" / sheet.name).read_text(encoding="utf-8") == sheet.read_text(
            encoding="utf-8"
        ), sheet.name


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def test_reimporting_gives_the_same_iris_not_duplicates(in_tmp: Path) -> None:
    first = load_graph([YAML])
    shutil.copy(YAML, in_tmp / "renamed.yaml")
    both = load_graph([YAML, in_tmp / "renamed.yaml"])
    assert len(both) == len(first)


def test_the_base_option_mints_iris_from_another_base(in_tmp: Path) -> None:
    assert main(["import", str(YAML), "--base", "https://other.example/p/", "-o", "o.ttl"]) == 0
    text = (in_tmp / "o.ttl").read_text(encoding="utf-8")
    assert "https://other.example/p/" in text and "https://example.org/portfolio#" not in text


# ---------------------------------------------------------------- located findings


def test_yaml_findings_point_at_the_item_line_in_every_format(in_tmp: Path) -> None:
    shutil.copy(YAML, "portfolio.yaml")
    lines = Path("portfolio.yaml").read_text(encoding="utf-8").splitlines()
    erp_line = lines.index("  - id: ErpPlatformService") + 1
    assert main(["validate", "portfolio.yaml", "--config", CONFIG, "--format", "json",
                 "-o", "report.json"]) == 1  # fmt: skip
    report = json.loads(Path("report.json").read_text(encoding="utf-8"))
    erp = next(
        f for f in report["findings"]
        if f["rule"] == "service-supported-facility"
    )  # fmt: skip
    assert erp["source"][0] == {"file": "portfolio.yaml", "line": erp_line, "column": 9}
    assert all(f["source"][0]["file"] == "portfolio.yaml" and f["source"][0]["line"]
               for f in report["findings"])  # fmt: skip

    assert main(["validate", "portfolio.yaml", "--config", CONFIG, "-o", "r.sarif"]) == 1
    sarif = json.loads(Path("r.sarif").read_text(encoding="utf-8"))
    result = next(r for r in sarif["runs"][0]["results"]
                  if r["ruleId"] == "service-supported-facility")  # fmt: skip
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "portfolio.yaml"
    assert location["region"] == {"startLine": erp_line, "startColumn": 9}

    assert main(["validate", "portfolio.yaml", "--config", CONFIG, "-o", "junit.xml"]) == 1
    cases = {case.name: case for suite in JUnitXml.fromfile("junit.xml") for case in suite}
    failures = [r for r in cases["service-supported-facility"].result if isinstance(r, Failure)]
    assert [f.message.split(": ")[0] for f in failures] == [f"portfolio.yaml:{erp_line}:9"]


def test_a_property_finding_points_at_its_key(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("p.yaml").write_text(
        "base: https://e.org/#\nindicators:\n  - id: Nps\n    metric: NetPromoterScore\n"
        "    targetValue: 120\n    period: P1M\n",
        encoding="utf-8",
    )
    main(["validate", "p.yaml", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    target = next(f for f in findings if f["rule"] == "indicator-target-range")
    assert (target["source"][0]["line"], target["source"][0]["column"]) in {(3, 9), (5, 5)}


def test_workbook_findings_point_at_the_sheet_and_row(in_tmp: Path) -> None:
    shutil.copy(XLSX, "portfolio.xlsx")
    assert main(["validate", "portfolio.xlsx", "--config", CONFIG, "--format", "json",
                 "-o", "report.json"]) == 1  # fmt: skip
    findings = json.loads(Path("report.json").read_text(encoding="utf-8"))["findings"]
    erp = next(f for f in findings if f["rule"] == "service-supported-facility")
    book = load_workbook("portfolio.xlsx", read_only=True)
    rows = [r[0] for r in book["services"].iter_rows(values_only=True)]
    book.close()
    assert erp["source"][0] == {
        "file": "portfolio.xlsx[services]",
        "line": rows.index("ErpPlatformService") + 1,
        "column": 1,
    }


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        ("services:\n  - id: A\n    facilty: F\n", "p.yaml:3:5", "did you mean `facility`?"),
        ("services:\n  - id: A\n  - id: A\n", "p.yaml:3:9", "already used"),
        ("services:\n  - id: A\n    facility: Missing\n", "p.yaml:3:15", "no item has the id"),
        ("indicators:\n  - id: I\n    targetValue: high\n", "p.yaml:3:18", "decimal number"),
        ("indicators:\n  - id: I\n    period: 1 month\n", "p.yaml:3:13", "duration"),
        ("servics:\n  - id: A\n", "p.yaml:1:1", "did you mean `services`?"),
        ("services:\n  - id: A\n    label: [unclosed\n", "p.yaml:4:1", "not YAML"),
        ("services:\n  - &a {id: A}\n  - *a\n", "p.yaml:2:5", "anchors"),
        ("services:\n  - id: has space\n", "p.yaml:2:9", "cannot end an IRI"),
        ("services:\n  - label: no id\n", "p.yaml:2:5", "has no `id`"),
    ],
    ids=[
        "key",
        "duplicate",
        "reference",
        "number",
        "duration",
        "section",
        "broken",
        "anchor",
        "id",
        "no-id",
    ],
)
def test_bad_yaml_is_a_located_error_and_nothing_is_written(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], text: str, place: str, words: str
) -> None:
    Path("p.yaml").write_text(text, encoding="utf-8")
    Path("out.ttl").write_text("kept", encoding="utf-8")
    assert main(["import", "p.yaml", "-o", "out.ttl"]) == 3
    error = capsys.readouterr().err
    assert f"error: {place}: " in error and words in error, error
    assert Path("out.ttl").read_text(encoding="utf-8") == "kept"
    assert main(["validate", "p.yaml"]) == 3


def test_a_bad_cell_is_an_error_naming_file_sheet_row_and_column(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = load_workbook(XLSX)
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    column = header.index("targetValue") + 1
    sheet.cell(row=3, column=column, value="lots")
    book.save("bad.xlsx")
    assert main(["validate", "bad.xlsx"]) == 3
    error = capsys.readouterr().err
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[column - 1]
    assert f"bad.xlsx[indicators]:3:{column}: cell {letter}3: `targetValue` takes" in error


def test_a_bad_csv_cell_names_the_file_row_and_column(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CSV, "sheets")
    Path("sheets/channels.csv").write_text("id,labl\nWeb,Web\n", encoding="utf-8")
    assert main(["validate", "sheets"]) == 3
    capsys.readouterr()
    assert main(["import", "sheets", "-o", "x.ttl"]) == 3
    error = capsys.readouterr().err
    assert "sheets/channels.csv:2:2: cell B2: unknown key in `channels` `labl`" in error
    assert "did you mean `label`?" in error and not Path("x.ttl").exists()


def test_a_workbook_that_unpacks_too_large_is_refused(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("cxgraph.authoring.MAX_WORKBOOK_BYTES", 1000)
    assert main(["validate", str(XLSX)]) == 3
    assert "over the 1,000-byte limit" in capsys.readouterr().err


def test_a_file_that_is_not_a_workbook_is_refused(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("fake.xlsx").write_text("hello", encoding="utf-8")
    assert main(["validate", "fake.xlsx"]) == 3
    assert "fake.xlsx: not an XLSX workbook" in capsys.readouterr().err


def test_hidden_folders_are_not_read_as_portfolios(in_tmp: Path) -> None:
    (in_tmp / ".github").mkdir()
    (in_tmp / ".github" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    shutil.copy(YAML, "portfolio.yaml")
    assert main(["validate", ".", "--config", CONFIG]) == 1


# ---------------------------------------------------------------- the schema


def test_the_published_schema_is_current_and_accepts_the_example() -> None:
    published = ROOT / "schema" / "portfolio.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text(), "run cxgraph schema -o ..."
    jsonschema_rs = pytest.importorskip(
        "jsonschema_rs", reason="jsonschema-rs comes with schemathesis"
    )
    import yaml

    validator = jsonschema_rs.validator_for(json.loads(published.read_text(encoding="utf-8")))
    assert validator.is_valid(yaml.safe_load(YAML.read_text(encoding="utf-8")))
    assert not validator.is_valid({"services": [{"id": "A", "facilty": "F"}]})
