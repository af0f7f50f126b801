"""The `cxgraph` command: composes the subcommands, each in its own module."""

from __future__ import annotations

import sys

import typer

from cxgraph.cli import baseline, infer, ontology, reason, rules, serve, store, validate
from cxgraph.cli.console import errors
from cxgraph.cli.exit_codes import ExitCode
from cxgraph.errors import InputError
from cxgraph.store import RemoteStoreError

app = typer.Typer(
    name="cxgraph",
    help=(
        "Knowledge graph and rule engine for customer experience and Unified Service "
        "Management.\n\nExit codes: 0 nothing at or above --fail-on; 1 findings at or above "
        "it; 2 usage error; 3 an input could not be read; 4 internal error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("validate")(validate.validate)
app.command("baseline")(baseline.baseline)
app.command("infer")(infer.infer)
app.command("load")(store.load)
app.command("query")(store.query)
app.command("serve")(serve.serve)
app.command("rules")(rules.rules)
app.command("reason")(reason.reason)
app.add_typer(ontology.app, name="ontology")


def main(args: list[str] | None = None) -> int:
    """Run the command line and return its exit code (see `ExitCode`)."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="cxgraph", standalone_mode=False)
    except InputError as error:
        errors.print(f"error: {error}", markup=False, highlight=False)
        return ExitCode.INPUT
    except RemoteStoreError as error:
        errors.print(f"error: {error}", markup=False, highlight=False)
        return ExitCode.UNAVAILABLE
    except typer.TyperException as error:
        # Typer 0.29 vendors Click; every usage error (bad option, missing argument, bare
        # command group) derives from TyperException and can show itself.
        show = getattr(error, "show", None)
        if callable(show):
            show()
        return ExitCode.USAGE
    except typer.Abort:
        return ExitCode.USAGE
    except Exception as error:
        errors.print(f"internal error: {type(error).__name__}: {error}", markup=False)
        errors.print("This is a bug in cxgraph; please report it.", markup=False)
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK


def run() -> None:
    """Entry point of the `cxgraph` console script."""
    sys.exit(main())
