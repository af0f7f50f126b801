"""Validate generated portfolios with cxgraph, pySHACL and Jena SHACL; compare time, memory, findings.

    python benchmarks/run.py --sizes 10k,100k [--engines cxgraph,pyshacl,jena] [--timeout 1800]
    python benchmarks/run.py --profile first-import --format ttl --sizes 100k,1M,5M
    python benchmarks/run.py --smoke      # CI: 10k, cxgraph and pySHACL, fails if they disagree

Portfolios come from benchmarks/generate.py (seed 1 unless --seed; profile `clean` unless
--profile), cached in build/bench/. cxgraph reads the portfolio in the chosen format (N-Triples
unless --format ttl); pySHACL and Jena read N-Triples (see engines.py).
Each engine validates each size once, in its own process (benchmarks/engines.py). The table,
the findings per rule and the machine's details replace the marked section of
benchmarks/RESULTS.md (the section is appended if the markers are absent); --smoke only prints.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import engines
from engines import Findings, Run
from generate import PROFILES, generate
from generate import size as parse_size

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
START = "<!-- validation-benchmark:start -->"
END = "<!-- validation-benchmark:end -->"
FORMATS = {"nt": "N-Triples", "ttl": "Turtle"}
SLOW_ABOVE = {"pyshacl": 100_000, "cxgraph": 100_000}
"""Engines skipped above this size unless forced: plain pySHACL needs about 10 minutes at
100k and grows linearly; cxgraph still validates with pySHACL inside."""


def label(triples: int) -> str:
    """10000 -> 10k, 1000000 -> 1M."""
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if triples % factor == 0:
            return f"{triples // factor}{suffix}"
    return str(triples)


def portfolio(triples: int, seed: int, profile: str = "clean", suffix: str = "nt") -> Path:
    """The generated file for a size, regenerated only when the generator changed since."""
    name = f"portfolio-{label(triples)}" + ("" if seed == 1 else f"-s{seed}")
    name += "" if profile == "clean" else f"-{profile}"
    path = BUILD / f"{name}.{suffix}"
    sources = [Path(__file__).parent / f for f in ("generate.py", "portfolio_terms.py")]
    if not path.exists() or any(s.stat().st_mtime > path.stat().st_mtime for s in sources):
        count, _ = generate(path, triples, seed, profile)
        print(f"generated {path.name}: {count} triples", flush=True)
    return path


# ---------------------------------------------------------------- running


def bare_portfolio(data: Path, folder: Path) -> Path:
    """The `raw` input: the portfolio alone, as a user would hand it to any SHACL engine."""
    return data


INPUTS = {
    "working": engines.working_input,
    "derived": engines.derived_input,
    "raw": bare_portfolio,
}
"""What pySHACL and Jena read (cxgraph always reads the bare portfolio): see engines.py."""


@dataclass(frozen=True)
class Size:
    """One size's outcome: triples in the portfolio and in what pySHACL and Jena read."""

    target: int
    triples: int
    engine_triples: int
    runs: list[Run | str]  # a skipped engine is a string saying why

    @property
    def reference(self) -> Run | None:
        return next((r for r in self.runs if isinstance(r, Run) and r.engine == "pyshacl"), None)

    @property
    def finished(self) -> list[Run]:
        return [r for r in self.runs if isinstance(r, Run)]


def run_size(target: int, args: argparse.Namespace, shapes: Path) -> Size:
    """Every chosen engine on one size."""
    data = portfolio(target, args.seed, args.profile)
    engine_data = INPUTS[args.input](data, BUILD)
    source = data if args.format == "nt" else portfolio(target, args.seed, args.profile, "ttl")
    runs: list[Run | str] = []
    for engine in args.engines:
        limit = SLOW_ABOVE.get(engine)
        if limit is not None and target > limit and engine not in args.force:
            runs.append(f"{engine}: skipped above {label(limit)} triples (--force {engine} to run)")
            continue
        print(f"{label(target)} {engine} ...", end=" ", flush=True)
        run = engines.run_engine(
            engine, source, engine_data, shapes, args.timeout, args.cxgraph_arg
        )
        total = run.findings.total if run.findings else run.status
        print(f"{run.wall:.1f} s, {run.peak_mb:.0f} MB, {total}", flush=True)
        runs.append(run)
    return Size(target, engines.count_triples(data), engines.count_triples(engine_data), runs)


def agreement(run: Run, reference: Run | None) -> str:
    """yes, or no with how many findings only this engine (+) and only pySHACL (-) has."""
    if run.engine == "pyshacl":
        return "(reference)"
    if run.findings is None or reference is None or reference.findings is None:
        return "n/a"
    mine, theirs = run.findings, reference.findings
    extra = sum((mine.keys - theirs.keys).values())
    missing = sum((theirs.keys - mine.keys).values())
    same_blank = mine.blank_focus == theirs.blank_focus
    if not extra and not missing and same_blank:
        return "yes"
    blank = "" if same_blank else f", blank focus {mine.blank_focus} vs {theirs.blank_focus}"
    return f"no (+{extra} -{missing}{blank})"


