"""Validate one data file with plain pySHACL, as a user of pySHACL would, in its own process.

    python benchmarks/pyshacl_runner.py DATA.nt SHAPES.ttl REPORT.nt

The benchmark (benchmarks/engines.py) starts this script once per run, so its wall time and
peak memory cover the whole job: interpreter start, parsing with rdflib, SHACL-AF rules and
validation, and writing the results graph. Step times go to stderr for the log.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pyshacl import validate
from rdflib import Graph


def main(data_path: Path, shapes_path: Path, report_path: Path) -> None:
    started = time.perf_counter()
    data = Graph().parse(data_path, format="nt")
    shapes = Graph().parse(shapes_path, format="turtle")
    parsed = time.perf_counter()
    _, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    validated = time.perf_counter()
    results.serialize(report_path, format="nt", encoding="utf-8")
    print(
        f"parse {parsed - started:.2f} s, validate {validated - parsed:.2f} s, "
        f"write {time.perf_counter() - validated:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
