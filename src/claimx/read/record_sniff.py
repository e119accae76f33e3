"""Telling claimx's own records from articles, by the first JSON object of a file.

A records file (`claimx extract -o records.jsonl`) left in a folder of articles is not an
article file: reading it as one would make an error of each of its lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json")
REPORT_SUFFIXES = (".html", ".htm")
# What marks claimx's HTML output: its generator tag, or (reports written before the tag) its
# title; both stand in the first few hundred bytes, before the inline stylesheet.
_REPORT_MARKS = (
    b'<meta name="generator" content="claimx',
    b"<title>claimx report</title>",
    b"<title>claimx comparison</title>",
)
_REPORT_SNIFF_BYTES = 4096
# How many lines to look at for the first whole JSON object that tells records from articles.
SNIFF_LINES = 20
# A line longer than this is read no further when sniffing (an article's text can be long).
_SNIFF_LINE_BYTES = 1 << 20


def is_record(item: Any) -> bool:
    """Whether a JSON value is a claimx record: articles have `text`, records `schema_version`
    and `source`."""
    return isinstance(item, dict) and "schema_version" in item and "source" in item


def is_other_output(item: Any) -> bool:
    """Whether a JSON value is a line of `claimx compare` or `claimx match` output: versioned
    like a record, with no text of its own."""
    return (
        isinstance(item, dict)
        and "schema_version" in item
        and "text" not in item
        and not is_record(item)
    )


def _first_object(lines: list[str]) -> Any:
    opening = [line.strip() for line in lines[:2]]
    if opening[:1] == ["{"] and opening[1:2] and opening[1].startswith('"schema_version"'):
        # `claimx compare -f json`: one indented object (a record is never written so).
        return {"schema_version": None}
    for line in lines[:SNIFF_LINES]:
        try:
            item = json.loads(line.strip().removeprefix("[").strip().removesuffix(","))
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict):
            return item
    return None


def first_object_is_record(lines: list[str]) -> bool:
    """Whether the first whole JSON object among `lines` (a JSON array's too) is a record."""
    return is_record(_first_object(lines))


OutputKind = Literal["records", "compare or match output", "report output"]


def output_kind(path: Path) -> OutputKind | None:
    """Whether the file at `path` holds claimx records, other claimx output (of compare or
    match, or an HTML report), or neither (None); reads at most its first lines."""
    suffix = path.suffix.lower()
    if suffix in REPORT_SUFFIXES:
        return "report output" if _is_report(path) else None
    if suffix not in RECORD_SUFFIXES:
        return None
    first = _first_object(_first_lines(path))
    if is_record(first):
        return "records"
    return "compare or match output" if is_other_output(first) else None


def holds_records(path: Path) -> bool:
    """Whether the file at `path` holds claimx records; reads at most its first lines."""
    return output_kind(path) == "records"


def _is_report(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            opening = stream.read(_REPORT_SNIFF_BYTES)
    except OSError:
        return False
    return any(mark in opening for mark in _REPORT_MARKS)


def _first_lines(path: Path) -> list[str]:
    lines = []
    try:
        with path.open("rb") as stream:
            for _ in range(SNIFF_LINES):
                raw = stream.readline(_SNIFF_LINE_BYTES)
                if not raw:
                    break
                lines.append(raw.decode("utf-8", errors="replace"))
    except OSError:
        return []
    return lines
