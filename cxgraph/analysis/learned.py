"""The learned part of the actionable judgement.

The rules in `results.py` look for positive evidence of a concrete result, and for the signs
of a statement that names none (a feeling, a rating, a slogan, a wish for a quality or a
relationship, a target being met). How much each sign weighs against the evidence, and what
else a statement's wording says, is learned: a logistic regression over the rules' findings,
the word lists' matches, the main clause's kind of verb, the content words' lemmas and the
parser's contextual meaning of the statement. It is trained on the tuning part of the
evaluation set and the further tuning statements (`python -m cxgraph.analysis.train`) and
never on the frozen test part; its weights ship in `models/actionable.json`.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from cxgraph.analysis.reading import Reading

MODEL_FILE = Path(__file__).resolve().parent / "models" / "actionable.json"
FEATURE_VERSION = 1
LEMMA_BUCKETS = 256
_CONTENT = frozenset({"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN"})
_LEXICONS = ("feelings", "slogans", "vague", "provider-jargon", "comparatives", "result-markers")


@dataclass(frozen=True)
class Model:
    """Standardisation and weights of the logistic regression."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    @cached_property
    def _folded(self) -> tuple[tuple[float, ...], float]:
        """Weights over the raw features, standardisation folded in: w / s, and the bias
        less each w * m / s, so a statement costs one sparse dot product."""
        slopes = tuple(w / s for w, s in zip(self.weights, self.scale, strict=True))
        offset = self.bias - sum(k * m for k, m in zip(slopes, self.mean, strict=True))
        return slopes, offset

    def probability(self, features: list[float]) -> float:
        """The probability that the statement names a concrete result."""
        slopes, offset = self._folded
        z = offset + sum(k * x for k, x in zip(slopes, features, strict=True) if x)
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


@cache
def model() -> Model | None:
    """The shipped model, or None when there is none of this feature version."""
    try:
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("feature_version") != FEATURE_VERSION:
        return None
    return Model(
        tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"])
    )


def features(reading: Reading, rule_results: int, kinds: dict[str, bool]) -> list[float]:
    """What the model reads of a statement (see the module's description)."""
    lexicons = [float(min(3, len(reading.matches(name)))) for name in _LEXICONS]
    verbs = [1.0 if kinds.get(kind) else 0.0 for kind in sorted(kinds)]
    first_person = 1.0 if reading.first_person(range(len(reading.words))) else 0.0
    lemmas = [0.0] * LEMMA_BUCKETS
    for word in reading.words:
        if word.pos in _CONTENT:
            lemmas[zlib.crc32(word.lemma.encode()) % LEMMA_BUCKETS] = 1.0
    meaning = list(reading.parse.meaning) or [0.0] * 96
    return [float(min(3, rule_results)), *lexicons, *verbs, first_person, *lemmas, *meaning]
