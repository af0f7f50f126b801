"""`cxgraph load` and `cxgraph query`: fill a persistent store and ask it SPARQL."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgraph.cli.console import output, progress_bar, steps
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.store_options import (
    Config,
    DefaultGraph,
    Endpoint,
    StoreDirectory,
    UpdateEndpoint,
    open_store,
)
from cxgraph.errors import InputError

INGEST_STEPS = 4
"""Reading, checking, writing triples, loading them (`cxgraph.ingest`)."""

if TYPE_CHECKING:
    import pyoxigraph as ox

    from cxgraph.store.base import GraphStore


class AnswerFormat(StrEnum):
    """How `cxgraph query` writes answers."""

    JSON = "json"
    XML = "xml"
    CSV = "csv"
    TSV = "tsv"
    TURTLE = "turtle"
    NTRIPLES = "nt"
    JSONLD = "json-ld"


MEDIA_TYPES = {
    AnswerFormat.JSON: "application/sparql-results+json",
    AnswerFormat.XML: "application/sparql-results+xml",
    AnswerFormat.CSV: "text/csv",
    AnswerFormat.TSV: "text/tab-separated-values",
    AnswerFormat.TURTLE: "text/turtle",
    AnswerFormat.NTRIPLES: "application/n-triples",
    AnswerFormat.JSONLD: "application/ld+json",
}


def load(
    files: Annotated[
        list[Path], typer.Argument(help="RDF files or folders to add.", metavar="PATH")
    ],
    store: StoreDirectory = None,
    graph: Annotated[
        str | None, typer.Option("--graph", metavar="IRI", help="Named graph IRI to load into.")
    ] = None,
    endpoint: Endpoint = None,
    update_endpoint: UpdateEndpoint = None,
    default_graph: DefaultGraph = None,
    config: Config = None,
) -> int:
    """Add RDF files to the store in one transaction: all of them, or none on an error."""
    with steps() as step:
        step(f"loading {len(files)} paths")
        target = open_store(store, endpoint, update_endpoint, default_graph, config=config)
        added = target.load(files, graph)
    output.print(f"{added} triples loaded", markup=False, highlight=False)
    raise typer.Exit(ExitCode.OK)


def query(
    sparql: Annotated[
        str, typer.Argument(help="A SPARQL 1.1 query; '-' reads standard input.", metavar="QUERY")
    ],
    store: StoreDirectory = None,
    endpoint: Endpoint = None,
    config: Config = None,
    answer_format: Annotated[
        AnswerFormat | None,
        typer.Option(
            "--format", "-f", help="Answer format (default: csv for SELECT, turtle for graphs)."
        ),
    ] = None,
) -> int:
    """Answer a SPARQL query from the store."""
    text = sys.stdin.read() if sparql == "-" else sparql
    media_type = MEDIA_TYPES[answer_format] if answer_format else "text/csv"
    answer = open_store(store, endpoint, config=config).query(text, media_type)
    sys.stdout.write(answer.body.decode("utf-8"))
    sys.stdout.flush()
    raise typer.Exit(ExitCode.OK)


def ingest(
    data: Annotated[Path, typer.Argument(help="A CSV file of rows (see --kind).", metavar="CSV")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="responses (respondent, question, score, responded_at) or "
            "measurements (indicator, measured_at, value).",
        ),
    ] = "responses",
    survey: Annotated[
        str | None, typer.Option("--survey", metavar="IRI", help="The survey responses answer.")
    ] = None,
    base: Annotated[
        str, typer.Option("--base", metavar="IRI", help="Base IRI of ids in the file.")
    ] = "urn:cxgraph:portfolio:",
    store: StoreDirectory = None,
    endpoint: Endpoint = None,
    update_endpoint: UpdateEndpoint = None,
    default_graph: DefaultGraph = None,
    config: Config = None,
) -> int:
    """Load survey responses or measurements from CSV: every row is checked first, and a bad
    row (named by line and column) loads nothing."""
    from cxgraph.ingest import ingest as ingest_rows

    with progress_bar(INGEST_STEPS) as step:
        target = open_store(store, endpoint, update_endpoint, default_graph, config=config)
        done = ingest_rows(data, target, kind=kind, base=base, survey=survey, progress=step)
    output.print(f"{done.rows} rows, {done.triples} triples loaded", markup=False, highlight=False)
    raise typer.Exit(ExitCode.OK)


class MetricsFormat(StrEnum):
    """How `cxgraph metrics` writes its table."""

    TEXT = "text"
    CSV = "csv"
    JSON = "json"
    TURTLE = "turtle"


def metrics(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Portfolio files or folders (or use a store).", metavar="PATH"),
    ] = None,
    store: StoreDirectory = None,
    endpoint: Endpoint = None,
    config: Config = None,
    update_endpoint: UpdateEndpoint = None,
    default_graph: DefaultGraph = None,
    metrics_format: Annotated[
        MetricsFormat,
        typer.Option("--format", "-f", help="text, csv, json, or turtle (cx:MetricScore)."),
    ] = MetricsFormat.TEXT,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Also add the scores to the store, for the rules and "
            "for SPARQL (with --store or --endpoint).",
        ),
    ] = False,
) -> int:
    """NPS, CSAT and CES computed from the survey responses, per service and month, and per
    touchpoint and channel within it, with NPS margins of error."""
    import csv
    import json

    from cxgraph.measures import compute_metrics, metric_rows, score_triples

    if write and files:
        raise InputError("--write", "writing scores needs a store (--store or --endpoint), "
                         "not portfolio files")  # fmt: skip
    with steps() as step:
        step("counting answers")
        if files:
            from cxgraph.load import load_store

            values = compute_metrics(load_store(files))
        else:
            source = open_store(store, endpoint, update_endpoint, default_graph, config=config)
            values = compute_metrics(source)
            if write:
                step("writing scores")
                _write_scores(source, score_triples(values))
    if metrics_format is MetricsFormat.TURTLE:
        text = _turtle(score_triples(values))
    elif metrics_format is MetricsFormat.JSON:
        text = json.dumps([v.as_dict() for v in values], indent=2) + "\n"
    else:
        rows = metric_rows(values)
        if metrics_format is MetricsFormat.CSV:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            text = buffer.getvalue()
        else:
            widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
            text = "".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                           + "\n" for r in rows)  # fmt: skip
    output.print(text, markup=False, highlight=False, end="")
    raise typer.Exit(ExitCode.OK)


def _turtle(triples: list[ox.Triple]) -> str:
    import pyoxigraph as ox

    prefixes = {"cx": "https://w3id.org/cxgraph#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return (text or b"").decode("utf-8")


def _write_scores(target: GraphStore, triples: list[ox.Triple]) -> None:
    """A score's IRI follows from what it scores, so writing again replaces the earlier
    values of the same scores, in one update: a reader sees the old scores or the new."""
    subjects = sorted({str(t.subject) for t in triples})
    data = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    target.update(
        f"DELETE {{ ?score ?p ?o }} WHERE {{ VALUES ?score {{ {' '.join(subjects)} }} "
        f"?score ?p ?o }} ;\nINSERT DATA {{ {data} }}"
    )
