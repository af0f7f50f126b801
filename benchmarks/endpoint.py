"""SPARQL endpoint benchmark: a fixed mix of portfolio queries against `cxgraph serve` and
rdflib-endpoint over the same data, at 1 and 16 concurrent clients.

    python benchmarks/endpoint.py --sizes 10k,1M --clients 1,16 --requests 2000 --write
    python benchmarks/endpoint.py --smoke     # CI: 10k, few requests, fails on an error
                                              # or a result difference; prints only

Needs the `bench` extra (`pip install -e '.[bench]'`) for rdflib-endpoint. Portfolios come
from benchmarks/generate.py (seed 1), cached in build/bench/. For each size each server is
its own process, started the way a user would (`cxgraph serve FILE --memory`,
`rdflib-endpoint serve FILE`) on a free loopback port, alone on the machine: started,
polled until it answers, queried, stopped. A sample of the mix is sent to it first, one
query at a time, and the result rows of the two servers are compared as sets. Then, per
concurrency level, the same sequence of --requests queries (services, customers, providers
drawn by a seeded random generator from the data) is shared out among the clients, each a
thread with its own keep-alive connection (`LoadClient`). The table gives throughput and p50/p99 latency;
--write replaces the marked section of benchmarks/RESULTS.md (appended if absent).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import platform
import signal
import sys
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import metadata
from pathlib import Path
from random import Random

import engines
import httpx
import run
from endpoint_load import REQUEST_TIMEOUT, Level, Query, run_level, send
from endpoint_servers import SERVERS, peak_rss_mb, serving, tail
from generate import size as parse_size

START = "<!-- endpoint-benchmark:start -->"
END = "<!-- endpoint-benchmark:end -->"

CX = "https://w3id.org/cxgraph#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (
    f"PREFIX cx: <{CX}>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
LEVEL_RANKS = " ".join(
    f"(cx:{name} {rank})"
    for rank, name in enumerate(
        ("TechnologyDriven", "SystemDriven", "ServiceDriven", "CustomerDriven", "BusinessDriven"),
        start=1,
    )
)
"""The value maturity levels in order; the data holds the portfolio only, not the ontology."""


# ---------------------------------------------------------------- the query mix


@dataclass(frozen=True)
class Template:
    """One query of the mix; `{iri}` is an entity of class `kind` (None: no parameter)."""

    name: str
    kind: str | None
    text: str


MIX = [
    Template(
        "service-detail",
        "Service",
        """SELECT ?label ?provider ?facility ?support ?supportClass WHERE {
  <{iri}> rdfs:label ?label . ?provider cx:providesService <{iri}> .
  OPTIONAL { <{iri}> cx:hasFacility ?facility }
  OPTIONAL { <{iri}> cx:hasSupport ?support . ?support a ?supportClass }
}""",
    ),
    Template(
        "customer-outcomes",
        "Customer",
        """SELECT ?outcome ?statement ?indicator ?metric ?target WHERE {
  ?outcome cx:hasOutcomeOwner <{iri}> ; cx:statement ?statement .
  OPTIONAL { ?outcome cx:isMeasuredBy ?indicator .
             ?indicator cx:metric ?metric ; cx:targetValue ?target }
}""",
    ),
    Template(
        "maturity-gap",
        "Provider",
        f"""SELECT DISTINCT ?customer ?customerLevel ?providerLevel ?gap WHERE {{
  <{{iri}}> cx:hasMaturityLevel ?providerLevel .
  ?relationship cx:provider <{{iri}}> ; cx:customer ?customer .
  ?customer cx:hasMaturityLevel ?customerLevel .
  VALUES (?providerLevel ?providerRank) {{ {LEVEL_RANKS} }}
  VALUES (?customerLevel ?customerRank) {{ {LEVEL_RANKS} }}
  BIND(ABS(?customerRank - ?providerRank) AS ?gap)
}}""",
    ),
    Template(
        "provider-summary",
        "Provider",
        """SELECT (COUNT(DISTINCT ?service) AS ?services) (COUNT(DISTINCT ?customer) AS ?customers)
