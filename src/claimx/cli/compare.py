"""`claimx compare`: articles in, what they share and where they disagree out."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import (
    Failures,
    claimx_errors,
    execution_options,
    input_paths,
    reference_day,
)
from claimx.cli.options import (
    BomOption,
    CacheOption,
    ClaimModelChoice,
    ClaimModelOption,
    DaskOption,
    FormatOption,
    GlobOption,
    JobsOption,
    MatcherChoice,
    ModelOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathsArgument,
    QuietOption,
    ReferenceDateOption,
    TableOption,
    VerboseOption,
)
from claimx.output.destination import chosen_format, opened_output
from claimx.output.formats import OutputFormat, Table

COMPARE_FORMATS = tuple(OutputFormat)
COMPARE_TABLES = (Table.claims, Table.quotes, Table.conflicts, Table.articles)


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
    verbose: VerboseOption = 0,
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
    from claimx.compare.comparison import CompareOptions
    from claimx.output.dispatch import Compared, Style, write
    from claimx.run.compare import compare_inputs
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
    compare_options = CompareOptions(matcher=matcher.value, judged=judged, stories=not no_stories)
    failures = Failures(quiet=quiet)
    with claimx_errors():
        fmt = chosen_format(
            output_format, output, table, bom=bom, allowed=COMPARE_FORMATS, tables=COMPARE_TABLES
        )
        if fmt is OutputFormat.html:  # the report shows where each wording stands
            extract_options = replace(extract_options, include_text=True)
        with opened_output(output, inputs) as (stream, written):
            comparison, records = compare_inputs(
                inputs, extract_options, compare_options, globs=tuple(glob or ()), skip=written
            )
            records = list(failures.noted(records))
            style = Style(table=table, bom=bom, color=not no_color)
            write(Compared(comparison, records), fmt, stream, style)
    failures.exit_status()
