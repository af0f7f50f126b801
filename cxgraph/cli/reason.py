"""`cxgraph reason`: is the ontology (with optional data) consistent, every class satisfiable?"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgraph.cli.console import errors, output
from cxgraph.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from cxgraph.reasoning import ReasonerResult


class Reasoner(StrEnum):
    """The reasoners `cxgraph reason` can run."""

    HERMIT = "hermit"
    OWL_RL = "owl-rl"


def reason(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Portfolio files or folders to reason over with the ontology.",
            metavar="PATH",
        ),
    ] = None,
    reasoner: Annotated[
        Reasoner,
        typer.Option(
            "--reasoner", "-r", help="hermit: complete OWL 2 DL (needs Java); owl-rl: pure Python."
        ),
    ] = Reasoner.HERMIT,
) -> int:
    """Check that the ontology, plus any data given, is consistent and every class satisfiable."""
    from cxgraph.errors import ReasonerUnavailableError
    from cxgraph.load import load_graph
    from cxgraph.ontology import load_ontology
    from cxgraph.reasoning import check_owl_dl, check_owl_rl

    graph = load_ontology()
    if files:
        load_graph(files, graph)
    try:
        result = check_owl_dl(graph) if reasoner is Reasoner.HERMIT else check_owl_rl(graph)
    except ReasonerUnavailableError as error:
        errors.print(f"error: {error}", markup=False)
        raise typer.Exit(ExitCode.INTERNAL) from None
    output.print(describe(result, triples=len(graph)), markup=False)
    raise typer.Exit(ExitCode.OK if result.ok else ExitCode.FINDINGS)


def describe(result: ReasonerResult, *, triples: int) -> str:
    """Say in a few lines what the reasoner concluded."""
    lines = [f"{result.reasoner} over {triples} triples:"]
    lines.append("  consistent" if result.consistent else "  INCONSISTENT")
    lines.extend(f"  unsatisfiable class: {iri}" for iri in result.unsatisfiable)
    lines.extend(f"  {message}" for message in result.messages)
    if result.ok:
        lines.append("  every class is satisfiable")
    return "\n".join(lines)