WHERE {
  <{iri}> cx:providesService ?service .
  OPTIONAL { ?relationship cx:service ?service ; cx:customer ?customer }
}""",
    ),
    Template(
        "latest-measurements",
        "Service",
        """SELECT ?indicator ?value ?at WHERE {
  ?outcome cx:isAddressedBy <{iri}> ; cx:isMeasuredBy ?indicator .
  ?measurement cx:measuresIndicator ?indicator ; cx:measuredAt ?at ; cx:measuredValue ?value .
  FILTER NOT EXISTS {
    ?later cx:measuresIndicator ?indicator ; cx:measuredAt ?laterAt . FILTER(?laterAt > ?at)
  }
}""",
    ),
    Template(
        "service-scores",
        "Service",
        """SELECT ?metric (AVG(?value) AS ?mean) (COUNT(?score) AS ?scores) WHERE {
  ?score cx:scoredService <{iri}> ; cx:scoreOfMetric ?metric ; cx:scoreValue ?value .
} GROUP BY ?metric""",
    ),
    Template(
        "is-supported",
        "Service",
        """ASK { <{iri}> cx:hasSupport ?support . ?support a cx:Support ; cx:hasSupportAction ?action }""",
    ),
    Template(
        "services-by-level",
        None,
        """SELECT ?level (COUNT(DISTINCT ?provider) AS ?providers) (COUNT(?service) AS ?services)
WHERE { ?provider a cx:Provider ; cx:hasMaturityLevel ?level ; cx:providesService ?service }
GROUP BY ?level""",
    ),
]
"""What an architect's tool sends: one service and its support, a customer's outcomes and
indicators, maturity gaps of a provider's customers, a provider's counts, the latest
measurement of each indicator of a service, a service's survey scores, a yes/no check, and
one portfolio-wide aggregate."""


def entities(data: Path) -> dict[str, list[str]]:
    """IRIs of the classes the mix takes parameters from, in file order."""
    kinds = {t.kind for t in MIX if t.kind}
    wanted = {f"<{RDF_TYPE}> <{CX}{kind}> .".encode(): kind for kind in kinds}
    found: dict[str, list[str]] = {kind: [] for kind in kinds}
    with data.open("rb") as lines:
        for line in lines:
            subject, _, rest = line.rstrip().partition(b" ")
            kind = wanted.get(rest)
            if kind is not None:
                found[kind].append(subject.decode()[1:-1])
    return found


def sequence(pool: dict[str, list[str]], count: int, seed: int) -> list[Query]:
    """`count` queries cycling through the mix, each on an entity drawn at random."""
    rng = Random(seed)
    queries = []
    for number in range(count):
        template = MIX[number % len(MIX)]
        iri = rng.choice(pool[template.kind]) if template.kind else ""
        queries.append(Query(template.name, PREFIXES + template.text.replace("{iri}", iri)))
    return queries


# ---------------------------------------------------------------- comparing results

Rows = frozenset[tuple[tuple[str, tuple[str, ...]], ...]] | bool | str
"""A SELECT answer as a set of rows, an ASK answer, or why there is no answer."""

NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def answer_rows(response: httpx.Response) -> Rows:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    try:
        document = json.loads(response.content)
    except ValueError as error:
        return f"not JSON: {error}"
    if "boolean" in document:
        return bool(document["boolean"])
    return frozenset(
        tuple(sorted((var, term_key(term)) for var, term in binding.items()))
        for binding in document["results"]["bindings"]
    )


def term_key(term: dict[str, str]) -> tuple[str, ...]:
    """A term as both servers must agree on it: numbers and times by value (rdflib writes
    averages with other digits than Oxigraph, and a UTC time as +00:00 where the data has
    Z), xsd:string as a plain literal, any blank node alike."""
    kind = term["type"]
    if kind == "bnode":
        return ("bnode",)
    if kind not in ("literal", "typed-literal"):
        return (kind, term["value"])
    datatype = term.get("datatype", "")
    value = term["value"]
    if datatype == XSD + "string":
        datatype = ""
    if datatype in NUMERIC:
        with suppress(InvalidOperation):  # keep a malformed number as written
            value = f"{Decimal(value):.6f}"
    elif datatype == XSD + "dateTime":
        with suppress(ValueError):
            value = datetime.datetime.fromisoformat(value).isoformat()
    return ("literal", value, datatype, term.get("xml:lang", "").lower())


def sample_answers(url: str, method: str, queries: list[Query]) -> list[Rows]:
    """One query at a time (also the warm-up): each answer's rows, for the comparison."""
    answers: list[Rows] = []
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        for query in queries:
            try:
                answers.append(answer_rows(send(client, url, method, query.text)))
            except httpx.HTTPError as error:
                answers.append(f"{type(error).__name__}: {error}")
    return answers


