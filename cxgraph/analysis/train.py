"""Train the learned part of the actionable judgement: `python -m cxgraph.analysis.train FILE...`.

Reads labelled statements (the evaluation set's `tune*.csv`, never `test.csv`), computes the
features `learned.features` reads, fits an L2-regularised logistic regression by plain
gradient descent (deterministic: same files, same weights) and writes
`cxgraph/analysis/models/actionable.json`, with the files it learned from and their checksums.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

from cxgraph.analysis import learned
from cxgraph.analysis.evaluate import context_of, read_corpus
from cxgraph.analysis.parsing import parse_texts
from cxgraph.analysis.reading import Reading
from cxgraph.analysis.results import _results, kinds

L2 = 50.0
STEPS = 3000
RATE = 0.1


def training_rows(paths: list[Path]) -> list[tuple[list[float], float]]:
    """Each labelled statement's features and label (1: actionable)."""
    rows = [row for path in paths for row in read_corpus(path)]
    parses = parse_texts([row["statement"] for row in rows])
    examples = []
    for row, parse in zip(rows, parses, strict=True):
        reading = Reading(parse, context_of(row))
        features = learned.features(reading, len(_results(reading)), kinds(reading))
        examples.append((features, 1.0 if row["actionable"].strip() == "yes" else 0.0))
    return examples


def fit(examples: list[tuple[list[float], float]]) -> learned.Model:
    """Standardise, then descend on the regularised log loss (numpy, which spaCy brings)."""
    import numpy as np

    features = np.array([f for f, _ in examples])
    labels = np.array([y for _, y in examples])
    mean, scale = features.mean(axis=0), features.std(axis=0)
    scale[scale == 0] = 1.0
    z = (features - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    for _ in range(STEPS):
        error = 1 / (1 + np.exp(-np.clip(z @ weights + bias, -60, 60))) - labels
        weights -= RATE * (z.T @ error + L2 * weights) / len(labels)
        bias -= RATE * float(error.mean())
    return learned.Model(tuple(mean.tolist()), tuple(scale.tolist()), tuple(weights.tolist()), bias)


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments]
    if any(p.name == "test.csv" for p in paths):
        print("the frozen test part is never trained on", file=sys.stderr)
        return 2
    examples = training_rows(paths)
    model = fit(examples)
    right = sum((model.probability(f) >= 0.5) == (y == 1.0) for f, y in examples)
    document = {
        "feature_version": learned.FEATURE_VERSION,
        "trained_on": {p.as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths},
        "statements": len(examples),
        "training_accuracy": round(right / len(examples), 4),
        "l2": L2,
        "mean": [round(v, 6) for v in model.mean],
        "scale": [round(v, 6) for v in model.scale],
        "weights": [round(v, 6) for v in model.weights],
        "bias": round(model.bias, 6),
    }
    learned.MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    learned.MODEL_FILE.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"{len(examples)} statements, training accuracy {document['training_accuracy']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
