"""Spreadsheets: records as flat CSV or TSV tables, one row per quote, claim, mention, date...

Rows are written as records arrive (nothing is held). Text cells that a spreadsheet would run as
a formula (`=`, `+`, `-`, `@`, tab or carriage return first) get a leading `'`, so an article's
"=HYPERLINK(...)" or "-5%" stays text; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING

from claimx.output.formats import Table
from claimx.records.article import ArticleRecord
from claimx.records.comparison import Comparison

if TYPE_CHECKING:
    from _csv import Writer as CsvWriter

__all__ = [
    "COLUMNS",
    "COMPARE_COLUMNS",
    "neutralise",
    "write_comparison_table",
    "write_table",
]

Cell = str | int | float | bool | None
Row = list[Cell]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: dict[Table, list[str]] = {
    Table.articles: [
        "article_id", "source_path", "source_line", "source_format", "title", "published",
        "reference_date", "url", "outlet", "dateline", "byline", "words", "entities", "quotes",
        "dates", "claims", "boilerplate_chars", "error_type", "error_message",
    ],
    Table.quotes: [
        "article_id", "quote_index", "kind", "speaker_entity", "speaker", "speaker_start",
        "speaker_end", "cue", "cue_start", "cue_end", "quote", "start", "end", "quoted",
    ],
    Table.claims: [
        "article_id", "claim_index", "claim", "start", "end", "claimant", "claimant_kind",
        "claimant_as_written", "quote_index", "modality", "negated", "checkworthiness",
        "entities", "dates",
    ],
    Table.entities: ["article_id", "entity", "label", "mention", "start", "end"],
    Table.dates: ["article_id", "date_index", "text", "start", "end", "type", "value", "mod"],
}  # fmt: skip

COMPARE_COLUMNS: dict[Table, list[str]] = {
    Table.articles: ["article_id", "title", "outlet", "published", "claims", "quotes"],
    Table.claims: [
        "group", "claim", "count", "checkworthiness", "article_id", "wording", "start", "end",
        "credited",
    ],
    Table.quotes: [
        "group", "speaker_entity", "quote", "count", "same_wording", "article_id", "kind",
        "speaker", "wording", "start", "end", "quoted",
    ],
    Table.conflicts: [
        "conflict", "kind", "about", "differing", "article_id", "value", "text", "start", "end",
    ],
}  # fmt: skip

LIST_SEPARATOR = "; "


def neutralise(value: Cell) -> Cell:
    """A text cell a spreadsheet will show as text, never evaluate; booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _article_rows(record: ArticleRecord) -> Iterator[Row]:
    error = record.error
    yield [
        record.id, record.source.path, record.source.line, record.source.format, record.title,
        record.published, record.reference_date, record.url, record.outlet, record.dateline,
        record.byline, record.words, len(record.entities), len(record.quotes), len(record.dates),
        len(record.claims), sum(b.end - b.start for b in record.boilerplate),
        error.type if error else None, error.message if error else None,
    ]  # fmt: skip


def _quote_rows(record: ArticleRecord) -> Iterator[Row]:
    for i, quote in enumerate(record.quotes):
        speaker = quote.speaker
        yield [
            record.id, i, quote.kind, speaker.entity if speaker else None,
            speaker.text if speaker else None, speaker.start if speaker else None,
            speaker.end if speaker else None, quote.cue.text, quote.cue.start, quote.cue.end,
            quote.text, quote.start, quote.end, quote.quoted_text,
        ]  # fmt: skip


def _claim_rows(record: ArticleRecord) -> Iterator[Row]:
    for i, claim in enumerate(record.claims):
        claimant = claim.claimant
        written = None
        if claimant.quote is not None and claimant.quote < len(record.quotes):
            speaker = record.quotes[claimant.quote].speaker
            written = speaker.text if speaker else None
        yield [
            record.id, i, claim.text, claim.start, claim.end, claimant.name, claimant.kind,
            written, claimant.quote, claim.modality, claim.negated, claim.checkworthiness,
            _joined(claim.entities), _joined(claim.dates),
        ]  # fmt: skip


def _entity_rows(record: ArticleRecord) -> Iterator[Row]:
    for entity in record.entities:
        for mention in entity.mentions:
            yield [record.id, entity.name, entity.label, mention.text, mention.start, mention.end]


def _date_rows(record: ArticleRecord) -> Iterator[Row]:
    for i, date in enumerate(record.dates):
        yield [record.id, i, date.text, date.start, date.end, date.type, date.value, date.mod]


_ROWS: dict[Table, Callable[[ArticleRecord], Iterator[Row]]] = {
    Table.articles: _article_rows,
    Table.quotes: _quote_rows,
    Table.claims: _claim_rows,
    Table.entities: _entity_rows,
    Table.dates: _date_rows,
}


def _writer(stream: IO[str], *, tsv: bool, bom: bool) -> CsvWriter:
    if bom:
        stream.write("\ufeff")
    if tsv:
        return csv.writer(stream, dialect="excel-tab", lineterminator="\n")
    return csv.writer(stream, dialect="excel")


def _write_row(writer: CsvWriter, row: Row) -> None:
    writer.writerow([neutralise(cell) for cell in row])


def write_table(
    records: Iterable[ArticleRecord],
    stream: IO[str],
    table: Table,
    *,
    tsv: bool = False,
    bom: bool = False,
) -> Iterator[ArticleRecord]:
    """`table`'s rows of each record, a header first; yields each record once written."""
    if table not in _ROWS:
        raise ValueError(f"no {table.value} table for articles")
    writer = _writer(stream, tsv=tsv, bom=bom)
    writer.writerow(COLUMNS[table])
    stream.flush()
    rows = _ROWS[table]
    for record in records:
        for row in rows(record):
            _write_row(writer, row)
        stream.flush()
        yield record


def _comparison_rows(comparison: Comparison, table: Table) -> Iterator[Row]:
    if table is Table.articles:
        for a in comparison.articles:
            yield [a.id, a.title, a.outlet, a.published, a.claims, a.quotes]
    elif table is Table.claims:
        for i, group in enumerate(comparison.claims):
            for w in group.wordings:
                yield [
                    i, group.claim, group.count, group.checkworthiness, w.article, w.text,
                    w.start, w.end, w.credited,
                ]  # fmt: skip
    elif table is Table.quotes:
        for i, quote in enumerate(comparison.quotes):
            for qw in quote.wordings:
                yield [
                    i, quote.speaker, quote.quote, quote.count, quote.same_wording, qw.article,
                    qw.kind, qw.speaker, qw.text, qw.start, qw.end, qw.quoted_text,
                ]  # fmt: skip
    elif table is Table.conflicts:
        for i, conflict in enumerate(comparison.conflicts):
            for v in conflict.values:
                yield [
                    i, conflict.kind, conflict.about, _joined(conflict.differing), v.article,
                    v.value, v.text, v.start, v.end,
                ]  # fmt: skip
    else:
        raise ValueError(f"no {table.value} table for a comparison")


def write_comparison_table(
    comparison: Comparison, stream: IO[str], table: Table, *, tsv: bool = False, bom: bool = False
) -> None:
    """One row per wording (claims, quotes), value (conflicts) or article."""
    if table not in COMPARE_COLUMNS:
        raise ValueError(f"no {table.value} table for a comparison")
    writer = _writer(stream, tsv=tsv, bom=bom)
    writer.writerow(COMPARE_COLUMNS[table])
    for row in _comparison_rows(comparison, table):
        _write_row(writer, row)
    stream.flush()
