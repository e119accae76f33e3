"""`claimx match` and `claimx index`: claims matched against a collection of fact-checks."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.common import claimx_errors, fail, warning_line, with_progress
from claimx.cli.options import MatcherChoice, QuietOption, VerboseOption
from claimx.cli.run_options import RunOptions, takes_run_options
from claimx.output.destination import opened_output, overwrites
from claimx.output.formats import OutputFormat

MATCH_FORMATS = (OutputFormat.auto, OutputFormat.table, OutputFormat.json, OutputFormat.jsonl)

MatcherOption = Annotated[
    MatcherChoice,
    typer.Option(
        "--matcher",
        help="lexical (BM25 over stemmed words), embeddings (BM25 fused with sentence "
        "embeddings; needs claimx\\[embeddings]), or auto: embeddings when installed "
        "(and, for an index, when it holds them).",
        rich_help_panel="Matching",
    ),
]


@app.command("match")
@takes_run_options
def match_cli(
    run: RunOptions,
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
            help=(
                "Keep fact-checks scoring at least this. Default: 0.15 lexical; with "
                "embeddings 0.28, or 0.63 fused with e5."
            ),
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
    matcher: MatcherOption = MatcherChoice.auto,
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

    import_spacy()  # before claimx.compare.similarity imports spaCy: PyTorch only if needed
    from claimx.compare.factcheck_match import MatchOptions, match_records, open_collection
    from claimx.output.dispatch import Matches, Style, write
    from claimx.run.extract import records_of
    from claimx.run.progress import StageBar, wanted

    if against is None:
        fail("missing --against FACTCHECKS: a fact-check collection or index")
    if run.output is not None and overwrites(run.output, against):
        what = "inside the fact-check index" if against.is_dir() else "the fact-check collection"
        fail(f"-o {run.output} is {what} given to --against: write it elsewhere")
    # Matching whole texts needs them, where an article has no claim.
    extract_options = run.extract_options(include_text=True)
    options = MatchOptions(
        k=top,
        min_score=min_score,
        quotes=quotes,
        before_article=before_article,
        matcher=matcher.value,
    )
    inputs, failures = run.inputs, run.failures()
    warn = warning_line if not run.quiet else _ignore
    with ExitStack() as stack, claimx_errors():
        fmt = run.chosen_format(allowed=MATCH_FORMATS, tables=())
        with StageBar(enabled=wanted(quiet=run.quiet)) as bar:
            index = open_collection(against, matcher.value, warn, bar)
        stack.callback(index.close)
        stream, written = stack.enter_context(opened_output(run.output, inputs))
        records = records_of(inputs, extract_options, globs=run.globs, skip=written)
        records = with_progress(records, inputs, globs=run.globs, skip=written, quiet=run.quiet)
        lines = match_records(failures.noted(records), index, options, warn)
        write(Matches(lines), fmt, stream, Style(color=not run.no_color))
    if failures.failed:
        raise typer.Exit(code=1)


def _ignore(message: str) -> None:
    """--quiet: what is skipped is not said."""


@app.command("index")
def index_cli(
    factchecks: Annotated[
        Path,
        typer.Argument(
            help="A fact-check collection: ClaimReview JSON-LD, CSV/TSV or JSON Lines.",
            show_default=False,
            metavar="FACTCHECKS",
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
    matcher: MatcherOption = MatcherChoice.auto,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Index a fact-check collection once, for [bold]claimx match --against DIR[/bold].

    The index holds BM25 postings and, with claimx\\[embeddings] installed (or --matcher
    embeddings), the fact-checks' sentence embeddings; later runs memory-map it. Indexing
    into a directory that holds an index encodes only the texts it lacks.

    [bold]Example[/bold]: claimx index factchecks.jsonld -o fc-index
    """
    from claimx.nlp.spacy_import import import_spacy

    import_spacy()  # before claimx.compare.similarity imports spaCy: PyTorch only if needed
    from claimx.compare.factcheck_match import build_index, earlier_encodings
    from claimx.compare.match_index import MatchIndex
    from claimx.run.progress import StageBar, wanted

    warn = warning_line if not quiet else _ignore
    if factchecks.is_dir():
        fail(f"{factchecks}: give a fact-check file, not a directory")
    if not factchecks.exists():
        fail(f"{factchecks}: no such file")
    if output.is_dir() and any(output.iterdir()) and not MatchIndex.is_index(output):
        # Its files would be overwritten: the collection itself, when it is named like the
        # index's own factchecks.jsonl or meta.json.
        fail(f"{output}: holds files that are no claimx index: give a new or empty directory")
    with claimx_errors():
        known = earlier_encodings(output)
        with StageBar(enabled=wanted(quiet=quiet)) as bar:
            index = build_index(factchecks, matcher.value, warn, bar, known)
        del known
        try:
            index.save(output)
        except OSError as exc:
            from claimx.errors import ClaimxError

            raise ClaimxError(f"{output}: cannot write the index: {exc}") from exc
    if not quiet:
        embedded = "with embeddings" if index.vectors is not None else "lexical only"
        if index.reused:
            embedded += f"; {index.reused} texts' vectors taken from the index there"
        typer.echo(f"claimx: indexed {index.size} fact-checks into {output} ({embedded})", err=True)
