"""The typer application: the commands are registered from their own modules."""

from __future__ import annotations

from typing import Annotated

import typer

from claimx import __version__

app = typer.Typer(
    name="claimx",
    help="Extract entities, quotes, dates and check-worthy claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
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
) -> None:
    """Extract entities, quotes, dates and check-worthy claims from news articles.

    Start with [bold]claimx extract corpus/[/bold]; see [bold]claimx COMMAND --help[/bold].
    """


def _register() -> None:
    # Imported here so that each command module can import `app` without a cycle.
    from claimx.cli import compare, extract, match, schema  # noqa: F401


_register()


def main() -> None:
    app()
