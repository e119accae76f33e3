"""Telling claimx's own records from articles, by the first JSON object of a file.

A records file (`claimx extract -o records.jsonl`) left in a folder of articles is not an
article file: reading it as one would make an error of each of its lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json")
# How many lines to look at for the first whole JSON object that tells records from articles.
SNIFF_LINES = 20
# A line longer than this is read no further when sniffing (an article's text can be long).
_SNIFF_LINE_BYTES = 1 << 20


def is_record(item: Any) -> bool:
    """Whether a JSON value is a claimx record: articles have `text`, records `schema_version`
    and `source`."""
    return isinstance(item, dict) and "schema_version" in item and "source" in item


def first_object_is_record(lines: list[str]) -> bool:
    """Whether the first whole JSON object among `lines` (a JSON array's too) is a record."""
    for line in lines[:SNIFF_LINES]:
        try:
            item = json.loads(line.strip().removeprefix("[").strip().removesuffix(","))
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict):
            return is_record(item)
    return False


def holds_records(path: Path) -> bool:
    """Whether the file at `path` holds claimx records; reads at most its first lines."""
    if path.suffix.lower() not in RECORD_SUFFIXES:
        return False
    lines = []
    try:
        with path.open("rb") as stream:
            for _ in range(SNIFF_LINES):
                raw = stream.readline(_SNIFF_LINE_BYTES)
                if not raw:
                    break
                lines.append(raw.decode("utf-8", errors="replace"))
    except OSError:
        return False
    return first_object_is_record(lines)
