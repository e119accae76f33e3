"""`claimx extract`: articles in, one record per article out."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import claimx_errors, with_progress
from claimx.cli.options import BatchSizeOption, BomOption, TableOption
from claimx.cli.run_options import RunOptions, takes_run_options
from claimx.output.destination import opened_output
from claimx.output.formats import OutputFormat, Table

EXTRACT_FORMATS = tuple(OutputFormat)
EXTRACT_TABLES = (Table.quotes, Table.claims, Table.entities, Table.dates, Table.articles)


@app.command("extract")
@takes_run_options
def extract_cli(
    run: RunOptions,
    include_text: Annotated[
        bool,
        typer.Option(
            "--include-text",
            help="Add each document's text to its record.",
            rich_help_panel="Output",
        ),
    ] = False,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            show_default=False,
            help="Skip (with an error) inputs larger than this. Default: 10 MB.",
            rich_help_panel="Input",
        ),
    ] = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean/--no-clean",
            help="Find and skip boilerplate (navigation, comment forms...).",
            rich_help_panel="Extraction",
        ),
    ] = True,
    boilerplate: Annotated[
        bool,
        typer.Option(
            "--boilerplate",
            help="Tables also list the boilerplate ranges each article was cleaned of.",
            rich_help_panel="Output",
        ),
    ] = False,
    table: TableOption = None,
    bom: BomOption = False,
    batch_size: BatchSizeOption = 16,
) -> None:
    """Extract entities, quotes, dates and claims from articles.

    PATHS are files or directories (walked recursively, in sorted order, hidden ones
    skipped); [bold]-[/bold] or
    no PATHS reads one document from standard input. Output is tables on a terminal and
    JSON Lines otherwise, one record per document. Records are cached: an article seen
    before with the same options comes back at once.

    [bold]Examples[/bold]

      claimx extract corpus/

      claimx extract corpus/ --format jsonl | jq '.quotes[] | {speaker: .speaker.entity, text}'

      claimx extract corpus/ -o report.html

      claimx extract corpus/ -f csv --table quotes --bom -o quotes.csv

      claimx extract articles.jsonl -o records.json --reference-date 2025-11-06 -j 2

      claimx extract archive/ -o records.jsonl --dask tcp://scheduler:8786
    """
    from claimx.output.dispatch import Records, Style, write
    from claimx.run.extract import extract_paths

    options = run.extract_options(batch_size=batch_size, include_text=include_text, clean=clean)
    inputs, globs, failures = run.inputs, run.globs, run.failures()
    with claimx_errors():
        fmt = run.chosen_format(
            allowed=EXTRACT_FORMATS, tables=EXTRACT_TABLES, table=table, bom=bom
        )
        if fmt is OutputFormat.html:  # the report marks the findings on the text
            options = replace(options, include_text=True)
        style = Style(table=table, bom=bom, color=not run.no_color, boilerplate=boilerplate)
        with opened_output(run.output, inputs) as (stream, written):
            records = extract_paths(inputs, options, globs=globs, max_bytes=max_bytes, skip=written)
            records = with_progress(records, inputs, globs=globs, skip=written, quiet=run.quiet)
            write(Records(failures.noted(records)), fmt, stream, style)
    failures.exit_status()
