"""`claimx extract`: articles in, one record per article out."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO, Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import (
    FormatOption,
    GlobOption,
    JobsOption,
    ModelOption,
    NoColorOption,
    OutputOption,
    PathsArgument,
    QuietOption,
    ReferenceDateOption,
    fail,
    input_paths,
    report_errors,
)
from claimx.output import OutputFormat, resolve_format
from claimx.reading import DEFAULT_MAX_BYTES


@app.command("extract")
def extract_cli(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.auto,
    output: OutputOption = None,
    glob: GlobOption = None,
    reference_date: ReferenceDateOption = None,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    include_text: Annotated[
        bool,
        typer.Option("--include-text", help="Add each document's text to its record.",
                     rich_help_panel="Output"),
    ] = False,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=1, help="Skip (with an error) inputs larger than this.",
                     rich_help_panel="Input"),
    ] = DEFAULT_MAX_BYTES,
    clean: Annotated[
        bool,
        typer.Option("--clean/--no-clean",
                     help="Find and skip boilerplate (navigation, comment forms...).",
                     rich_help_panel="Extraction"),
    ] = True,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.",
                     rich_help_panel="Performance"),
    ] = 16,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Tables also list the boilerplate ranges.",
                     rich_help_panel="Output"),
    ] = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Extract entities, quotes, dates and claims from articles.

    PATHS are files or directories (walked recursively, in sorted order); [bold]-[/bold] or
    no PATHS reads one document from standard input. Output is tables on a terminal and
    JSON Lines otherwise, one record per document.

    [bold]Examples[/bold]

      claimx extract corpus/

      claimx extract corpus/ --format jsonl | jq '.quotes[] | {speaker: .speaker.entity, text}'

      claimx extract articles.jsonl -o records.json --reference-date 2025-11-06 -j 2
    """
    from claimx.extract import ExtractOptions, extract_paths

    options = ExtractOptions(
        model=model,
        reference_date=reference_date.isoformat() if isinstance(reference_date, date) else None,
        include_text=include_text,
        clean=clean,
        batch_size=batch_size,
        jobs=jobs,
    )
    inputs = input_paths(paths)
    with ExitStack() as stack:
        stream: IO[str] = sys.stdout
        if output is not None:
            stream = stack.enter_context(output.open("w", encoding="utf-8", newline="\n"))
        fmt = resolve_format(
            output_format if output is None else _file_format(output_format, output),
            to_terminal=stream.isatty(),
        )
        records = extract_paths(inputs, options, globs=tuple(glob or ()), max_bytes=max_bytes)
        failures = report_errors(
            records, fmt, stream, no_color=no_color, quiet=quiet, verbose=verbose
        )
    if failures:
        raise typer.Exit(code=1)


def _file_format(fmt: OutputFormat, output: Path) -> OutputFormat:
    """With -o, `auto` follows the file's suffix: a JSON array for .json, else JSON Lines."""
    if fmt is OutputFormat.auto:
        return OutputFormat.json if output.suffix.lower() == ".json" else OutputFormat.jsonl
    if fmt is OutputFormat.table:
        fail("--format table writes to the terminal, not to a file")
    return fmt
