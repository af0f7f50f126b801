"""CX metric formulas against values worked by hand (the working is in each test)."""

from __future__ import annotations

import math

import pytest

from cxgraph.metrics import (
    Distribution,
    ServqualItem,
    achieved_margin,
    ces,
    csat,
    fpc,
    mean_margin,
    nps,
    nps_band,
    required_sample,
    servqual_gaps,
    z_score,
)


def test_nps_of_250_answers() -> None:
    # P = 110, passives 95, D = 45, n = 250: p = 0.44, d = 0.18, NPS = 100 x 0.26 = 26.
    # Var = 0.44 + 0.18 - 0.26^2 = 0.62 - 0.0676 = 0.5524; SE = 100 x sqrt(0.5524 / 250)
    # = 100 x 0.047005 = 4.7005; margin = 1.96 x 4.7005 = 9.213.
    result = nps(110, 95, 45)
    assert result.score == pytest.approx(26.0)
    assert result.margin == pytest.approx(9.213, abs=0.001)
    assert result.responses == 250


def test_nps_margin_shrinks_with_the_finite_population_correction() -> None:
    # The same answers from a population of 2,000: x sqrt(1750 / 1999) = x 0.93565,
    # 9.213 x 0.93565 = 8.620.
    assert nps(110, 95, 45, population=2000).margin == pytest.approx(8.620, abs=0.001)


def test_nps_extremes_and_bands() -> None:
    # All promoters: NPS 100 and no spread (Var = 1 + 0 - 1 = 0).
    assert nps(10, 0, 0).score == 100 and nps(10, 0, 0).margin == 0
    assert nps(0, 0, 4).score == -100
    # Half promoters, half detractors: NPS 0, Var = 0.5 + 0.5 - 0 = 1, SE = 100 / sqrt(100)
    # = 10, margin at 99 % = 2.576 x 10 = 25.76.
    assert nps(50, 0, 50, confidence=0.99).margin == pytest.approx(25.76)
    assert [nps_band(s) for s in (0, 6, 7, 8, 9, 10)] == [
        "detractor", "detractor", "passive", "passive", "promoter", "promoter",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        nps_band(11)
    with pytest.raises(ValueError):
        nps(0, 0, 0)


def test_csat_top_two_box_and_mean() -> None:
    # 5 x 1, 10 x 2, 20 x 3, 40 x 4, 25 x 5: n = 100; top two box = 40 + 25 = 65 %;
    # mean = (5 + 20 + 60 + 160 + 125) / 100 = 3.70.
    result = csat(Distribution({1: 5, 2: 10, 3: 20, 4: 40, 5: 25}, 1, 5))
    assert (result.top_two_box, result.mean, result.responses) == (65.0, 3.7, 100)


def test_csat_on_a_1_to_7_scale_takes_6_and_7() -> None:
    # 6 and 7 are the top two of 1-7: (3 + 1) / 8 = 50 %.
    assert csat(Distribution({2: 1, 4: 3, 6: 3, 7: 1}, 1, 7)).top_two_box == 50.0


def test_ces_conventions() -> None:
    # CES 1.0 (effort, 1-5, lower is better): 2 x 1, 3 x 2, 1 x 4: mean (2 + 6 + 4) / 6 = 2.0.
    first = ces(Distribution({1: 2, 2: 3, 4: 1}, 1, 5))
    assert (first.convention, first.mean, first.agree, first.lower_is_better) == (
        "1.0", 2.0, None, True,
    )  # fmt: skip
    # CES 2.0 (agreement, 1-7): 1, 2, 4, 4, 5, 5, 5, 6, 6, 7: mean 45 / 10 = 4.5; agree
    # (5-7) = 6 of 10 = 60 %.
    second = ces(Distribution({1: 1, 2: 1, 4: 2, 5: 3, 6: 2, 7: 1}, 1, 7))
    assert (second.convention, second.mean, second.agree, second.lower_is_better) == (
        "2.0", 4.5, 60.0, False,
    )  # fmt: skip
    with pytest.raises(ValueError, match="1-5"):
        ces(Distribution({3: 1}, 0, 10))


def test_a_score_outside_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[7\]"):
        Distribution({7: 1}, 1, 5)


def test_servqual_dimension_gaps() -> None:
    # Reliability items: (E 6.5, P 5.0) gap -1.5 and (E 6.0, P 5.5) gap -0.5: mean -1.0.
    # Tangibles: (E 5.0, P 6.0) gap +1.0: expectations exceeded.
    gaps = servqual_gaps([
        ServqualItem("Reliability", 6.5, 5.0),
        ServqualItem("Reliability", 6.0, 5.5),
        ServqualItem("Tangibles", 5.0, 6.0),
    ])  # fmt: skip
    assert gaps == {"Reliability": -1.0, "Tangibles": 1.0}


def test_sample_size_and_achieved_margin_of_the_worked_example() -> None:
    # N = 2,000, 95 %, +/-5 %, p = 0.5: n0 = 1.96^2 x 0.25 / 0.0025 = 384.16;
    # n = 384.16 / (1 + 383.16 / 2000) = 384.16 / 1.19158 = 322.4, rounded up 323.
    assert required_sample(2000, 0.05) == 323
    assert required_sample(None, 0.05) == 385
    # 250 answers: 1.96 x sqrt(0.25 / 250) x sqrt(1750 / 1999) = 1.96 x 0.031623 x 0.93565
    # = 0.05800; 323 answers: 1.96 x 0.027821 x sqrt(1677 / 1999) = 0.04994.
    assert achieved_margin(250, 2000) == pytest.approx(0.0580, abs=0.0001)
    assert achieved_margin(323, 2000) == pytest.approx(0.0499, abs=0.0001)


def test_margin_of_a_mean_score() -> None:
    # s = 1.2 on a 1-5 item, n = 100, no population: 1.96 x 1.2 / 10 = 0.2352.
    assert mean_margin(1.2, 100, None) == pytest.approx(0.2352)
    # N = 400: x sqrt(300 / 399) = x 0.86711: 0.20395.
    assert mean_margin(1.2, 100, 400) == pytest.approx(0.20395, abs=0.00001)


def test_confidence_levels_and_the_correction_factor() -> None:
    assert [z_score(c) for c in (0.90, 0.95, 0.99)] == [1.645, 1.96, 2.576]
    with pytest.raises(ValueError):
        z_score(0.8)
    assert fpc(10, None) == 1.0
    assert fpc(2000, 2000) == 0.0
    assert math.isclose(fpc(1, 2000), 1.0)
    with pytest.raises(ValueError):
        fpc(10, 5)
