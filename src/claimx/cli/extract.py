"""`claimx extract`: articles in, one record per article out."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import (
    BatchSizeOption,
    BomOption,
    CacheOption,
    ClaimModelChoice,
    ClaimModelOption,
    DaskOption,
    FormatOption,
    GlobOption,
    JobsOption,
    ModelOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathsArgument,
    QuietOption,
    ReferenceDateOption,
    TableOption,
    check_table,
    claimx_errors,
    execution_options,
    file_format,
    input_paths,
    opened_output,
    reference_day,
    report_errors,
    with_progress,
)
from claimx.output.formats import OutputFormat, Table, resolve_format

EXTRACT_TABLES = (Table.quotes, Table.claims, Table.entities, Table.dates, Table.articles)


@app.command("extract")
def extract_cli(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.auto,
    output: OutputOption = None,
    table: TableOption = None,
    bom: BomOption = False,
    glob: GlobOption = None,
    reference_date: ReferenceDateOption = None,
    model: ModelOption = None,
    claim_model: ClaimModelOption = ClaimModelChoice.linear,
    jobs: JobsOption = 1,
    batch_size: BatchSizeOption = 16,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
    dask: DaskOption = None,
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
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Tables also list the boilerplate ranges.",
            rich_help_panel="Output",
        ),
    ] = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Extract entities, quotes, dates and claims from articles.

    PATHS are files or directories (walked recursively, in sorted order); [bold]-[/bold] or
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
    from claimx.run.extract import extract_paths
    from claimx.run.options import ExtractOptions

    options = execution_options(
        ExtractOptions(
            model=model,
            claim_model=claim_model.value,
            reference_date=reference_day(reference_date),
            include_text=include_text,
            clean=clean,
        ),
        jobs=jobs,
        batch_size=batch_size,
        cache=cache,
        no_cache=no_cache,
        dask=dask,
    )
    inputs = input_paths(paths)
    globs = tuple(glob or ())
    fmt = output_format if output is None else file_format(output_format, output)
    check_table(fmt, table, bom=bom, allowed=EXTRACT_TABLES)  # before -o creates the file
    if fmt is OutputFormat.html:  # the report marks the findings on the text
        options = replace(options, include_text=True)
    with claimx_errors(), opened_output(output, inputs) as (stream, written):
        fmt = resolve_format(fmt, to_terminal=stream.isatty())
        records = extract_paths(inputs, options, globs=globs, max_bytes=max_bytes, skip=written)
        records = with_progress(records, inputs, globs=globs, skip=written, quiet=quiet)
        failures, total = report_errors(
            records,
            fmt,
            stream,
            no_color=no_color,
            quiet=quiet,
            verbose=verbose,
            table=table,
            bom=bom,
        )
    if failures or not total:
        raise typer.Exit(code=1)
