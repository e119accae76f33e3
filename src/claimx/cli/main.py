"""The console script: the app with its commands, and how a run ends on the terminal."""

from __future__ import annotations

import inspect
import os
import sys

import typer

# Importing a command module registers its command on `app`.
from claimx.cli import compare, extract, match, schema  # noqa: F401
from claimx.cli.app import INTERRUPTED, app, debugging


def _one_line_paragraphs(text: str) -> str:
    """The docstring with each paragraph on one line: typer's rich markup keeps single line
    breaks, so the help would break its sentences where the source wraps them."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        lines[0] + "".join(f" {line.strip()}" for line in lines[1:])
        for lines in (paragraph.split("\n") for paragraph in paragraphs)
    )


for _command in app.registered_commands:
    if _command.help is None and _command.callback is not None:
        _command.help = _one_line_paragraphs(inspect.getdoc(_command.callback) or "")


def main() -> None:
    """The console script: an unexpected error is one line on stderr, unless debugging."""
    try:
        app()
    except SystemExit as exc:
        if exc.code == INTERRUPTED:  # typer's word for Ctrl-C, which it otherwise keeps silent
            print("claimx: interrupted", file=sys.stderr)
        raise
    except KeyboardInterrupt:
        # Ctrl-C: what was written stays whole (records are written a line at a time).
        print("claimx: interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except BrokenPipeError:
        # `claimx extract ... | head`: the reader has all it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        if debugging():
            raise
        message = " ".join(str(exc).split())
        typer.echo(
            f"claimx: internal error: {type(exc).__name__}: {message} "
            f"(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(1)
