"""CX metric formulas, computed from the counts and sums a survey's responses aggregate to.

The split is deliberate: an analytical engine groups a million responses by service,
touchpoint, channel and period into counts and sums, and these functions turn each group's
aggregates into the metric, its margin of error and the sample size it needs. Each formula is
unit-tested against values worked by hand (tests/test_metrics.py).

Sources of the formulas: NPS (Reichheld, "The One Number You Need to Grow", HBR 2003) with the
variance of a variable coded +1/0/-1; CSAT as top-two-box share and mean; CES 1.0 (Dixon,
Freeman and Toman, HBR 2010: 1-5, lower is better) and CES 2.0 (Dixon, Toman and DeLisi, *The
Effortless Experience*, 2013: 1-7 agreement, higher is better); SERVQUAL gaps (Parasuraman,
Zeithaml and Berry, 1988: perception minus expectation, a dimension's gap the mean of its
items'); margins of error and sample sizes for proportions and means with the finite
population correction (Cochran, *Sampling Techniques*, 1977).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Z_SCORES = {0.90: 1.645, 0.95: 1.96, 0.99: 2.576}
"""Two-sided z for the confidence levels surveys use."""


def z_score(confidence: float) -> float:
    """z for a confidence level (0.90, 0.95 or 0.99).

    Example:
        >>> z_score(0.95)
        1.96
    """
    try:
        return Z_SCORES[round(confidence, 4)]
    except KeyError:
        raise ValueError(
            f"confidence must be one of {sorted(Z_SCORES)}, not {confidence}"
        ) from None


def fpc(sample: int, population: int | None) -> float:
    """The finite population correction factor sqrt((N - n) / (N - 1)); 1 without N.

    Example:
        >>> round(fpc(250, 2000), 4)
        0.9356
    """
    if population is None:
        return 1.0
    if population < 2 or sample > population:
        raise ValueError(f"a sample of {sample} cannot come from a population of {population}")
    return math.sqrt((population - sample) / (population - 1))


# ---------------------------------------------------------------- NPS


@dataclass(frozen=True)
class Nps:
    score: float
    """100 x (promoters - detractors) / responses, from -100 to 100."""
    margin: float
    """Margin of error in points at the chosen confidence."""
    responses: int
    promoters: int
    passives: int
    detractors: int


def nps(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    population: int | None = None,
    confidence: float = 0.95,
) -> Nps:
    """Net Promoter Score (9-10 promote, 7-8 passive, 0-6 detract) and its margin of error.

    Example:
        >>> result = nps(110, 95, 45, population=2000)
        >>> (result.score, round(result.margin, 1))
        (26.0, 8.6)
    """
    n = promoters + passives + detractors
    if n == 0:
        raise ValueError("NPS needs at least one response")
    p, d = promoters / n, detractors / n
    variance = p + d - (p - d) ** 2
    standard_error = 100 * math.sqrt(variance / n)
    margin = z_score(confidence) * standard_error * fpc(n, population)
    return Nps(100 * (p - d), margin, n, promoters, passives, detractors)


def nps_band(score: int) -> str:
    """promoter, passive or detractor for a 0-10 answer."""
    if not 0 <= score <= 10:
        raise ValueError(f"an NPS answer is 0 to 10, not {score}")
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


# ---------------------------------------------------------------- CSAT and CES


@dataclass(frozen=True)
class Distribution:
    """Answers to one scaled question: how many gave each score."""

    counts: Mapping[int, int]
    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        outside = [s for s, c in self.counts.items() if c and not self.minimum <= s <= self.maximum]
        if outside:
            raise ValueError(
                f"scores {sorted(outside)} are outside {self.minimum} to {self.maximum}"
            )

    @property
    def responses(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float:
        if not self.responses:
            raise ValueError("no responses")
        return sum(s * c for s, c in self.counts.items()) / self.responses

    def share(self, low: int, high: int) -> float:
        """Percent of answers from `low` to `high`, inclusive."""
        if not self.responses:
            raise ValueError("no responses")
        return 100 * sum(c for s, c in self.counts.items() if low <= s <= high) / self.responses


@dataclass(frozen=True)
class Csat:
    top_two_box: float
    """Percent of answers in the scale's two highest points (4-5 on 1-5)."""
    mean: float
    responses: int


