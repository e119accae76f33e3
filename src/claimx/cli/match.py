"""`claimx match` and `claimx index`: claims matched against a collection of fact-checks."""

from __future__ import annotations

import os
import sys
from collections import deque
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from claimx.cli.app import app
from claimx.cli.common import (
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
    claimx_errors,
    error_line,
    execution_options,
    fail,
    file_format,
    input_paths,
    one_line,
    opened_output,
    reference_day,
)
from claimx.output.formats import OutputFormat, resolve_format

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from claimx.records.article import ArticleRecord


class MatchMethod(str, Enum):
    auto = "auto"
    lexical = "lexical"
    embeddings = "embeddings"


MatcherOption = Annotated[
    MatchMethod,
    typer.Option(
        "--matcher",
        help="lexical (BM25 over stemmed words), embeddings (BM25 fused with sentence "
        "embeddings; needs claimx\\[embeddings]), or auto: embeddings when installed "
        "(and, for an index, when it holds them).",
        rich_help_panel="Matching",
    ),
]


@app.command("match")
def match_cli(
    paths: PathsArgument = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            "-a",
            metavar="FACTCHECKS",
            help="The fact-checks: a ClaimReview JSON-LD, CSV/TSV or JSON Lines file, or a "
            "directory made by [bold]claimx index[/bold].",
            rich_help_panel="Matching",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-k", min=1, help="Fact-checks kept per claim.", rich_help_panel="Matching"
        ),
    ] = 5,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Keep fact-checks scoring at least this. Default: 0.15 lexical, 0.25 embeddings.",
            rich_help_panel="Matching",
            show_default=False,
        ),
    ] = None,
    quotes: Annotated[
        bool,
        typer.Option("--quotes", help="Match every quote too.", rich_help_panel="Matching"),
    ] = False,
    before_article: Annotated[
        bool,
        typer.Option(
            "--before-article",
            help="Keep only fact-checks published no later than the article (or undated).",
            rich_help_panel="Matching",
        ),
    ] = False,
    matcher: MatcherOption = MatchMethod.auto,
    output_format: FormatOption = OutputFormat.auto,
    output: OutputOption = None,
    glob: GlobOption = None,
    reference_date: ReferenceDateOption = None,
    model: ModelOption = None,
    claim_model: ClaimModelOption = ClaimModelChoice.linear,
    jobs: JobsOption = 1,
    dask: DaskOption = None,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Has this claim been checked before? Match claims against fact-checks.

    PATHS are articles, as for [bold]claimx extract[/bold], or JSON Lines files of
    [bold]claimx extract[/bold] records (matched without running the pipeline again). Every
    claim gets the best fact-checks of the collection; an article in which no claim is found
    is matched by its whole text. Tables on a terminal, JSON Lines otherwise: one line per
    claim ([bold]claimx schema --match[/bold]).

    [bold]Examples[/bold]

      claimx match corpus/ --against factchecks.jsonld

      claimx index factchecks.csv -o fc-index && claimx match records.jsonl --against fc-index
    """
    from claimx.nlp.spacy_import import import_spacy
    from claimx.run.options import DEFAULT_BATCH_SIZE, ExtractOptions

    import_spacy()  # before claimx.compare.similarity imports spaCy: PyTorch only if needed
    from claimx.compare.factcheck_match import (
        MatchOptions,
        article_records,
        match_records,
        open_collection,
    )
    from claimx.output.matches import write_lines, write_tables

    if against is None:
        fail("missing --against FACTCHECKS: a fact-check collection or index")
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
    options = MatchOptions(
        k=top,
        min_score=min_score,
        quotes=quotes,
        before_article=before_article,
        matcher=matcher.value,
    )
    failed = 0

    def warn(message: str) -> None:
        if not quiet:
            print(f"claimx: {one_line(message)}", file=sys.stderr, flush=True)

    def noted(records: Iterable[ArticleRecord]) -> Iterator[ArticleRecord]:
        nonlocal failed
        for record in records:
            if record.error is not None:
                failed += 1
                if not quiet:
                    error_line(record)
            yield record

    inputs = input_paths(paths)
    fmt = output_format if output is None else file_format(output_format, output)
    with ExitStack() as stack, claimx_errors():
        index = open_collection(against, matcher.value, warn)
        stack.callback(index.close)
        stream, written = stack.enter_context(opened_output(output, inputs))
        fmt = resolve_format(fmt, to_terminal=stream.isatty())
        records = noted(
            article_records(inputs, extract_options, globs=tuple(glob or ()), skip=written)
        )
        lines = match_records(records, index, options, warn)
        if fmt is OutputFormat.table:
            console = Console(file=stream, no_color=no_color or "NO_COLOR" in os.environ)
            deque(write_tables(lines, console), maxlen=0)
        else:
            write_lines(lines, stream, array=fmt is OutputFormat.json)
    if failed:
        raise typer.Exit(code=1)


@app.command("index")
def index_cli(
    factchecks: Annotated[
        Path,
        typer.Argument(
            help="A fact-check collection: ClaimReview JSON-LD, CSV/TSV or JSON Lines.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            file_okay=False,
            help="The directory to write the index into.",
            show_default=False,
        ),
    ],
    matcher: MatcherOption = MatchMethod.auto,
    quiet: QuietOption = False,
) -> None:
    """Index a fact-check collection once, for [bold]claimx match --against DIR[/bold].

    The index holds BM25 postings and, with claimx\\[embeddings] installed (or --matcher
    embeddings), the fact-checks' sentence embeddings; later runs memory-map it.

    [bold]Example[/bold]: claimx index factchecks.jsonld -o fc-index
    """
    from claimx.nlp.spacy_import import import_spacy

    import_spacy()  # before claimx.compare.similarity imports spaCy: PyTorch only if needed
    from claimx.compare.factcheck_match import build_index

    def warn(message: str) -> None:
        if not quiet:
            print(f"claimx: {one_line(message)}", file=sys.stderr, flush=True)

    if factchecks.is_dir():
        fail(f"{factchecks}: give a fact-check file, not a directory")
    if not factchecks.exists():
        fail(f"{factchecks}: no such file")
    with claimx_errors():
        index = build_index(factchecks, matcher.value, warn)
        try:
            index.save(output)
        except OSError as exc:
            from claimx.errors import ClaimxError

            raise ClaimxError(f"{output}: cannot write the index: {exc}") from exc
    if not quiet:
        embedded = "with embeddings" if index.embeddings is not None else "lexical only"
        typer.echo(f"claimx: indexed {index.size} fact-checks into {output} ({embedded})", err=True)
