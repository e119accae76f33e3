"""Reading back what `claimx extract` wrote: JSON Lines of records, or a JSON array of them.

A records file is read line by line. A line that is not a whole, valid record (a run cut
short, a line edited by hand) becomes an error record naming the file and line; the good
records around it are kept. A JSON array cut short by an interrupted `-o x.json` is reported
as such, and its complete records are read (the array holds one record per line). Files of
articles (JSON Lines with `text`) are not records files: they are left to `extract`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimx.read.inputs import _json_error, display_path
from claimx.read.record_sniff import RECORD_SUFFIXES, first_object_is_record, is_record
from claimx.records.article import ArticleRecord, RecordError, Source

# The error type of a line that is not a whole, valid record.
BAD_RECORD = "records"


def _bad_line(path: Path, number: int, message: str) -> ArticleRecord:
    shown = display_path(str(path))
    return ArticleRecord(
        id=f"{shown}:{number}",
        source=Source(path=shown, line=number, format="jsonl"),
        error=RecordError(type=BAD_RECORD, message=message),
    )


def _record(path: Path, number: int, line: str) -> ArticleRecord:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return _bad_line(path, number, f"not a whole JSON record: {_json_error(exc)}")
    return _validated(path, number, item)


def _validated(path: Path, number: int, item: Any) -> ArticleRecord:
    if not is_record(item):
        return _bad_line(path, number, "not a claimx record (no schema_version or source)")
    try:
        return ArticleRecord.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return _bad_line(path, number, f"not a valid record: {where}: {first['msg']}")


def read_record_file(path: Path) -> list[ArticleRecord] | None:
    """The records of a file `claimx extract` wrote, bad lines as error records; None for
    anything that is not a records file (articles, text, an unreadable file)."""
    if path.suffix.lower() not in RECORD_SUFFIXES or not path.is_file():
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    numbered = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return None
    if numbered[0][1].startswith("["):
        return _array(path, numbered)
    if not first_object_is_record([line for _, line in numbered]):
        return None
    return [_record(path, number, line) for number, line in numbered]


def _array(path: Path, numbered: list[tuple[int, str]]) -> list[ArticleRecord] | None:
    """A JSON array as `claimx extract -f json` writes it: '[', a record a line, ']'."""
    try:
        items = json.loads("\n".join(line for _, line in numbered))
    except json.JSONDecodeError:
        items = None
    if isinstance(items, list):
        if not items or not is_record(items[0]):
            return None
        # Its items stand one a line after the opening bracket's line.
        return [_validated(path, n, item) for n, item in enumerate(items, start=2)]
    if not first_object_is_record([line for _, line in numbered]):
        return None
    records = []
    for number, line in numbered:
        body = line.removeprefix("[").removesuffix("]").strip().removesuffix(",")
        if body:
            records.append(_record(path, number, body))
    last = numbered[-1][0]
    message = "the JSON array ends early (an interrupted run?): its complete records were read"
    return [*records, _bad_line(path, last, message)]
