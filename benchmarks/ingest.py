"""How fast `cxgraph ingest` loads survey responses: a CSV of N rows into a fresh store.

    python benchmarks/ingest.py --rows 1000000       # by hand; the figure is in RESULTS.md
    python benchmarks/ingest.py --smoke              # CI: 10,000 rows; fails if the load fails

Rows come from a seeded generator shaped like a benchmark survey's answers: 20,000
respondents, 8 questions on 0-10 and 1-5 scales, a year of timestamps, waves and channels.
Each run is `cxgraph ingest ... --store DIR` in its own process (wall time and peak RSS from
`os.wait4`), into a new on-disk store.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random

import engines

BASE = "https://example.org/bench#"
SURVEY = BASE + "BenchmarkSurvey"


def write_rows(path: Path, rows: int, seed: int = 1) -> None:
    rng = Random(seed)
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    questions = [(f"Question{q}", 10 if q < 2 else 5) for q in range(8)]
    channels = ["cx:VirtualChannel", "cx:EmailChannel", "cx:TelephoneChannel", ""]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["respondent", "question", "score", "responded_at", "wave", "channel"])
        for number in range(rows):
            question, top = questions[number % len(questions)]
            low = 0 if top == 10 else 1
            at = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
            writer.writerow([
                f"Person{rng.randrange(20_000)}",
                question,
                rng.randint(low, top),
                at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                f"Wave{at.month}",
                rng.choice(channels),
            ])  # fmt: skip


def run(rows: int) -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        data = Path(folder) / "responses.csv"
        write_rows(data, rows)
        command = [engines.cxgraph_script(), "ingest", str(data), "--survey", SURVEY,
                   "--base", BASE, "--store", str(Path(folder) / "store")]  # fmt: skip
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out = process.stdout.read().decode() if process.stdout else ""
        err = process.stderr.read().decode() if process.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"cxgraph ingest failed: {err.strip()[-500:]}")
        return wall, usage.ru_maxrss / 1024, out.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    rows = 10_000 if args.smoke else args.rows
    wall, rss, said = run(rows)
    print(f"| {rows:,} rows | {wall:.1f} s | {rows / wall:,.0f} rows/s | {rss:,.0f} MB | {said} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
