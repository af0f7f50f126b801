"""Metrics from ingested responses: per service, channel and month, as worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgraph.cli.main import main
from cxgraph.ingest import ingest
from cxgraph.load import load_store
from cxgraph.measures import compute_metrics
from cxgraph.store.embedded import EmbeddedStore

BASE = "https://example.org/m#"
CX = "https://w3id.org/cxgraph#"
PORTFOLIO = """
@prefix cx: <https://w3id.org/cxgraph#> .
@prefix ex: <https://example.org/m#> .
ex:Survey a cx:TransactionalSurvey ; cx:surveysService ex:Mail ; cx:hasQuestion ex:Nps , ex:Sat .
ex:Nps a cx:Question ; cx:questionMetric cx:NetPromoterScore ;
    cx:questionScaleMinimum 0 ; cx:questionScaleMaximum 10 .
ex:Sat a cx:Question ; cx:questionMetric cx:CustomerSatisfactionScore ;
    cx:questionScaleMinimum 1 ; cx:questionScaleMaximum 5 .
ex:Servqual a cx:TransactionalSurvey ; cx:surveysService ex:Desk ;
    cx:hasQuestion ex:OnTime , ex:OnTimeExpected , ex:Right , ex:RightExpected .
ex:OnTime a cx:Question ; cx:questionMetric cx:ServqualGap ; cx:questionDimension cx:Reliability ;
    cx:expectationQuestion ex:OnTimeExpected .
ex:OnTimeExpected a cx:Question ; cx:questionMetric cx:ServqualGap ;
    cx:questionDimension cx:Reliability .
ex:Right a cx:Question ; cx:questionMetric cx:ServqualGap ; cx:questionDimension cx:Reliability ;
    cx:expectationQuestion ex:RightExpected .
ex:RightExpected a cx:Question ; cx:questionMetric cx:ServqualGap ;
    cx:questionDimension cx:Reliability .
"""
# March, web: NPS answers 10, 10, 9, 9, 9 (5 promoters), 8, 7, 7 (3 passive), 3, 6 (2
# detractors): NPS = 100 x (5 - 2) / 10 = 30; Var = 0.5 + 0.2 - 0.3^2 = 0.61;
# margin = 1.96 x 100 x sqrt(0.61 / 10) = 1.96 x 24.698 = 48.41.
# March, web: satisfaction 5, 4, 2, 4 -> top two box 3 of 4 = 75 %.
# April, email: NPS 10, 0 -> 0.
ROWS = ["respondent,question,score,responded_at,channel"]
for number, score in enumerate([10, 10, 9, 9, 9, 8, 7, 7, 3, 6]):
    ROWS.append(f"P{number},Nps,{score},2025-03-{number + 1:02d}T10:00:00Z,cx:VirtualChannel")
for number, score in enumerate([5, 4, 2, 4]):
    ROWS.append(f"P{number},Sat,{score},2025-03-{number + 1:02d}T11:00:00Z,cx:VirtualChannel")
ROWS += ["Q1,Nps,10,2025-04-01T10:00:00Z,cx:EmailChannel",
         "Q2,Nps,0,2025-04-02T10:00:00Z,cx:EmailChannel"]  # fmt: skip
# SERVQUAL, May, two people, two reliability items on 1-7:
#   on time:  perceived 5 and 4 (mean 4.5), expected 7 and 6 (mean 6.5): gap -2.0
#   right:    perceived 6 and 6 (mean 6.0), expected 6 and 7 (mean 6.5): gap -0.5
#   reliability gap = (-2.0 + -0.5) / 2 = -1.25
SERVQUAL = ["respondent,question,score,responded_at"]
for person, answers in (("S1", (5, 7, 6, 6)), ("S2", (4, 6, 6, 7))):
    for question, score in zip(
        ("OnTime", "OnTimeExpected", "Right", "RightExpected"), answers, strict=True
    ):
        SERVQUAL.append(f"{person},{question},{score},2025-05-02T10:00:00Z")


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    (tmp_path / "portfolio.ttl").write_text(PORTFOLIO, encoding="utf-8")
    (tmp_path / "rows.csv").write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    target = EmbeddedStore()
    target.load([tmp_path / "portfolio.ttl"])
    ingest(tmp_path / "rows.csv", target, kind="responses", base=BASE, survey=BASE + "Survey")
    (tmp_path / "servqual.csv").write_text("\n".join(SERVQUAL) + "\n", encoding="utf-8")
    ingest(tmp_path / "servqual.csv", target, kind="responses", base=BASE, survey=BASE + "Servqual")
    return target


def test_metrics_per_channel_and_month(store: EmbeddedStore) -> None:
    found = {(v.metric[len(CX):], v.channel and v.channel[len(CX):], v.period): v
             for v in compute_metrics(store) if v.service == BASE + "Mail"}  # fmt: skip
    # Each channel's month, and the service's month over all channels.
    assert set(found) == {
        ("NetPromoterScore", "VirtualChannel", "2025-03"),
        ("CustomerSatisfactionScore", "VirtualChannel", "2025-03"),
        ("NetPromoterScore", "EmailChannel", "2025-04"),
        ("NetPromoterScore", None, "2025-03"),
        ("CustomerSatisfactionScore", None, "2025-03"),
        ("NetPromoterScore", None, "2025-04"),
    }
    assert found[("NetPromoterScore", None, "2025-03")].value == 30.0
    march = found[("NetPromoterScore", "VirtualChannel", "2025-03")]
    assert (march.value, march.responses, march.service) == (30.0, 10, BASE + "Mail")
    assert march.margin == pytest.approx(48.41, abs=0.01)
    assert found[("CustomerSatisfactionScore", "VirtualChannel", "2025-03")].value == 75.0
    assert found[("NetPromoterScore", "EmailChannel", "2025-04")].value == 0.0


def test_servqual_gap_per_dimension(store: EmbeddedStore) -> None:
    (gap,) = [v for v in compute_metrics(store) if v.service == BASE + "Desk"]
    assert (gap.metric, gap.dimension, gap.period) == (
        CX + "ServqualGap",
        CX + "Reliability",
        "2025-05",
    )
    assert gap.value == pytest.approx(-1.25) and gap.responses == 2


def test_the_store_and_the_files_give_the_same_metrics(store: EmbeddedStore) -> None:
    assert compute_metrics(store) == compute_metrics(store.union_store())


def test_the_command_prints_the_table(
    tmp_path: Path, store: EmbeddedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "all.nt"
    path.write_bytes(store.read_graph(None, "application/n-triples").body)  # type: ignore[union-attr]
    assert len(load_store([path])) == len(store)
    assert main(["metrics", str(path), "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "metric,service,touchpoint,channel,period,value,margin,n"
    assert "NPS,Mail,,VirtualChannel,2025-03,30.0,±48.4,10" in lines