def differences(queries: list[Query], runs: list[ServerRun]) -> list[str]:
    """Sampled queries whose answers are not the same on every server, or are errors."""
    found = []
    answered = [r for r in runs if r.answers]
    for index, query in enumerate(queries):
        answers = [r.answers[index] for r in answered]
        errors = [
            f"{r.server}: {a}" for r, a in zip(answered, answers, strict=True) if isinstance(a, str)
        ]
        if errors:
            found.append(f"{query.name} #{index}: " + "; ".join(errors))
        elif any(a != answers[0] for a in answers[1:]):
            sizes = ", ".join(
                f"{r.server} {size_of(a)}" for r, a in zip(answered, answers, strict=True)
            )
            found.append(f"{query.name} #{index}: different rows ({sizes})")
    return found


def size_of(answer: Rows) -> str:
    return str(answer) if isinstance(answer, bool | str) else f"{len(answer)} rows"


# ---------------------------------------------------------------- one size, one server


@dataclass
class ServerRun:
    server: str
    ready_s: float = math.nan
    rss_mb: float | None = None
    answers: list[Rows] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    error: str | None = None


@dataclass
class SizeRun:
    target: int
    triples: int
    checked: list[Query]
    runs: list[ServerRun]

    def run_of(self, server: str) -> ServerRun | None:
        return next((r for r in self.runs if r.server == server and not r.error), None)


def bench_server(server: str, data: Path, plan: Plan, args: argparse.Namespace) -> ServerRun:
    outcome = ServerRun(server)
    with tempfile.TemporaryDirectory(prefix=f"bench-{server}-") as folder:
        try:
            with serving(server, data, Path(folder), args.ready_timeout) as started:
                outcome.ready_s = started.ready_s
                print(f"  {server}: ready in {started.ready_s:.1f} s", flush=True)
                outcome.answers = sample_answers(started.url, args.method, plan.checked)
                sample_answers(started.url, args.method, plan.warmup)
                for clients in args.client_list:
                    level = run_level(
                        started.url, args.method, plan.timed[clients], clients, args.max_seconds
                    )
                    outcome.levels.append(level)
                    print(f"  {server}: {level_line(level)}", flush=True)
                    if started.process.poll() is not None:
                        raise RuntimeError(f"server exited: {tail(started.log)}")
                outcome.rss_mb = peak_rss_mb(started.process.pid)
        except RuntimeError as error:
            outcome.error = str(error)
            print(f"  {server}: {error}", flush=True)
    return outcome


def level_line(level: Level) -> str:
    return (
        f"{level.clients} clients, {len(level.samples)} requests ({level.failed} failed), "
        f"{level.throughput:.1f} req/s, p50 {level.percentile(0.5):.1f} ms, "
        f"p99 {level.percentile(0.99):.1f} ms, client CPU {level.client_cpu / level.wall:.0%}"
    )


@dataclass(frozen=True)
class Plan:
    """The queries of one size: sampled for comparison, warm-up, and timed; all servers alike.

    Each concurrency level has its own sequence, so a level is not answered from what a
    server kept from the level before (cxgraph keeps answers between writes); repeats
    within a level are as the random draw makes them."""

    checked: list[Query]
    warmup: list[Query]
    timed: dict[int, list[Query]]


def bench_size(target: int, args: argparse.Namespace) -> SizeRun:
    data = run.portfolio(target, args.seed, args.profile)
    pool = entities(data)
    plan = Plan(
        sequence(pool, args.check, args.seed + 1),
        sequence(pool, args.warmup, args.seed + 2),
        {c: sequence(pool, args.requests, args.seed + 100 + c) for c in args.client_list},
    )
    print(f"{run.label(target)}: {data.name}", flush=True)
    runs = [bench_server(server, data, plan, args) for server in args.servers]
    return SizeRun(target, engines.count_triples(data), plan.checked, runs)


# ---------------------------------------------------------------- the Markdown section


