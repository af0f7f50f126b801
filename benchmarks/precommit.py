"""How long a pre-commit hook waits for cxgraph: `--help`, and validating the example portfolio.

    python benchmarks/precommit.py              # 9 runs of each, medians
    python benchmarks/precommit.py --smoke      # CI: one run of each, checks they succeed

Each run is a fresh `cxgraph` process, as a hook starts it. Validation is timed with the
statement-parse cache warm (a hook re-runs on a portfolio whose statements it has mostly seen)
and cold (`CXGRAPH_CACHE_DIR=off`: spaCy is loaded and every statement parsed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "portfolio"


def timed(arguments: list[str], environment: dict[str, str], runs: int) -> tuple[float, int]:
    """Median wall seconds of `runs` fresh processes, and the last exit code."""
    command = shutil.which("cxgraph") or str(Path(sys.executable).parent / "cxgraph")
    walls, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([command, *arguments], capture_output=True, env=environment)
        walls.append(time.perf_counter() - started)
        code = done.returncode
    return statistics.median(walls), code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--smoke", action="store_true", help="one run each, for CI")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    # Bytecode as an installed package has it: compiled once, then read.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as cache:
        warm = {**environment, "CXGRAPH_CACHE_DIR": cache}
        cold = {**environment, "CXGRAPH_CACHE_DIR": "off"}
        timed(["validate", str(EXAMPLE)], warm, 1)  # fills the cache and the bytecode
        rows = [
            ("cxgraph --help", *timed(["--help"], environment, runs), {0}),
            ("validate examples/portfolio, warm cache", *timed(["validate", str(EXAMPLE)], warm, runs), {1}),
            ("validate examples/portfolio, cold cache", *timed(["validate", str(EXAMPLE)], cold, runs), {1}),
        ]  # fmt: skip
    print(f"| command | median of {runs} runs, s |\n|---|---:|")
    for name, wall, _, _ in rows:
        print(f"| {name} | {wall:.3f} |")
    # The example portfolio has planted findings: validate exits 1, --help 0.
    return 0 if all(code in expected for _, _, code, expected in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
