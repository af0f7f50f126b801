"""Validation of a portfolio held in Virtuoso: pushed down (the rules run as queries in the
database) against copy-then-validate (the dataset copied into a local store and judged
here). Wall time and cxgraph's own peak memory, each run in its own process.

    python benchmarks/pushdown.py --sizes 100k,1M     # by hand; figures in RESULTS.md
    python benchmarks/pushdown.py --sizes 5M --streamed-only   # or --pushed-only, --copy-only
    python benchmarks/pushdown.py --smoke             # CI: 10k; fails if the runs disagree

Three runs: pushed down with a JSON report, pushed down streaming JSON Lines, and
copy-then-validate; all must find the same.

Starts a private Virtuoso (scripts/virtuoso) and bulk-loads a first-import portfolio from
`benchmarks/generate.py` (its xsd:duration literals left out: Virtuoso 7.2 cannot store
them) into one named graph.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import engines

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pushdown"
GRAPH = "https://example.org/graphs/bench"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def portfolio(size: str, folder: Path) -> Path:
    raw = folder / f"portfolio-{size}.nt"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--triples", size,
                    "--profile", "first-import", "-o", str(raw)], check=True, capture_output=True)  # fmt: skip
    kept = folder / f"portfolio-{size}-virtuoso.nt"
    duration = "<http://www.w3.org/2001/XMLSchema#duration>"
    with raw.open(encoding="utf-8") as source, kept.open("w", encoding="utf-8") as target:
        target.writelines(line for line in source if duration not in line)
    return kept


def bulk_load(instance: Path, data: Path) -> int:
    """Load with Virtuoso's bulk loader (`ld_dir`, `rdf_loader_run`): SPARQL Update runs at
    about 1,000 triples/s there. The file goes into the instance's folder, which the
    instance's `DirsAllowed` lets it read."""
    import re
    import shutil

    shutil.copy(data, instance / data.name)
    ini = (instance / "virtuoso.ini").read_text(encoding="utf-8")
    port = re.search(r"^ServerPort = 127.0.0.1:(\d+)", ini, re.M)
    assert port is not None
    sql = (f"ld_dir('{instance}', '{data.name}', '{GRAPH}'); rdf_loader_run(); checkpoint; "
           f"SPARQL SELECT COUNT(*) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }};")  # fmt: skip
    out = subprocess.run(["isql-vt", f"127.0.0.1:{port[1]}", "dba", PASSWORD, "VERBOSE=OFF",
                          "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", f"exec={sql}"],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    if "Error" in out:
        sys.exit(f"bulk load failed: {out[-500:]}")
    return int(re.findall(r"^\s*(\d+)\s*$", out, re.M)[-1])


RUNS = {
    "pushed down": ("json", []),
    "pushed down, streamed (--format jsonl)": ("jsonl", []),
    "copy, then validate": ("json", ["--copy"]),
}
"""Each run's report format and extra options."""


def judge(query_url: str, update_url: str, run: str, out: Path) -> tuple[float, float]:
    kind, options = RUNS[run]
    command = [engines.cxgraph_script(), "validate", "--endpoint", query_url, "--update-endpoint",
               update_url, "--fail-on", "none", "-f", kind, "-o", str(out), *options]  # fmt: skip
    credentials = {"CXGRAPH_ENDPOINT_USER": "dba", "CXGRAPH_ENDPOINT_PASSWORD": PASSWORD}
    return engines.measure_or_exit(command, out.parent, credentials)


def fingerprints(report: Path) -> list[str]:
    text = report.read_text(encoding="utf-8")
    if report.suffix == ".jsonl":
        findings = [json.loads(line) for line in text.splitlines()[:-1]]
    else:
        findings = json.loads(text)["findings"]
    return sorted(json.dumps([f["rule"], f["focus"], f.get("path"), f.get("value")])
                  for f in findings)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--pushed-only", action="store_true",
                        help="skip copy-then-validate (at 5M it needs about 5 GB)")  # fmt: skip
    parser.add_argument("--streamed-only", action="store_true",
                        help="only the pushed-down run that streams its findings")  # fmt: skip
    parser.add_argument("--copy-only", action="store_true", help="only copy-then-validate")
    args = parser.parse_args()
    sizes = ["10k"] if args.smoke else args.sizes.split(",")
    script = ROOT / "scripts" / "virtuoso"
    environment = {**os.environ, "CXGRAPH_VIRTUOSO_PASSWORD": PASSWORD}
    print("| triples | run | wall | cxgraph peak RSS | findings |")
    print("|---|---|---|---|---|")
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-pushdown-") as folder_name:
        folder = Path(folder_name)
        port = free_port()
        subprocess.run(["bash", str(script), "start", str(folder / "virtuoso"), str(port)],
                       check=True, env=environment, capture_output=True)  # fmt: skip
        query_url = f"http://127.0.0.1:{port}/sparql"
        update_url = f"http://127.0.0.1:{port}/sparql-auth"
        try:
            from cxgraph.store.remote import RemoteStore

            store = RemoteStore(query_url, update_url, user="dba", password=PASSWORD,
                                default_graph="urn:cxgraph:test:default")  # fmt: skip
            for size in sizes:
                for name in store.graphs():
                    store.drop_graph(name)
                data = portfolio(size, folder)
                started = time.perf_counter()
                loaded = bulk_load(folder / "virtuoso", data)
                took = time.perf_counter() - started
                print(f"| {loaded:,} | bulk load into Virtuoso | {took:.1f} s | | |")
                found = {}
                runs = list(RUNS)[:2] if args.pushed_only else list(RUNS)
                runs = runs[1:2] if args.streamed_only else runs
                runs = runs[2:] if args.copy_only else runs
                for number, run in enumerate(runs):
                    out = folder / f"report-{size}-{number}.{RUNS[run][0]}"
                    wall, rss = judge(query_url, update_url, run, out)
                    found[run] = fingerprints(out)
                    print(f"| {loaded:,} | {run} | {wall:.1f} s | {rss:,.0f} MB | "
                          f"{len(found[run]):,} |")  # fmt: skip
                if len({json.dumps(f) for f in found.values()}) > 1:
                    failed = True
                    print(f"the runs disagree at {size}", file=sys.stderr)
        finally:
            subprocess.run(["bash", str(script), "stop", str(folder / "virtuoso")], env=environment,
                           capture_output=True)  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
