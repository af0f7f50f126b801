"""The `cxgraph` command: composes the subcommands, each in its own module."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from typer._completion_classes import completion_init
from typer.completion import install_callback, show_callback

from cxgraph import __version__
from cxgraph.cli import (
    authoring,
    baseline,
    infer,
    ontology,
    reason,
    report,
    rules,
    serve,
    store,
    validate,
)
from cxgraph.cli.console import errors, output
from cxgraph.cli.exit_codes import ExitCode, exit_codes_help
from cxgraph.errors import InputError

app = typer.Typer(
    name="cxgraph",
    help=(
        "Knowledge graph and rule engine for customer experience and Unified Service "
        # "\b" keeps Click from joining the exit codes into one paragraph.
        f"Management.\n\n\b\n{exit_codes_help()}"
    ),
    no_args_is_help=True,
    # Typer's own completion options detect the shell and ignore a shell named after them;
    # the options below (Typer's callbacks) take the shell, so the result never depends on
    # which shell happens to run cxgraph.
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, as linters print it: rendering it with rich would cost a pre-commit hook
    # a fifth of a second of imports on every `--help`.
    rich_markup_mode=None,
)


class Shell(StrEnum):
    """Shells Typer writes completion scripts for."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"
    PWSH = "pwsh"


def _print_version(value: bool) -> None:
    if value:
        output.print(f"cxgraph {__version__}", markup=False, highlight=False)
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        Shell | None,
        typer.Option(
            "--install-completion",
            callback=install_callback,
            expose_value=False,
            metavar="SHELL",
            help="Install completion for SHELL (bash, zsh, fish, powershell, pwsh) and exit.",
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            "--show-completion",
            callback=show_callback,
            expose_value=False,
            metavar="SHELL",
            help="Print the completion script for SHELL, to install it yourself, and exit.",
        ),
    ] = None,
) -> None:
    """Options of cxgraph itself, before the command."""


# The answers to the scripts' requests speak Typer's protocol; add_completion would register it.
completion_init()
app.command("validate")(validate.validate)
app.command("baseline")(baseline.baseline)
app.command("infer")(infer.infer)
app.command("load")(store.load)
app.command("query")(store.query)
app.command("ingest")(store.ingest)
app.command("metrics")(store.metrics)
app.command("report")(report.report)
app.command("serve")(serve.serve)
app.command("rules")(rules.rules)
app.command("reason")(reason.reason)
app.command("import")(authoring.import_)
app.command("export")(authoring.export)
app.command("schema")(authoring.schema)
app.add_typer(ontology.app, name="ontology")


def main(args: list[str] | None = None) -> int:
    """Run the command line and return its exit code (see `ExitCode`)."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="cxgraph", standalone_mode=False)
    except InputError as error:
        errors.print(f"error: {error}", markup=False, highlight=False)
        return ExitCode.INPUT
    except typer.TyperException as error:
        # Typer 0.29 vendors Click; every usage error (bad option, missing argument, bare
        # command group) derives from TyperException and can show itself.
        show = getattr(error, "show", None)
        if callable(show):
            show()
        return ExitCode.USAGE
    except typer.Abort:
        return ExitCode.USAGE
    except SystemExit as error:
        # Typer's completion options, and its answers to the shell's requests, call sys.exit.
        if error.code is None:
            return ExitCode.OK
        return error.code if isinstance(error.code, int) else ExitCode.INTERNAL
    except Exception as error:
        if _unavailable(error):
            errors.print(f"error: {error}", markup=False, highlight=False)
            return ExitCode.UNAVAILABLE
        errors.print(f"internal error: {type(error).__name__}: {error}", markup=False)
        errors.print("This is a bug in cxgraph; please report it.", markup=False)
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK


def _unavailable(error: Exception) -> bool:
    """A remote store that did not answer (its module is loaded only if a store was used)."""
    remote = sys.modules.get("cxgraph.store.remote")
    return remote is not None and isinstance(error, remote.RemoteStoreError)


def run() -> None:
    """Entry point of the `cxgraph` console script."""
    sys.exit(main())
