"""Run one SHACL validation per engine, each in its own process, and read back its findings.

Engines: `cxgraph` (the `cxgraph validate` console script), `pyshacl` (benchmarks/pyshacl_runner.py)
and `jena` (Apache Jena SHACL 4.5 from Debian's libapache-jena-java, command class shacl.shacl).

Each run is a separate process so wall time (process start to report written) and peak
resident memory (the child's own `ru_maxrss`, from `os.wait4`) cover the whole job: start-up,
parsing, validation and writing the report. Nothing is shared between runs but files.

Inputs, so the engines judge the same thing:
- the shapes: everything cxgraph's `load_shapes()` loads, written once to build/bench/shapes.ttl.
  Property shapes get IRIs there (they are blank nodes in shapes/) so every engine's
  `sh:sourceShape` can be traced back to the rule's named shape;
- the data: cxgraph reads the portfolio itself and adds, before validating, the ontology and
  the statement analyzer's text cues (`cxgraph.validation.working.prepare`). pySHACL and Jena
  get that same working graph as one N-Triples file ("working" input, prepared untimed);
  with "derived" input also the facts cxgraph's rules derive; with "raw" input only the
  portfolio.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

ENGINES = ("cxgraph", "pyshacl", "jena")
HERE = Path(__file__).resolve().parent
JAVA_DIR = Path("/usr/share/java")
JENA_DEPENDENCIES = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "protobuf-util",
    "thrift",
    "titanium-json-ld",
    "slf4j-api",
    "slf4j-nop",
)
"""The jars of libapache-jena-java's Depends. Not /usr/share/java/*: that puts both
log4j-over-slf4j and slf4j-log4j12 on the classpath, and SLF4J refuses to start."""

BENCH_IRI = "https://w3id.org/cxgraph/bench/property-shape/"

Key = tuple[str, str | None, str | None, str, str]
"""A finding as the engines can all state it: focus, path, value, named shape, severity."""


# ---------------------------------------------------------------- measuring a process


@dataclass(frozen=True)
class Measured:
    wall: float
    peak_kb: int
    returncode: int | None  # None when the run was stopped at its timeout


def measure(
    command: list[str],
    stdout: Path,
    stderr: Path,
    timeout: float,
    environment: dict[str, str] | None = None,
    *,
    cold: bool = True,
) -> Measured:
    """Run `command` alone (with `environment` added to this process's); return wall time,
    the child's peak RSS and its exit code.

    `os.wait4` gives the rusage of exactly this child (RUSAGE_CHILDREN would give the
    largest child so far). A run past `timeout` is killed with its process group.
    """
    with stdout.open("wb") as out, stderr.open("wb") as errors:
        started = time.perf_counter()
        # No statement-parse cache: preparing the other engines' input parses every statement
        # first, and a user's first import starts cold.
        settings = {**os.environ, **({"CXGRAPH_CACHE_DIR": "off"} if cold else {}),
                    **(environment or {})}  # fmt: skip
        process = subprocess.Popen(
            command, stdout=out, stderr=errors, start_new_session=True, env=settings
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            elapsed = time.perf_counter() - started
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                return Measured(elapsed, usage.ru_maxrss, process.returncode)
            if elapsed > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -signal.SIGKILL
                return Measured(elapsed, usage.ru_maxrss, None)
            time.sleep(0.02)


def measure_or_exit(
    command: list[str], folder: Path, environment: dict[str, str] | None = None
) -> tuple[float, float]:
    """`measure` with output files in `folder`, no time limit and the statement cache as
    the user has it: (wall seconds, peak MB), or the benchmark ends with the command's
    error."""
    stdout, stderr = folder / "command.out", folder / "command.err"
    measured = measure(command, stdout, stderr, float("inf"), environment, cold=False)
    if measured.returncode != 0:
        error = stderr.read_text(encoding="utf-8", errors="replace").strip()
        sys.exit(f"{' '.join(command[:2])} failed: {error[-800:]}")
    return measured.wall, measured.peak_kb / 1024


# ---------------------------------------------------------------- inputs


def shapes_file(folder: Path) -> Path:
    """Write cxgraph's rule shapes to one Turtle file, property shapes named (see module doc)."""
    from cxgraph.validation import load_shapes

    shapes = load_shapes()
    names: Counter[str] = Counter()
    for parent, blank in sorted(shapes.subject_objects(SH.property), key=str):
        if isinstance(blank, BNode):
            name = f"{_local(parent)}-{_local(shapes.value(blank, SH.path))}"
            names[name] += 1
            _rename(shapes, blank, URIRef(f"{BENCH_IRI}{name}-{names[name]}"))
    path = folder / "shapes.ttl"
    shapes.serialize(path, format="turtle", encoding="utf-8")
    return path


def _local(node: Node | None) -> str:
    return re.split(r"[#/]", str(node))[-1] if isinstance(node, URIRef) else "node"


def _rename(graph: Graph, old: Node, new: URIRef) -> None:
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))


