"""The typer application and what every command shares: --version, --debug, logging.

The commands register themselves on `app` from their own modules (claimx.cli.main imports
them); this module imports none of them.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from claimx import __version__

# With it set (or --debug), unexpected errors show their traceback and the log is verbose.
DEBUG_ENV = "CLAIMX_DEBUG"
# The exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130

app = typer.Typer(
    name="claimx",
    help="Extract entities, quotes, dates and check-worthy claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    # A traceback's local variables can hold article text: never print them.
    pretty_exceptions_show_locals=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"claimx {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar=DEBUG_ENV,
            help="Show the traceback of an unexpected error, and debug logs, on stderr.",
        ),
    ] = False,
) -> None:
    """Extract entities, quotes, dates and check-worthy claims from news articles.

    Start with [bold]claimx extract corpus/[/bold]; see [bold]claimx COMMAND --help[/bold].
    """
    if debug:
        os.environ[DEBUG_ENV] = "1"  # worker processes inherit it
    configure_logging(debug=debug)


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to `sys.stderr` as it is at each message: while the progress bar shows, that is
    rich's proxy, which puts the line above the bar instead of onto it."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(*, debug: bool) -> None:
    """Library code logs; the CLI shows warnings (debug: everything) on stderr, one line each."""
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("claimx: %(message)s"))
    root = logging.getLogger("claimx")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
