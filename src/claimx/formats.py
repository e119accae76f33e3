"""The output formats, apart from the writers so that the CLI can name them cheaply."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"


def resolve_format(fmt: OutputFormat, *, to_terminal: bool) -> OutputFormat:
    """`auto` is tables on a terminal, JSON Lines anywhere else."""
    if fmt is OutputFormat.auto:
        return OutputFormat.table if to_terminal else OutputFormat.jsonl
    return fmt