def working_input(data: Path, folder: Path) -> Path:
    """Data + ontology + text cues as one N-Triples file: the graph cxgraph hands to pySHACL.

    The cues come from cxgraph's own analyzer over the portfolio and the ontology; the
    portfolio itself is copied byte for byte. Rebuilt every time (seconds even at 1M), so
    a changed ontology or analyzer is never missed.
    """
    from cxgraph.analysis import cue_quads, outcome_statements
    from cxgraph.load import load_store
    from cxgraph.ontology import load_ontology
    from cxgraph.resources import ontology_files

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    load_store(ontology_files(), store)
    cues = [
        ox.Triple(q.subject, q.predicate, q.object) for q in cue_quads(outcome_statements(store))
    ]
    extra = load_ontology().serialize(format="nt", encoding="utf-8")
    extra += ox.serialize(cues, format=ox.RdfFormat.N_TRIPLES) or b""
    return _with_extra(data, extra, folder / f"{data.stem}.working.nt")


def derived_input(data: Path, folder: Path) -> Path:
    """The working graph plus every fact cxgraph's SHACL-AF rules derive from it.

    For engines that do not run `sh:rule` (Jena 4.5): with the derived facts given, any
    remaining difference is one of validation, not of rule support. Deriving is untimed.
    """
    from cxgraph.load import load_graph
    from cxgraph.validation import Validator

    working = working_input(data, folder)
    derived = Validator().derive(load_graph([data]))
    return _with_extra(
        working,
        derived.serialize(format="nt", encoding="utf-8"),
        folder / f"{data.stem}.derived.nt",
    )


def _with_extra(source: Path, extra: bytes, path: Path) -> Path:
    """Copy `source` and append `extra` (N-Triples), through a temporary file."""
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out, source.open("rb") as original:
        shutil.copyfileobj(original, out)
        out.write(extra)
    partial.replace(path)
    return path


def jena_classpath(folder: Path) -> str:
    """Jena's jars, its dependencies, and the Xerces messages Debian's shaded copy lacks.

    The messages come from the Xerces 2.12 jar bundled with owlready2, moved from
    org/apache/xerces/... to xerces/... where Debian's shaded package looks for them.
    """
    jena = sorted(p for p in JAVA_DIR.glob("jena-*.jar") if not re.search(r"-\d", p.stem))
    dependencies = [JAVA_DIR / f"{name}.jar" for name in JENA_DEPENDENCIES]
    missing = [str(p) for p in [*jena, *dependencies] if not p.exists()]
    if not jena or missing:
        raise FileNotFoundError(
            f"Jena jars missing (apt-get install libapache-jena-java): {missing}"
        )
    return os.pathsep.join(str(p) for p in [*jena, *dependencies, _xerces_messages(folder)])


