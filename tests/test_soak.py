"""The soak (benchmarks/soak.py) at CI size: a real server, clients mixing queries,
validations and writes for `CXGRAPH_SOAK_SECONDS` (default 60) seconds.

No request may fail; every acknowledged write must be stored exactly once; memory must stay
flat (at most half as much again, plus 64 MB for the query workers' caches). The figures are
printed, and the full-size run's are in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.soak import run_soak

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("CXGRAPH_SOAK_SECONDS", "60"))


def test_a_minute_of_mixed_load_loses_nothing(tmp_path: Path) -> None:
    result = run_soak(SECONDS, clients=8, folder=tmp_path)
    print(result.summary())
    assert result.errors == []
    assert result.requests > 50 and sum(result.acknowledged.values()) > 5
    assert result.counted == dict(result.acknowledged)
    assert result.duplicated == 0
    assert result.memory_end <= result.memory_start * 1.5 + 64 * 2**20
