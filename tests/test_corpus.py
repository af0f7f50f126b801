"""The statement analyzer against the evaluation set in tests/corpus/evaluation/.

The set was written and labelled by people who never saw the analyzer, and split by a hash of
each id before any tuning: `tune.csv` may inform the analyzer, `test.csv` is frozen (its
checksum is pinned here) and only scored. The floors below are the figures measured on the
test part when it was last scored (benchmarks/RESULTS.md); they keep a change from making the
analyzer worse on text it never saw. The older corpora in tests/corpus/ were written by the
project's developers and are scored as a second opinion.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cxgraph.analysis.evaluate import read_corpus, score
from cxgraph.analysis.statements import Criterion

CORPUS = Path(__file__).resolve().parent / "corpus"
EVALUATION = CORPUS / "evaluation"
FROZEN_TEST = "0625dc73fe23c09268ecd27310b597aaeec34b59b2842aa50049cf658fa2103d"
TEST_FLOORS = {
    Criterion.OUTSIDE_IN: 0.95,
    Criterion.MEASURABLE: 0.95,
    Criterion.ACTIONABLE: 0.94,
}


def test_the_test_part_is_the_frozen_one() -> None:
    digest = hashlib.sha256((EVALUATION / "test.csv").read_bytes()).hexdigest()
    assert digest == FROZEN_TEST, "tests/corpus/evaluation/test.csv changed after it was frozen"


def test_the_set_is_large_balanced_and_split_apart() -> None:
    test, tune = read_corpus(EVALUATION / "test.csv"), read_corpus(EVALUATION / "tune.csv")
    assert len(test) >= 300 and len(tune) >= 200
    assert not {r["id"] for r in test} & {r["id"] for r in tune}
    for column in ("outside_in", "measurable", "actionable"):
        share = [row[column] for row in test].count("yes") / len(test)
        assert 0.35 <= share <= 0.65, column
    assert {row["stated_by_kind"] for row in test} == {"customer", "provider", "unknown"}


@pytest.mark.parametrize("criterion", list(Criterion))
def test_accuracy_on_statements_nobody_tuned_on(criterion: Criterion) -> None:
    result = score(read_corpus(EVALUATION / "test.csv"))[criterion]
    print(f"{criterion}: accuracy {result.accuracy:.3f} precision {result.precision:.3f} "
          f"recall {result.recall:.3f}")  # fmt: skip
    assert result.accuracy >= TEST_FLOORS[criterion]


@pytest.mark.parametrize("criterion", list(Criterion))
def test_the_older_corpora_stay_mostly_right(criterion: Criterion) -> None:
    rows = [row for path in sorted(CORPUS.glob("sco-*.csv")) for row in read_corpus(path)]
    assert score(rows)[criterion].accuracy >= 0.88


def test_the_shipped_model_learned_from_the_tuning_files_only() -> None:
    import json

    from cxgraph.analysis.learned import MODEL_FILE

    trained = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained_on"]
    assert trained and not any(name.endswith("test.csv") for name in trained)
    for name, digest in trained.items():
        path = CORPUS.parent.parent / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, (
            f"{name} changed since the model was trained: python -m cxgraph.analysis.train ..."
        )
