"""`cxgraph baseline`: record the current findings, so later runs fail only on new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgraph.cli.console import output
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.cli.files import write_atomically
from cxgraph.cli.validate import judge


def baseline(
    files: Annotated[
        list[Path], typer.Argument(help="Portfolio files or folders.", metavar="PATH")
    ],
    output_file: Annotated[
        Path, typer.Option("--output", "-o", help="Baseline file to write.")
    ] = Path("cxgraph-baseline.json"),
    shapes: Annotated[
        list[Path] | None, typer.Option("--shapes", metavar="FILE", help="Extra SHACL shapes file.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML rule settings.")] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", metavar="GLOB", help="Skip files whose path or name matches this glob."
        ),
    ] = None,
) -> int:
    """Write the fingerprints of today's findings; `validate --baseline` then ignores them."""
    from cxgraph.baseline import baseline_document
    from cxgraph.validation import Validator

    validator = Validator.from_config(config, extra_shapes=shapes or [])
    report = judge(validator, files, exclude or [])
    write_atomically(output_file, baseline_document(report))
    active = sum(1 for f in report.findings if f.status == "active")
    output.print(f"{output_file}: {active} findings recorded", markup=False, highlight=False)
    raise typer.Exit(ExitCode.OK)
