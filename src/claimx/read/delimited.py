"""Tables of text: CSV and TSV files with a header, read row by row.

Articles come as spreadsheets as often as JSON Lines (an archive's export, a team's sheet),
and fact-check collections too. Rows are streamed, so a file of any size reads in flat memory;
a cell may hold a whole article, newlines and all.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO, cast

from charset_normalizer import from_bytes

# A file's delimiter by its suffix; a .csv whose header holds semicolons and no comma is a
# spreadsheet saved where the comma is the decimal mark.
DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
# How much of a file its encoding is guessed from.
_SAMPLE_BYTES = 1 << 20

Row = dict[str, str]


def open_text(stream: BinaryIO) -> TextIO:
    """`stream` as text: UTF-8 (a BOM tolerated) when its start decodes as UTF-8, else the
    encoding charset-normalizer guesses from it (spreadsheets save cp1252 too); an
    undecodable byte later on becomes U+FFFD, never the end of the file."""
    # A buffered stream (an open file, a gzip stream) can show its start without using it up.
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(cast(Any, stream))
    sample = buffered.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES]
    encoding = "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A character cut at the sample's end is no evidence against UTF-8.
            if exc.start < len(sample) - 3:
                best = from_bytes(sample).best()
                encoding = best.encoding if best is not None else "cp1252"
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")


def delimiter_of(suffix: str, header_line: str) -> str:
    """The delimiter of a file with this suffix whose first line is `header_line`."""
    delimiter = DELIMITERS.get(suffix, ",")
    if delimiter == "," and ";" in header_line and "," not in header_line:
        return ";"
    return delimiter


def rows(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, Row | str]]:
    """(line number, row) for every non-blank row after the header, a row as {column: cell}
    (blank cells and unnamed columns left out), or (line number, what is wrong with it)."""
    csv.field_size_limit(sys.maxsize)  # a cell may hold a whole article
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield 1, f"broken header ({exc})"
        return
    if header is None:
        return
    names = [name.strip() for name in header]
    try:
        # A row is numbered by the line it starts on; a cell may run over several lines.
        start = reader.line_num + 1
        for row in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                yield number, f"{len(row)} fields where the header has {len(names)}"
                continue
            yield number, {n: cell for n, cell in zip(names, row, strict=True) if n and cell}
    except csv.Error as exc:
        yield reader.line_num, f"broken CSV ({exc})"


def header(lines: Iterable[str], delimiter: str) -> list[str]:
    """The column names of a table's first row."""
    first = next(csv.reader(lines, delimiter=delimiter), [])
    return [name.strip() for name in first]