def results_table(sizes: list[SizeRun]) -> list[str]:
    rows = [
        "| size | triples | server | ready s | peak RSS MB | clients | requests | failed "
        "| req/s | p50 ms | p99 ms | x rdflib-endpoint | x oxigraph | client CPU |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        start = f"| {run.label(size.target)} | {size.triples:,} |"
        for outcome in size.runs:
            if outcome.error:
                rows.append(
                    f"{start} {outcome.server} | | | | | | | | | failed: {outcome.error} | | |"
                )
                continue
            rss = f"{outcome.rss_mb:,.0f}" if outcome.rss_mb else ""
            for level in outcome.levels:
                rows.append(
                    f"{start} {outcome.server} | {outcome.ready_s:,.1f} | {rss} | {level.clients} "
                    f"| {len(level.samples):,} | {level.failed} | {level.throughput:,.1f} "
                    f"| {level.percentile(0.5):,.1f} | {level.percentile(0.99):,.1f} "
                    f"| {ratio(size, outcome.server, level.clients, 'rdflib-endpoint')} "
                    f"| {ratio(size, outcome.server, level.clients, 'oxigraph')} "
                    f"| {level.client_cpu / level.wall:.0%} |"
                )
    return rows


def ratio(size: SizeRun, server: str, clients: int, against: str) -> str:
    """This server's throughput over another's at the same size and client count."""
    reference = size.run_of(against)
    mine = size.run_of(server)
    if server == against or reference is None or mine is None:
        return ""
    theirs = next((lv for lv in reference.levels if lv.clients == clients), None)
    level = next((lv for lv in mine.levels if lv.clients == clients), None)
    if theirs is None or level is None or not theirs.throughput:
        return ""
    return f"{level.throughput / theirs.throughput:,.1f}x"


def per_query_table(sizes: list[SizeRun], servers: list[str]) -> list[str]:
    """p50 per query at the lowest client count: where the time goes."""
    rows = [
        "| size | query | " + " | ".join(f"{s} p50 ms" for s in servers) + " |",
        "|---|---|" + "---:|" * len(servers),
    ]
    for size in sizes:
        for template in MIX:
            cells = []
            for server in servers:
                outcome = size.run_of(server)
                level = min(outcome.levels, key=lambda lv: lv.clients) if outcome else None
                cells.append(f"{level.percentile(0.5, template.name):,.1f}" if level else "")
            rows.append(
                f"| {run.label(size.target)} | {template.name} | " + " | ".join(cells) + " |"
            )
    return rows


def failure_lines(sizes: list[SizeRun]) -> list[str]:
    """Failed requests by query and reason, under the table (nothing when none failed)."""
    lines = [
        f"- {run.label(size.target)} {outcome.server}, {level.clients} clients: {level.failures()}"
        for size in sizes
        for outcome in size.runs
        for level in outcome.levels
        if level.failed
    ]
    return ["", "Failed requests:", "", *lines] if lines else []


def agreement(sizes: list[SizeRun]) -> list[str]:
    lines = []
    for size in sizes:
        answered = [r for r in size.runs if r.answers]
        found = differences(size.checked, answered)
        if len(answered) < 2:
            lines.append(f"- {run.label(size.target)}: not compared (one server answered).")
        elif not found:
            rows = sum(
                1 for a in answered[0].answers if a is True or (isinstance(a, frozenset) and a)
            )
            lines.append(
                f"- {run.label(size.target)}: the {len(size.checked)} sampled queries give the "
                f"same rows on every server ({rows} with a non-empty or true answer)."
            )
        else:
            lines.append(
                f"- {run.label(size.target)}: {len(found)} of {len(size.checked)} "
                "sampled queries differ or failed:"
            )
            lines += [f"  - {line}" for line in found]
    return lines


def machine() -> str:
    """The machine and the versions that matter for these numbers; whether uvicorn has
    uvloop and httptools (`uvicorn[standard]`) changes both servers' speed."""
    names = ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "fastapi", "starlette", "uvicorn",
             "httpx", "uvloop", "httptools")  # fmt: skip
    versions = ", ".join(f"{name} {version(name)}" for name in names)
    return (
        f"Machine: {run.hardware()}. Python {platform.python_version()}; {versions}; "
        f"cxgraph at commit {run.commit()}."
    )


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


NOTES = """\
How to read it:
- Each server is a separate process on 127.0.0.1, run alone: `cxgraph serve FILE --memory`
  (Oxigraph in memory) and `rdflib-endpoint serve FILE` (rdflib's in-memory Dataset), each
  under uvicorn with one worker, and `oxigraph serve` (the Oxigraph server from PyPI, in
  memory, the file posted to its graph store once it listens: the same store with no
  Python layer, the ceiling for cxgraph). *ready s* is process start to the first answered query
  (start-up and loading the file); *peak RSS MB* is the server's VmHWM after the run.
- The mix cycles through {count} queries: {names}. Entity IRIs are drawn by a seeded random
  generator from the data, so every server gets the same {requests} requests per level (a
  new draw for each level, so no level is answered from answers kept from the one
  before), sent as SPARQL protocol {method} requests asking for
  `application/sparql-results+json`. {clients} share a level's sequence out; each client is a thread with its own keep-alive
  HTTP/1.1 connection (a lean client writing prepared requests and reading whole answers;
  httpx cost as much CPU per request as the server) in this one Python process, on the
  same cores as the server: *client CPU* is the CPU time this process used over the
  level's wall time (100 % is one core).
  A level stops early after {limit} s (then *requests* is lower). Before timing, {checked}
  sampled queries, then {warmup} warm-up queries, are sent one at a time.
- *req/s* is requests answered over the level's wall time; p50/p99 are nearest-rank
  percentiles of the per-request latency; *failed* counts non-200 answers and transport
  errors. *x rdflib-endpoint* and *x oxigraph* are throughput ratios at the same size and
  client count."""