# ---------------------------------------------------------------- the Markdown section


def results_table(sizes: list[Size]) -> list[str]:
    rows = [
        "| size | triples | engine | wall s | peak MB | results | agrees with pySHACL |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for size in sizes:
        start = f"| {label(size.target)} | {size.triples:,} |"
        for run in size.runs:
            if isinstance(run, str):
                engine, reason = run.split(": ", 1)
                rows.append(f"{start} {engine} | | | {reason} | |")
                continue
            wall = f"{run.wall:,.1f}" if run.status != "timeout" else f"> {run.wall:,.0f}"
            results = f"{run.findings.total:,}" if run.findings else run.status
            rows.append(
                f"{start} {run.engine} | {wall} | {run.peak_mb:,.0f} | {results} "
                f"| {agreement(run, size.reference)} |"
            )
    return rows


def per_rule_table(sizes: list[Size], names: list[str]) -> list[str]:
    """Findings per rule (named shape) and engine: where engines differ, this says where."""
    rows = [
        "| size | rule | " + " | ".join(names) + " |",
        "|---|---|" + "---:|" * len(names),
    ]
    for size in sizes:
        counts: dict[str, Counter[str]] = {}
        for run in size.finished:
            if run.findings is not None:
                counts[run.engine] = by_rule(run.findings)
        rules = sorted({rule for counter in counts.values() for rule in counter})
        for rule in rules:
            cells = [str(counts[n][rule]) if n in counts else "" for n in names]
            rows.append(f"| {label(size.target)} | {rule} | " + " | ".join(cells) + " |")
    return rows


def by_rule(findings: Findings) -> Counter[str]:
    counter: Counter[str] = Counter()
    for key, times in findings.keys.items():
        counter[key[3].rsplit("#", 1)[-1]] += times
    if findings.blank_focus:
        counter["(blank focus node)"] += findings.blank_focus
    return counter


def hardware() -> str:
    """CPU, cores, memory and kernel, for the head of a results section."""
    cpu = _first(Path("/proc/cpuinfo"), r"model name\s*:\s*(.+)") or platform.processor()
    memory_kb = _first(Path("/proc/meminfo"), r"MemTotal:\s*(\d+)")
    memory = f"{int(memory_kb) / 1024 / 1024:.0f} GB" if memory_kb else "unknown memory"
    return f"{cpu}, {os.cpu_count()} cores, {memory}; Linux {platform.release()}"


def commit() -> str:
    """The short hash of the checked-out commit."""
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()


def machine() -> str:
    """CPU, cores, memory and the versions that matter for these numbers."""
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    jena = sorted(engines.JAVA_DIR.glob("jena-shacl-*.jar"))
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("cxgraph", "rdflib", "pyshacl", "pyoxigraph")
    )
    return (
        f"Machine: {hardware()}. "
        f"Python {platform.python_version()}; {java.splitlines()[0] if java else 'no Java'}; "
        f"{versions}; Apache Jena "
        f"{jena[0].stem.removeprefix('jena-shacl-') if jena else 'absent'} (Debian "
        f"libapache-jena-java); cxgraph at commit {commit()}."
    )


def _first(path: Path, pattern: str) -> str | None:
    if not path.exists():
        return None
    match = re.search(pattern, path.read_text(encoding="utf-8", errors="replace"))
    return match.group(1).strip() if match else None


NOTES = """\
How to read it:
- One run per engine and size, each a separate process. *wall s* is process start to report
  written (interpreter or JVM start, parsing, rules, validation, report); *peak MB* is that
  process's maximum resident set (`ru_maxrss` from `os.wait4`).
- *triples* counts the portfolio file. {triples}
- *results* counts top-level validation results (objects of `sh:result`; cxgraph: findings).
  *agrees with pySHACL* compares the results as a multiset of (focus node, result path, value,
  named source shape, severity); a property shape counts as the rule's node shape that holds it.
  +n are results only this engine reports, -n results only pySHACL reports. {blank}
- Inputs ({input}): every engine gets the same shapes, build/bench/shapes.ttl, written from
  cxgraph's `load_shapes()` (property shapes named so reports can be traced to rules). cxgraph
  reads the portfolio and adds the ontology and its statement analyzer's text cues itself;
  with `--input working` pySHACL and Jena get that same working graph as one N-Triples
  file, prepared untimed (`derived`: plus the facts cxgraph's rules derive; `raw`: the
  portfolio alone).
- pySHACL runs `validate(data, shacl_graph=shapes, inference="none", advanced=True)` as a
  user would: every SHACL-SPARQL query is parsed again per focus node, and the data graph is
  copied. cxgraph also runs pySHACL, but parses each query text once and validates in place.
- Apache Jena 4.5 `shacl validate` does not run SHACL-AF rules (`sh:rule`). Two rules judge
  facts that derivation rules add first: maturity-mismatch (`cx:maturityGap`) and
  survey-sample-size (`cx:achievedMarginOfError`), so Jena cannot report them (see the
  findings per rule). It does run the SPARQL-based targets and constraints."""