def csat(answers: Distribution) -> Csat:
    """CSAT as top-two-box percent and mean.

    Example:
        >>> csat(Distribution({1: 5, 2: 10, 3: 20, 4: 40, 5: 25}, 1, 5))
        Csat(top_two_box=65.0, mean=3.7, responses=100)
    """
    top = answers.share(answers.maximum - 1, answers.maximum)
    return Csat(top, answers.mean, answers.responses)


@dataclass(frozen=True)
class Ces:
    convention: str
    """"1.0" (effort spent, 1-5, lower is better) or "2.0" (agreement it was easy, 1-7)."""
    mean: float
    agree: float | None
    """CES 2.0 only: percent answering 5-7 (agree)."""
    lower_is_better: bool
    responses: int


def ces(answers: Distribution) -> Ces:
    """Customer Effort Score in the convention its scale shows (1-5: CES 1.0, 1-7: CES 2.0).

    Example:
        >>> ces(Distribution({1: 1, 2: 1, 4: 2, 5: 3, 6: 2, 7: 1}, 1, 7)).agree
        60.0
    """
    scale = (answers.minimum, answers.maximum)
    if scale == (1, 5):
        return Ces("1.0", answers.mean, None, True, answers.responses)
    if scale == (1, 7):
        return Ces("2.0", answers.mean, answers.share(5, 7), False, answers.responses)
    raise ValueError(f"CES is asked on 1-5 (CES 1.0) or 1-7 (CES 2.0), not {scale[0]}-{scale[1]}")


# ---------------------------------------------------------------- SERVQUAL


@dataclass(frozen=True)
class ServqualItem:
    dimension: str
    expectation: float
    perception: float

    @property
    def gap(self) -> float:
        """Perception minus expectation: below zero, expectations are not met."""
        return self.perception - self.expectation


def servqual_gaps(items: Iterable[ServqualItem]) -> dict[str, float]:
    """Each dimension's gap: the mean of its items' gaps.

    Example:
        >>> servqual_gaps([ServqualItem("Reliability", 6.5, 5.0), ServqualItem("Reliability", 6.0, 5.5)])
        {'Reliability': -1.0}
    """
    found: dict[str, list[float]] = {}
    for item in items:
        found.setdefault(item.dimension, []).append(item.gap)
    return {dimension: sum(gaps) / len(gaps) for dimension, gaps in found.items()}


# ---------------------------------------------------------------- sample sizes


def required_sample(
    population: int | None, margin: float, *, confidence: float = 0.95, proportion: float = 0.5
) -> int:
    """Responses needed for a proportion within +/- `margin` (0.05 for 5 %), with the finite
    population correction n0 / (1 + (n0 - 1) / N), rounded up.

    Example:
        >>> required_sample(2000, 0.05)
        323
    """
    if not 0 < margin < 1:
        raise ValueError("the margin is a fraction such as 0.05")
    n0 = z_score(confidence) ** 2 * proportion * (1 - proportion) / margin**2
    if population is None:
        return math.ceil(n0)
    return math.ceil(n0 / (1 + (n0 - 1) / population))


def achieved_margin(
    responses: int,
    population: int | None,
    *,
    confidence: float = 0.95,
    proportion: float = 0.5,
) -> float:
    """The margin of error a proportion from `responses` answers has (0.058 for 5.8 %).

    Example:
        >>> round(achieved_margin(250, 2000), 4)
        0.058
    """
    if responses < 1:
        raise ValueError("no responses")
    spread = math.sqrt(proportion * (1 - proportion) / responses)
    return z_score(confidence) * spread * fpc(responses, population)


def mean_margin(
    deviation: float, responses: int, population: int | None, *, confidence: float = 0.95
) -> float:
    """The margin of error of a mean score: z x s / sqrt(n), with the same correction."""
    if responses < 1:
        raise ValueError("no responses")
    return z_score(confidence) * deviation / math.sqrt(responses) * fpc(responses, population)
