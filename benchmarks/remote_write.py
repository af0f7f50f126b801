"""How long a guarded write takes through `cxgraph serve --endpoint` in front of Virtuoso:
100 new triples (ten supported services) posted to /update, judged by the rules before
they land.

    python benchmarks/remote_write.py --size 1M       # by hand; the figure is in RESULTS.md
    python benchmarks/remote_write.py --smoke         # CI: 10k; fails if a write is refused

The portfolio is a first-import one from `benchmarks/generate.py`, bulk-loaded as in
`benchmarks/pushdown.py`; the server refuses writes that add violations.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import engines
import httpx
import pushdown

TOKEN = "bench-remote-write"


PROVIDER = "<https://example.org/bench#provider-00003>"
CUSTOMER = "<https://example.org/bench#customer-00003-2>"
"""A provider and a customer of the generated portfolio, both at level 3, with their services,
relationships, outcomes and surveys: a write linked to them is judged on a real
neighbourhood."""


def hundred_triples(tag: str, *, linked: bool = False) -> str:
    """Ten supported services of eleven triples each; `linked`: each provided by an existing
    provider and consumed by an existing customer, in place of two labels."""
    parts = []
    for i in range(10):
        iri = f"https://example.org/write#{tag}{i}"
        s, f, u, a = (f"<{iri}{suffix}>" for suffix in ("", "F", "S", "A"))
        links = (f"{PROVIDER} cx:providesService {s} . {CUSTOMER} cx:consumesService {s} . "
                 if linked else f'{u} rdfs:label "S"@en . {a} rdfs:label "A"@en . ')  # fmt: skip
        parts.append(
            f'{s} a cx:Service ; rdfs:label "Service {tag}{i}"@en ; cx:hasFacility {f} ; '
            f'cx:hasSupport {u} . {f} a cx:Facility ; rdfs:label "F"@en ; cx:hasAction {a} . '
            f"{u} a cx:Support . {a} a cx:Action . {links}"
        )
    return ("PREFIX cx: <https://w3id.org/cxgraph#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            f"INSERT DATA {{ GRAPH <{pushdown.GRAPH}> {{ {' '.join(parts)} }} }}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    size = "10k" if args.smoke else args.size
    failed = False
    script = pushdown.ROOT / "scripts" / "virtuoso"
    environment = {**os.environ, "CXGRAPH_VIRTUOSO_PASSWORD": pushdown.PASSWORD}
    with tempfile.TemporaryDirectory(prefix="bench-remote-write-") as folder_name:
        folder = Path(folder_name)
        port = pushdown.free_port()
        subprocess.run(["bash", str(script), "start", str(folder / "virtuoso"), str(port)],
                       check=True, env=environment, capture_output=True)  # fmt: skip
        serve = None
        try:
            loaded = pushdown.bulk_load(folder / "virtuoso", pushdown.portfolio(size, folder))
            web = pushdown.free_port()
            serving = {**os.environ, "CXGRAPH_TOKEN": TOKEN, "CXGRAPH_ENDPOINT_USER": "dba",
                       "CXGRAPH_ENDPOINT_PASSWORD": pushdown.PASSWORD}  # fmt: skip
            with (folder / "serve.log").open("wb") as log:
                serve = subprocess.Popen(
                    [engines.cxgraph_script(), "serve", "--port", str(web), "--endpoint",
                     f"http://127.0.0.1:{port}/sparql", "--update-endpoint",
                     f"http://127.0.0.1:{port}/sparql-auth"],
                    stdout=subprocess.DEVNULL, stderr=log, env=serving,
                )  # fmt: skip
            base = f"http://127.0.0.1:{web}"
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.5)
            headers = {"Authorization": f"Bearer {TOKEN}",
                       "Content-Type": "application/sparql-update"}  # fmt: skip
            for run, linked in enumerate([False, False, False, True, True, True]):
                started = time.perf_counter()
                body = hundred_triples(f"w{run}-", linked=linked)
                answer = httpx.post(f"{base}/update", content=body, headers=headers,
                                    timeout=3600)  # fmt: skip
                took = time.perf_counter() - started
                kind = "linked to a provider and a customer" if linked else "new services only"
                print(f"| {loaded:,} | 100 triples, {kind}, run {run + 1} | {took:.2f} s | "
                      f"{answer.status_code} {answer.text[:200]} |")  # fmt: skip
                failed |= answer.status_code != 204
        finally:
            if serve is not None:
                serve.terminate()
                serve.wait(timeout=30)
            subprocess.run(["bash", str(script), "stop", str(folder / "virtuoso")],
                           env=environment, capture_output=True)  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