def blank_note(sizes: list[Size]) -> str:
    """Say how many results had a blank focus node (compared by count only)."""
    blank = Counter[str]()
    for size in sizes:
        for run in size.finished:
            if run.findings is not None:
                blank[run.engine] += run.findings.blank_focus
    if not any(blank.values()):
        return "No result had a blank focus node, so none was left out of the comparison."
    counts = ", ".join(f"{engine} {count}" for engine, count in blank.items())
    return f"Results on blank focus nodes are compared by count only ({counts})."


def input_note(sizes: list[Size]) -> str:
    """How many triples pySHACL and Jena read beyond the portfolio, per size."""
    counts = ", ".join(
        f"{label(s.target)} {s.engine_triples:,} (+{s.engine_triples - s.triples:,})" for s in sizes
    )
    return f"Triples pySHACL and Jena read: {counts}."


def markers(profile: str) -> tuple[str, str]:
    """Each profile keeps its own section of RESULTS.md."""
    if profile == "clean":
        return START, END
    return START.replace(":start", f"-{profile}:start"), END.replace(":end", f"-{profile}:end")


def section(command: str, sizes: list[Size], args: argparse.Namespace) -> str:
    names = [e for e in engines.ENGINES if e in args.engines]
    today = datetime.date.today().isoformat()
    start, end = markers(args.profile)
    title = "Validating large portfolios: cxgraph, pySHACL and Apache Jena SHACL"
    if args.profile != "clean":
        title += f", {args.profile} profile"
    lines = [
        start,
        f"## {title} (`benchmarks/run.py`)",
        "",
        f"`{command}`, {today}, portfolios from `benchmarks/generate.py` (seed {args.seed}, "
        f"profile {args.profile}; cxgraph reads {FORMATS[args.format]}, the other engines "
        "N-Triples).",
        "",
        machine(),
        "",
        *results_table(sizes),
        "",
        "Results per rule:",
        "",
        *per_rule_table(sizes, names),
        "",
        NOTES.format(
            input=f"`--input {args.input}`", blank=blank_note(sizes), triples=input_note(sizes)
        ),
        end,
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = RESULTS, start: str = START, end: str = END) -> None:
    """Replace the text between the markers, or append it; nothing else in the file changes."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1].removeprefix("\n")
        path.write_text(before + text + after, encoding="utf-8")
    else:
        path.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")


# ---------------------------------------------------------------- command line


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,100k,1M")
    parser.add_argument("--engines", default=",".join(engines.ENGINES), help="cxgraph,pyshacl,jena")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per engine run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", choices=sorted(PROFILES), default="clean", help="see benchmarks/generate.py"
    )
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="nt", help="what cxgraph reads"
    )
    parser.add_argument(
        "--input",
        choices=sorted(INPUTS),
        default="working",
        help="what pySHACL and Jena read: cxgraph's working graph (default), that plus derived "
        "facts, or the bare portfolio",
    )
    parser.add_argument("--cxgraph-arg", action="append", default=[], help="extra cxgraph argument")
    parser.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="ENGINE",
        help="run this engine above its size limit too (cxgraph, pyshacl: 100k)",
    )
    parser.add_argument("--print-only", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="10k, cxgraph and pySHACL, print only")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.engines = "10k", "cxgraph,pyshacl"
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(args.engines) - set(engines.ENGINES))
    if unknown:
        parser.error(f"unknown engines {unknown}; known: {', '.join(engines.ENGINES)}")
    args.size_list = [parse_size(s) for s in args.sizes.split(",")]
    return args


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    BUILD.mkdir(parents=True, exist_ok=True)
    shapes = engines.shapes_file(BUILD)
    sizes = [run_size(target, args, shapes) for target in args.size_list]
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = section(command.strip(), sizes, args)
    print(text)
    if args.smoke:
        return smoke_verdict(sizes)
    if args.print_only:
        return 0
    write_section(text, RESULTS, *markers(args.profile))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def smoke_verdict(sizes: list[Size]) -> int:
    """CI: every run finished, and cxgraph found exactly what plain pySHACL found."""
    for size in sizes:
        if any(r.status != "ok" for r in size.finished):
            return 1
        verdicts = [agreement(r, size.reference) for r in size.finished]
        if any(v not in ("yes", "(reference)") for v in verdicts):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
