"""`claimx compare`: articles in, what they share and where they disagree out."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import claimx_errors, with_progress
from claimx.cli.options import BomOption, MatcherChoice, TableOption
from claimx.cli.run_options import RunOptions, takes_run_options
from claimx.output.destination import opened_output
from claimx.output.formats import OutputFormat, Table

COMPARE_FORMATS = tuple(OutputFormat)
COMPARE_TABLES = (Table.claims, Table.quotes, Table.conflicts, Table.articles)


@app.command("compare")
@takes_run_options
def compare_cli(
    run: RunOptions,
    table: TableOption = None,
    bom: BomOption = False,
    matcher: Annotated[
        MatcherChoice,
        typer.Option(
            "--matcher",
            help="How claims are matched: lexical (words), embeddings (words and sentence "
            "embeddings; needs claimx\\[embeddings]), or auto: embeddings when installed. "
            "Stories of a single article are always compared by words: embeddings are for the "
            "wordings of different outlets.",
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
    from claimx.compare.comparison import CompareOptions
    from claimx.output.dispatch import Compared, Style, write
    from claimx.run.compare import compare_records
    from claimx.run.extract import records_of

    extract_options = run.extract_options()
    inputs, failures = run.inputs, run.failures()
    compare_options = CompareOptions(matcher=matcher.value, judged=judged, stories=not no_stories)
    with claimx_errors():
        fmt = run.chosen_format(
            allowed=COMPARE_FORMATS, tables=COMPARE_TABLES, table=table, bom=bom
        )
        if fmt is OutputFormat.html:  # the report shows where each wording stands
            extract_options = replace(extract_options, include_text=True)
        with opened_output(run.output, inputs) as (stream, written):
            read = records_of(inputs, extract_options, globs=run.globs, skip=written)
            read = with_progress(read, inputs, globs=run.globs, skip=written, quiet=run.quiet)
            comparison, records = compare_records(read, compare_options)
            style = Style(table=table, bom=bom, color=not run.no_color)
            write(Compared(comparison, list(failures.noted(records))), fmt, stream, style)
    failures.exit_status()
