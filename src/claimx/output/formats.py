"""The output formats, apart from the writers so that the CLI can name them cheaply."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    csv = "csv"
    tsv = "tsv"


class Table(str, Enum):
    """The rows of a CSV/TSV file: one per quote, claim, entity mention, date or article."""

    quotes = "quotes"
    claims = "claims"
    entities = "entities"
    dates = "dates"
    articles = "articles"
    conflicts = "conflicts"


# With -o and `auto`, the file's suffix picks the format (anything else: JSON Lines).
SUFFIX_FORMATS = {
    ".json": OutputFormat.json,
    ".html": OutputFormat.html,
    ".htm": OutputFormat.html,
    ".csv": OutputFormat.csv,
    ".tsv": OutputFormat.tsv,
}


def resolve_format(fmt: OutputFormat, *, to_terminal: bool) -> OutputFormat:
    """`auto` is tables on a terminal, JSON Lines anywhere else."""
    if fmt is OutputFormat.auto:
        return OutputFormat.table if to_terminal else OutputFormat.jsonl
    return fmt
