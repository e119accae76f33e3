"""One place that picks the writer: records, comparisons and matches, in every format.

The commands hand over what they made, wrapped to say what it is, with the stream from
`destination.opened_output`; `write` resolves `auto` (tables on a terminal, JSON Lines
elsewhere) and calls the writer of that format. Writers of records consume them lazily, so
records are written as they are made. Each writer's module is imported once its format is
chosen, so a run loads only what it writes with (rich's tables, the report's assets...).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from claimx.output.formats import OutputFormat, Table, resolve_format

if TYPE_CHECKING:
    from claimx.records.article import ArticleRecord
    from claimx.records.comparison import Comparison
    from claimx.records.match import ClaimMatches


@dataclass(frozen=True)
class Records:
    """`claimx extract`: a record per document, streamed."""

    items: Iterable[ArticleRecord]


@dataclass(frozen=True)
class Compared:
    """`claimx compare`: the comparison, and the records it was made from (for the report)."""

    comparison: Comparison
    records: list[ArticleRecord]


@dataclass(frozen=True)
class Matches:
    """`claimx match`: a line per claim, streamed."""

    lines: Iterable[ClaimMatches]


@dataclass(frozen=True)
class Style:
    """How the output looks, beyond its format."""

    table: Table | None = None  # csv/tsv: what a row is
    bom: bool = False  # csv/tsv: a UTF-8 byte order mark first, for Excel
    color: bool = True  # terminal tables
    boilerplate: bool = False  # terminal tables of records: list the boilerplate ranges too


def write(
    content: Records | Compared | Matches, fmt: OutputFormat, stream: IO[str], style: Style
) -> None:
    """Write `content` to `stream` in `fmt` (checked beforehand by destination.chosen_format)."""
    fmt = resolve_format(fmt, to_terminal=stream.isatty())
    if isinstance(content, Records):
        _write_records(content.items, fmt, stream, style)
    elif isinstance(content, Compared):
        _write_comparison(content, fmt, stream, style)
    else:
        _write_matches(content.lines, fmt, stream, style)


def _drain(written: Iterable[object]) -> None:
    deque(written, maxlen=0)


def _write_records(
    records: Iterable[ArticleRecord], fmt: OutputFormat, stream: IO[str], style: Style
) -> None:
    # Each writer is imported when chosen: rich tables, the report and CSV cost start-up time.
    if fmt is OutputFormat.table:
        from claimx.output.records import write_tables
        from claimx.output.terminal import console

        _drain(write_tables(records, console(stream, color=style.color), verbose=style.boilerplate))
    elif fmt is OutputFormat.html:
        from claimx.output.report_html import write_html

        _drain(write_html(records, stream))
    elif fmt in (OutputFormat.csv, OutputFormat.tsv) and style.table is not None:
        from claimx.output.csv_tables import write_table

        tsv = fmt is OutputFormat.tsv
        _drain(write_table(records, stream, style.table, tsv=tsv, bom=style.bom))
    elif fmt is OutputFormat.json:
        from claimx.output.records import write_json_array

        _drain(write_json_array(records, stream))
    else:
        from claimx.output.records import write_jsonl

        _drain(write_jsonl(records, stream))


def _write_comparison(compared: Compared, fmt: OutputFormat, stream: IO[str], style: Style) -> None:
    comparison = compared.comparison
    if fmt is OutputFormat.table:
        from claimx.output.comparison import write_tables
        from claimx.output.terminal import console

        write_tables(comparison, console(stream, color=style.color))
    elif fmt is OutputFormat.html:
        from claimx.output.report_html import write_comparison_html

        write_comparison_html(comparison, compared.records, stream)
    elif fmt in (OutputFormat.csv, OutputFormat.tsv) and style.table is not None:
        from claimx.output.csv_tables import write_comparison_table

        tsv = fmt is OutputFormat.tsv
        write_comparison_table(comparison, stream, style.table, tsv=tsv, bom=style.bom)
    elif fmt is OutputFormat.json:
        from claimx.output.comparison import write_json

        write_json(comparison, stream)
    else:
        from claimx.output.comparison import write_jsonl

        write_jsonl(comparison, stream)


def _write_matches(
    lines: Iterable[ClaimMatches], fmt: OutputFormat, stream: IO[str], style: Style
) -> None:
    if fmt is OutputFormat.table:
        from claimx.output.matches import write_tables
        from claimx.output.terminal import console

        _drain(write_tables(lines, console(stream, color=style.color)))
    else:
        from claimx.output.matches import write_lines

        write_lines(lines, stream, array=fmt is OutputFormat.json)
