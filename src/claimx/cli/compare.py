"""`claimx compare`: articles in, what they share and where they disagree out."""

from __future__ import annotations

import os
from dataclasses import replace
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console

from claimx.cli.app import app
from claimx.cli.common import (
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
    error_line,
    execution_options,
    file_format,
    input_paths,
    opened_output,
    reference_day,
)
from claimx.output.formats import OutputFormat, Table, resolve_format

COMPARE_TABLES = (Table.claims, Table.quotes, Table.conflicts, Table.articles)


class MatcherChoice(str, Enum):
    auto = "auto"
    lexical = "lexical"
    embeddings = "embeddings"


@app.command("compare")
def compare_cli(
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
    dask: DaskOption = None,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
    matcher: Annotated[
        MatcherChoice,
        typer.Option(
            "--matcher",
            help="How claims are matched: lexical (words), embeddings (words and sentence "
            "embeddings; needs claimx\\[embeddings]), or auto: embeddings when installed.",
            rich_help_panel="Comparison",
        ),
    ] = MatcherChoice.auto,
    judged: Annotated[
        bool,
        typer.Option(
            "--judged",
            help="Group claims only where the learned same-claim decision (fitted on news "
            "sentence pairs judged by people) holds them the same: stricter groups.",
            rich_help_panel="Comparison",
        ),
    ] = False,
    no_stories: Annotated[
        bool,
        typer.Option(
            "--no-stories",
            help="Compare every article with every other, as one story, instead of grouping "
            "them into stories first.",
            rich_help_panel="Comparison",
        ),
    ] = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Compare articles: claims and quotes they share, and facts they disagree on.

    PATHS are articles, as for [bold]claimx extract[/bold], or JSON Lines files of
    [bold]claimx extract[/bold] records, which are compared without running the pipeline
    again. Output is tables on a terminal and JSON Lines otherwise.

    [bold]Examples[/bold]

      claimx compare corpus/

      claimx extract corpus/ -o records.jsonl && claimx compare records.jsonl

      claimx compare corpus/ --format json | jq '.conflicts[]'

      claimx compare corpus/ -o compare.html
    """
    from claimx.compare.comparison import CompareOptions, compare, read_inputs
    from claimx.output.comparison import write_json, write_jsonl, write_tables
    from claimx.read.record_files import BAD_RECORD
    from claimx.run.options import DEFAULT_BATCH_SIZE, ExtractOptions

    extract_options = execution_options(
        ExtractOptions(
            model=model,
            claim_model=claim_model.value,
            reference_date=reference_day(reference_date),
        ),
        jobs=jobs,
        batch_size=DEFAULT_BATCH_SIZE,
        cache=cache,
        no_cache=no_cache,
        dask=dask,
    )
    inputs = input_paths(paths)
    fmt = output_format if output is None else file_format(output_format, output)
    check_table(fmt, table, bom=bom, allowed=COMPARE_TABLES)  # before -o creates the file
    if fmt is OutputFormat.html:  # the report shows where each wording stands
        extract_options = replace(extract_options, include_text=True)
    with claimx_errors(), opened_output(output, inputs) as (stream, written):
        fmt = resolve_format(fmt, to_terminal=stream.isatty())
        records = read_inputs(inputs, extract_options, globs=tuple(glob or ()), skip=written)
        # A bad line of a records file is no article: it is reported, not compared.
        articles = [r for r in records if r.error is None or r.error.type != BAD_RECORD]
        compare_options = CompareOptions(
            matcher=matcher.value, judged=judged, stories=not no_stories
        )
        comparison = compare(articles, compare_options)
        failed = [r for r in records if r.error is not None]
        if fmt is OutputFormat.html:
            from claimx.output.report_html import write_comparison_html

            write_comparison_html(comparison, records, stream)
        elif fmt in (OutputFormat.csv, OutputFormat.tsv) and table is not None:
            from claimx.output.csv_tables import write_comparison_table

            tsv = fmt is OutputFormat.tsv
            write_comparison_table(comparison, stream, table, tsv=tsv, bom=bom)
        elif fmt is OutputFormat.table:
            console = Console(file=stream, no_color=no_color or "NO_COLOR" in os.environ)
            write_tables(comparison, console)
        elif fmt is OutputFormat.json:
            write_json(comparison, stream)
        else:
            write_jsonl(comparison, stream)
    if not quiet:
        for record in failed:
            error_line(record)
    if failed:
        raise typer.Exit(code=1)
