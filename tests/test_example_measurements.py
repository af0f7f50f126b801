"""The example's survey answers and readings (examples/measurements) load into a store with
the example portfolio, and its metrics come out per touchpoint and month."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cxgraph.ingest import ingest
from cxgraph.measures import compute_metrics
from cxgraph.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLE, ROOT

DATA = ROOT / "examples" / "measurements"
EX = "https://example.org/portfolio#"
CX = "https://w3id.org/cxgraph#"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    target = EmbeddedStore()
    target.load([EXAMPLE])
    for name, survey in (("repair-responses.csv", "LaptopRepairSurvey"),
                         ("benchmark-responses.csv", "LaptopBenchmarkSurvey")):  # fmt: skip
        ingest(DATA / name, target, kind="responses", base=EX, survey=EX + survey)
    ingest(DATA / "measurements.csv", target, kind="measurements", base=EX)
    return target


def test_the_data_is_of_a_realistic_size(store: EmbeddedStore) -> None:
    rows = sum(
        len(Path(p).read_text(encoding="utf-8").splitlines()) - 1 for p in DATA.glob("*.csv")
    )
    assert rows > 5000


def test_the_repair_survey_gives_nps_per_touchpoint_and_month(store: EmbeddedStore) -> None:
    values = [v for v in compute_metrics(store) if v.metric == CX + "NetPromoterScore"
              and v.service == EX + "LaptopService" and v.touchpoint]  # fmt: skip
    per_touchpoint = Counter(v.touchpoint[len(EX) :] for v in values if v.touchpoint)
    assert per_touchpoint == {"ServiceDeskPhoneLine": 12, "WalkInTechBar": 12,
                              "SelfServicePortal": 12}  # fmt: skip
    assert all(-100 <= v.value <= 100 and v.margin is not None for v in values)
    bar = sorted((v.period, v.value) for v in values if v.touchpoint == EX + "WalkInTechBar")
    assert bar[-1][1] > bar[0][1], "the tech bar improves through the year"


def test_the_benchmark_wave_and_the_csat_means(store: EmbeddedStore) -> None:
    values = compute_metrics(store)
    march = [v for v in values if v.metric == CX + "NetPromoterScore" and v.period == "2025-03"
             and v.touchpoint is None]  # fmt: skip
    assert sum(v.responses for v in march) >= 250
    means = [v for v in values if v.metric == CX + "CustomerSatisfactionMean"]
    assert means and all(1 <= v.value <= 5 for v in means)


def test_the_readme_ingest_line_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shlex

    from cxgraph.cli.main import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = re.findall(r"^cxgraph ingest examples/measurements/.*$", readme, re.M)
    arguments = shlex.split(line)[1:]
    arguments[arguments.index("--store") + 1] = str(tmp_path / "store")
    monkeypatch.chdir(ROOT)
    assert main(arguments) == 0


def test_the_measured_scores_in_the_example_are_current(store: EmbeddedStore) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from cxgraph.measures import score_triples

    computed = Graph().parse(
        data="\n".join(f"{t} ." for t in score_triples(compute_metrics(store))), format="nt"
    )
    shipped = Graph().parse(EXAMPLE / "measured.ttl")
    assert len(shipped) > 1000
    assert isomorphic(computed, shipped), "run python examples/measurements/generate.py"
