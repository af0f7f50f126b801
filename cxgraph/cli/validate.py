"""`cxgraph validate`: judge portfolio files against the rules."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgraph.cli.console import steps, write_report
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.files import open_atomically, repository_root, write_atomically
from cxgraph.cli.store_options import Endpoint, UpdateEndpoint
from cxgraph.engine.modes import Engine
from cxgraph.formatters import OutputFormat, format_for, render
from cxgraph.severity import Severity

if TYPE_CHECKING:
    from cxgraph.report import Finding, Report
    from cxgraph.validation import Validator

# Commands import the library inside their bodies: `cxgraph --help` and the options'
# parsing then need none of rdflib, pySHACL or spaCy.


def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Portfolio files or folders (Turtle, N-Triples, JSON-LD, RDF/XML, TriG), "
            "or none with --endpoint.",
            metavar="PATH",
        ),
    ] = None,
    shapes: Annotated[
        list[Path] | None,
        typer.Option(
            "--shapes",
            metavar="FILE",
            help="Extra SHACL shapes file, added to the project's rules.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="Report format (default: from --output's extension, else text)."
        ),
    ] = None,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here (.sarif, .xml, .json, .jsonl, .ttl, .jsonld, .txt).",
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Lowest severity that fails the run: violation, warning, info or none.",
        ),
    ] = "violation",
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="TOML file that switches rules off, re-grades them or sets parameters."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", metavar="GLOB", help="Skip files whose path or name matches this glob."
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Fail only on findings not in this file (see `cxgraph baseline`)."
        ),
    ] = None,
    engine: Annotated[Engine, ENGINE_OPTION] = Engine.AUTO,
    endpoint: Endpoint = None,
    update_endpoint: UpdateEndpoint = None,
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help="With --endpoint: copy the dataset and judge it here, rather than run the "
            "rules as queries in the database (which needs the update endpoint, for "
            "cxgraph's working graph, dropped afterwards).",
        ),
    ] = False,
) -> int:
    """Validate portfolio files, or a SPARQL database (--endpoint), against the cxgraph
    rules and print the report."""
    from cxgraph.baseline import read_baseline
    from cxgraph.validation import Validator

    failing_at = threshold(fail_on)
    chosen = _format(output_format, output_file)
    validator = Validator.from_config(config, extra_shapes=shapes or [], engine=engine)
    recorded = read_baseline(baseline) if baseline else set()
    if not files and not endpoint:
        raise typer.BadParameter("give portfolio files or folders, or --endpoint")
    if not files:
        from cxgraph.cli.store_options import open_store

        store = open_store(None, endpoint, update_endpoint, None, config=config)
        if chosen is OutputFormat.JSONL and not copy:
            streamed = validator.stream(store, baseline=recorded)
            failed = _stream(streamed, output_file, failing_at)
            raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)
        with steps() as step:
            report = validator.validate(store, baseline=recorded, progress=step,
                                        push_down=not copy)  # fmt: skip
    else:
        report = judge(validator, files or [], exclude or [], recorded)
    text = render(report, chosen, validator.catalog)
    if output_file is None:
        write_report(text)
    else:
        write_atomically(output_file, text if text.endswith("\n") else text + "\n")
        # The log still shows file:line:column findings, so one run serves both.
        write_report(render(report, OutputFormat.TEXT))
    failing = failing_at is not None and report.at_or_above(failing_at)
    raise typer.Exit(ExitCode.FINDINGS if failing else ExitCode.OK)


def _stream(
    findings: Iterator[Finding], output_file: Path | None, failing_at: Severity | None
) -> bool:
    """Write JSON Lines as the findings come (`Validator.stream`), so that none is held once
    written; whether the run fails at `failing_at`."""
    from cxgraph.formatters.json_lines import Tally, lines

    tally = Tally()
    if output_file is None:
        for line in lines(findings, tally):
            sys.stdout.write(line)
    else:
        with open_atomically(output_file) as stream:
            stream.writelines(lines(findings, tally))
        summary = ", ".join(f"{n} {severity}s" for severity, n in tally.summary().items())
        sys.stderr.write(f"{'conforms' if tally.conforms else 'does not conform'}: {summary}\n")
    return failing_at is not None and tally.any_at_or_above(failing_at)


ENGINE_OPTION = typer.Option(
    "--engine",
    help="compiled: shapes run as SPARQL in the store; pyshacl: pySHACL judges all; "
    "auto: compiled, with pySHACL for shapes the compiler does not translate.",
)


def judge(
    validator: Validator,
    files: list[Path],
    exclude: list[str] | None = None,
    baseline: set[str] | None = None,
) -> Report:
    """Validate portfolio files, findings placed relative to the repository root."""
    from cxgraph.load import find_rdf_files

    sources = find_rdf_files(files, exclude or [])
    with steps() as step:
        return validator.validate(
            sources, baseline=baseline or (), relative_to=repository_root(), progress=step
        )


def _format(chosen: OutputFormat | None, output_file: Path | None) -> OutputFormat:
    if chosen is not None:
        return chosen
    if output_file is None:
        return OutputFormat.TEXT
    implied = format_for(output_file)
    if implied is None:
        raise typer.BadParameter(
            f"cannot tell the format from {output_file.name!r}; give --format",
            param_hint="--output",
        )
    return implied


def threshold(name: str, option: str = "--fail-on") -> Severity | None:
    """The severity a `--fail-on`-style option names; None for "none"."""
    if name == "none":
        return None
    try:
        return Severity(name)
    except ValueError:
        raise typer.BadParameter(
            f"{name!r} is not one of violation, warning, info, none", param_hint=option
        ) from None
