"""Responses and measurements from CSV: rows become triples, a bad row is named by line and
column and loads nothing, and loading a file twice adds nothing new."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxgraph.cli.main import main
from cxgraph.errors import InputError
from cxgraph.ingest import ingest
from cxgraph.store.embedded import EmbeddedStore

BASE = "https://example.org/portfolio#"
SURVEY = BASE + "LaptopBenchmarkSurvey"
JSON = "application/sparql-results+json"
RESPONSES = """respondent,question,score,responded_at,wave,channel
TomasBerg,BenchmarkNpsQuestion,9,2025-03-04T16:12:00Z,LaptopBenchmark2025Wave,cx:VirtualChannel
SamOkafor,BenchmarkNpsQuestion,6,2025-03-05T09:00:00+01:00,LaptopBenchmark2025Wave,
https://other.example/people/ana,BenchmarkNpsQuestion,7.5,2025-03-06 10:00:00Z,,
"""


def _rows(store: EmbeddedStore, query: str) -> list[dict[str, str]]:
    answer = json.loads(store.query(query, JSON).body)
    return [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]


def _csv(tmp_path: Path, text: str, name: str = "rows.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_responses_become_typed_triples(tmp_path: Path) -> None:
    store = EmbeddedStore()
    done = ingest(_csv(tmp_path, RESPONSES), store, kind="responses", base=BASE, survey=SURVEY)
    assert done.rows == 3 and done.triples == 3 * 5 + 2 + 1  # two waves, one channel
    rows = _rows(
        store,
        """PREFIX cx: <https://w3id.org/cxgraph#>
        SELECT ?who ?value ?at ?channel WHERE { ?r a cx:Response ; cx:respondent ?who ;
        cx:responseValue ?value ; cx:respondedAt ?at . OPTIONAL { ?r cx:givenViaChannel ?channel }
        } ORDER BY ?at""",
    )
    assert [r["who"] for r in rows] == [
        BASE + "TomasBerg", BASE + "SamOkafor", "https://other.example/people/ana",
    ]  # fmt: skip
    assert [r["value"] for r in rows] == ["9", "6", "7.5"]
    assert rows[1]["at"] == "2025-03-05T08:00:00Z"  # +01:00 written as UTC
    assert rows[0]["channel"] == "https://w3id.org/cxgraph#VirtualChannel"


def test_loading_the_same_file_again_adds_nothing(tmp_path: Path) -> None:
    store = EmbeddedStore()
    path = _csv(tmp_path, RESPONSES)
    ingest(path, store, kind="responses", base=BASE, survey=SURVEY)
    size = len(store)
    ingest(path, store, kind="responses", base=BASE, survey=SURVEY)
    assert len(store) == size


def test_measurements(tmp_path: Path) -> None:
    store = EmbeddedStore()
    text = "indicator,measured_at,value\nBackToWorkIndicator,2025-02-01T00:00:00Z,1.5\n"
    done = ingest(_csv(tmp_path, text), store, kind="measurements", base=BASE)
    assert done.triples == 4
    (row,) = _rows(
        store,
        """PREFIX cx: <https://w3id.org/cxgraph#>
        SELECT ?m ?v WHERE { ?m cx:measuresIndicator ?i ; cx:measuredValue ?v }""",
    )
    assert row["m"] == BASE + "BackToWorkIndicator/measurement/20250201T000000Z"
    assert row["v"] == "1.5"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("respondent,question,score,responded_at\nA,Q,high,2025-01-01T00:00:00Z\n", 2, 3, "score"),
        (
            "respondent,question,score,responded_at\nA,Q,5,2025-01-01T00:00:00Z\nA,Q,5,yesterday\n",
            3,
            4,
            "responded_at",
        ),
        (
            "respondent,question,score,responded_at\nA,,5,2025-01-01T00:00:00Z\n",
            2,
            2,
            "no question",
        ),
        (
            "respondent,question,score,responded_at\nA B,Q,5,2025-01-01T00:00:00Z\n",
            2,
            1,
            "cannot name a thing",
        ),
        ("respondent,question,score\nA,Q,5\n", 1, None, "responded_at"),
        (
            "respondent,question,score,responded_at,mood\nA,Q,5,2025-01-01T00:00:00Z,ok\n",
            1,
            5,
            "unknown column 'mood'",
        ),
    ],
    ids=["score", "time", "missing", "iri", "header", "unknown-column"],
)
def test_a_bad_row_names_its_line_and_column_and_loads_nothing(
    tmp_path: Path, text: str, line: int, column: int | None, words: str
) -> None:
    store = EmbeddedStore()
    with pytest.raises(InputError) as raised:
        ingest(_csv(tmp_path, text), store, kind="responses", base=BASE, survey=SURVEY)
    assert (raised.value.line, raised.value.column) == (line, column), raised.value
    assert words in str(raised.value)
    assert len(store) == 0


def test_the_command_loads_a_store_and_exits_3_on_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _csv(tmp_path, RESPONSES)
    folder = tmp_path / "store"
    arguments = ["ingest", str(good), "--survey", SURVEY, "--base", BASE, "--store", str(folder)]
    assert main(arguments) == 0
    assert "3 rows, 18 triples loaded" in capsys.readouterr().out
    bad = _csv(tmp_path, "respondent,question,score,responded_at\nA,Q,x,2025-01-01\n", "bad.csv")
    assert main([*arguments[:1], str(bad), *arguments[2:]]) == 3
    assert f"{bad}:2:3: column 'score'" in capsys.readouterr().err
    store = ox.Store(str(folder))
    assert len(store) == 18


def test_the_api_ingests_under_the_write_token_and_names_a_bad_row() -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    store = EmbeddedStore()
    client = TestClient(create_app(store, token="secret"))
    params = {"kind": "responses", "survey": SURVEY, "base": BASE}
    csv_type = {"Content-Type": "text/csv"}
    assert (
        client.post("/ingest", params=params, content=RESPONSES, headers=csv_type).status_code
        == 401
    )
    auth = {**csv_type, "Authorization": "Bearer secret"}
    answer = client.post("/ingest", params=params, content=RESPONSES, headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"rows": 3, "triples": 18}
    assert len(store) == 18
    bad = "respondent,question,score,responded_at\nA,Q,x,2025-01-01\n"
    refused = client.post("/ingest", params=params, content=bad, headers=auth)
    assert refused.status_code == 400 and "<body>:2:3" in refused.text, refused.text
    assert len(store) == 18