def _xerces_messages(folder: Path) -> Path:
    import owlready2

    target = folder / "jena-xerces-messages"
    jars = sorted((Path(owlready2.__file__).parent / "pellet").glob("xercesImpl-*.jar"))
    if not jars:
        raise FileNotFoundError("no xercesImpl-*.jar under owlready2/pellet")
    with zipfile.ZipFile(jars[-1]) as jar:
        for name in jar.namelist():
            if re.fullmatch(r"org/apache/xerces/impl/(msg|xpath/regex)/[^/]+\.properties", name):
                destination = target / name.removeprefix("org/apache/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(jar.read(name))
    return target


# ---------------------------------------------------------------- running an engine


@dataclass(frozen=True)
class Run:
    engine: str
    wall: float
    peak_mb: float
    status: str  # "ok", "timeout" or "failed (exit N)"
    findings: Findings | None


@dataclass(frozen=True)
class Findings:
    """Top-level validation results, keyed; blank focus nodes are only counted."""

    keys: Counter[Key]
    blank_focus: int

    @property
    def total(self) -> int:
        return sum(self.keys.values()) + self.blank_focus


def cxgraph_script() -> str:
    beside = Path(sys.executable).parent / "cxgraph"
    found = str(beside) if beside.exists() else shutil.which("cxgraph")
    if found is None:
        raise FileNotFoundError("the cxgraph console script is not installed")
    return found


def command(engine: str, data: Path, shapes: Path, report: Path, extra: list[str]) -> list[str]:
    """The command line of one engine's run; `extra` goes to cxgraph (e.g. a future --engine)."""
    if engine == "cxgraph":
        return [
            cxgraph_script(),
            "validate",
            str(data),
            "--format",
            "json",
            "--fail-on",
            "none",
            "-o",
            str(report),
            *extra,
        ]
    if engine == "pyshacl":
        return [
            sys.executable,
            str(HERE / "pyshacl_runner.py"),
            str(data),
            str(shapes),
            str(report),
        ]
    if engine == "jena":
        classpath = jena_classpath(report.parent)
        return [
            "java",
            "-cp",
            classpath,
            "shacl.shacl",
            "validate",
            "--shapes",
            str(shapes),
            "--data",
            str(data),
        ]
    raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")


REPORT_SUFFIX = {"cxgraph": ".json", "pyshacl": ".nt", "jena": ".ttl"}


def run_engine(
    engine: str,
    data: Path,
    engine_data: Path,
    shapes: Path,
    timeout: float,
    extra: list[str] | None = None,
) -> Run:
    """Validate once; cxgraph reads `data`, the other engines `engine_data` (see module doc)."""
    report = data.parent / f"report-{data.stem}-{engine}{REPORT_SUFFIX[engine]}"
    report.unlink(missing_ok=True)
    log = report.with_suffix(".log")
    source = data if engine == "cxgraph" else engine_data
    # Jena writes its report to stdout; cxgraph prints a text report there, kept in a log.
    stdout = report if engine == "jena" else report.with_suffix(".stdout")
    measured = measure(command(engine, source, shapes, report, extra or []), stdout, log, timeout)
    if measured.returncode is None:
        status = "timeout"
    elif measured.returncode != 0 or not report.exists():
        status = f"failed (exit {measured.returncode}, see {log})"
    else:
        status = "ok"
    findings = read_findings(engine, report, shapes) if status == "ok" else None
    return Run(engine, measured.wall, measured.peak_kb / 1024, status, findings)


# ---------------------------------------------------------------- reading reports


def read_findings(engine: str, report: Path, shapes_path: Path) -> Findings:
    if engine == "cxgraph":
        return json_findings(report)
    shapes = Graph().parse(shapes_path, format="turtle")
    fmt = "nt" if report.suffix == ".nt" else "turtle"
    return graph_findings(Graph().parse(report, format=fmt), shapes)


def json_findings(report: Path) -> Findings:
    """cxgraph's JSON report; a focus without a colon is a blank node label."""
    keys: Counter[Key] = Counter()
    blank = 0
    for finding in json.loads(report.read_text(encoding="utf-8"))["findings"]:
        if ":" not in finding["focus"]:
            blank += 1
            continue
        keys[
            (
                finding["focus"],
                finding["path"],
                _number_by_value(finding["value"]),
                finding["shape"],
                finding["severity"],
            )
        ] += 1
    return Findings(keys, blank)


def _number_by_value(value: str | None) -> str | None:
    """A number compared by value: the store writes decimal 126.0 as 126 (XSD canonical form)."""
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


def graph_findings(report: Graph, shapes: Graph) -> Findings:
    """Top-level results (objects of sh:result; nested sh:detail results explain them)."""
    keys: Counter[Key] = Counter()
    blank = 0
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        if focus is None or isinstance(focus, BNode):
            blank += 1
            continue
        severity = report.value(result, SH.resultSeverity)
        keys[
            (
                str(focus),
                _term(report.value(result, SH.resultPath)),
                _number_by_value(_term(report.value(result, SH.value))),
                named_shape(shapes, report.value(result, SH.sourceShape)),
                str(severity).rsplit("#", 1)[-1].lower(),
            )
        ] += 1
    return Findings(keys, blank)


def _term(node: Node | None) -> str | None:
    if node is None:
        return None
    return "_:" if isinstance(node, BNode) else str(node)


def named_shape(shapes: Graph, shape: Node | None) -> str:
    """The rule's named shape: property shapes report the node shape that holds them."""
    node = shape
    while (
        node is not None
        and (parent := shapes.value(predicate=SH.property, object=node)) is not None
    ):
        node = parent
    return _term(node) or ""


def count_triples(path: Path) -> int:
    """Lines of an N-Triples file that hold a triple."""
    with path.open("rb") as lines:
        return sum(1 for line in lines if line.strip() and not line.startswith(b"#"))