def section(command_line: str, sizes: list[SizeRun], args: argparse.Namespace) -> str:
    lines = [
        START,
        "## SPARQL endpoint: cxgraph serve, rdflib-endpoint and Oxigraph's server "
        "(`benchmarks/endpoint.py`)",
        "",
        f"`{command_line}`, {datetime.date.today().isoformat()}, portfolios from "
        f"`benchmarks/generate.py` (seed {args.seed}, profile {args.profile}).",
        "",
        machine(),
        "",
        *results_table(sizes),
        *failure_lines(sizes),
        "",
        "Median latency per query at the lowest client count:",
        "",
        *per_query_table(sizes, args.servers),
        "",
        "Same answers (sampled queries, rows compared as sets, numbers by value):",
        "",
        *agreement(sizes),
        "",
        NOTES.format(
            count=len(MIX),
            names=", ".join(t.name for t in MIX),
            requests=f"{args.requests:,}",
            method="form POST" if args.method == "post" else "GET",
            clients=" and ".join(str(c) for c in args.client_list) + " clients",
            limit=f"{args.max_seconds:,.0f}",
            checked=args.check,
            warmup=args.warmup,
        ),
        END,
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- command line


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,1M", help="comma-separated, e.g. 10k,100k,1M")
    parser.add_argument("--clients", default="1,16", help="concurrency levels, e.g. 1,16")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per level")
    parser.add_argument("--servers", default=",".join(SERVERS), help=",".join(SERVERS))
    parser.add_argument("--profile", choices=("clean", "first-import"), default="clean")
    parser.add_argument("--method", choices=("post", "get"), default="post")
    parser.add_argument("--check", type=int, default=3 * len(MIX), help="sampled queries compared")
    parser.add_argument("--warmup", type=int, default=2 * len(MIX), help="untimed queries")
    parser.add_argument("--max-seconds", type=float, default=300, help="time limit per level")
    parser.add_argument("--ready-timeout", type=float, default=1800, help="seconds to load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="replace the section in RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="10k, 1 and 16 clients, 80 requests")
    parser.add_argument(
        "--queries", help="only these queries of the mix, comma-separated (print only)"
    )
    args = parser.parse_args(argv)
    if args.queries:
        if args.write:
            parser.error("--queries only prints: RESULTS.md keeps the whole mix")
        chosen = {name.strip() for name in args.queries.split(",")}
        unknown_queries = sorted(chosen - {t.name for t in MIX})
        if unknown_queries:
            parser.error(f"unknown queries {unknown_queries}; known: {[t.name for t in MIX]}")
        MIX[:] = [t for t in MIX if t.name in chosen]  # the mix is module-wide
    if args.smoke:
        if args.write:
            parser.error("--smoke only prints")
        args.sizes, args.clients, args.requests = "10k", "1,16", 80
        args.check, args.warmup, args.max_seconds = len(MIX), len(MIX), 30
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    unknown = sorted(set(args.servers) - set(SERVERS))
    if unknown:
        parser.error(f"unknown servers {unknown}; known: {', '.join(SERVERS)}")
    args.client_list = [int(c) for c in args.clients.split(",")]
    args.size_list = [parse_size(s) for s in args.sizes.split(",")]
    return args


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    # A server runs in its own process group: turn SIGTERM into an exit so it is stopped too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    run.BUILD.mkdir(parents=True, exist_ok=True)
    sizes = [bench_size(target, args) for target in args.size_list]
    given = argv if argv is not None else sys.argv[1:]
    text = section(" ".join(["python benchmarks/endpoint.py", *given]), sizes, args)
    print(text)
    if args.write:
        run.write_section(text, start=START, end=END)
        print(f"written to {run.RESULTS.relative_to(run.ROOT)}")
    return 0 if healthy(sizes) else 1


def healthy(sizes: list[SizeRun]) -> bool:
    """Every server started, answered every request, and the servers agree on the sample."""
    for size in sizes:
        if any(r.error or any(lv.failed for lv in r.levels) for r in size.runs):
            return False
        if differences(size.checked, [r for r in size.runs if r.answers]):
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
