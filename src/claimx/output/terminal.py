"""What every table on the terminal shares: clipped cells and one table style."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from rich.console import Console
from rich.table import Table


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def titled_table(
    title: str,
    columns: Sequence[tuple[str, dict[str, Any]]],
    *,
    show_lines: bool = False,
    expand: bool = False,
) -> Table:
    """A table titled on the left whose cells fold rather than overflow."""
    made = Table(title=title, title_justify="left", show_lines=show_lines, expand=expand)
    for name, options in columns:
        made.add_column(name, overflow="fold", **options)
    return made


def console(stream: IO[str], *, color: bool) -> Console:
    """A console writing to `stream`; NO_COLOR in the environment turns colour off too."""
    return Console(file=stream, no_color=not color or None)
