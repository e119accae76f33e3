"""Writing matches: a table per article for people, a JSON array, or JSON Lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimx.output.records import write_json_array, write_jsonl
from claimx.output.terminal import clip, titled_table
from claimx.records.match import ClaimMatches

CLAIM_CHARS = 160
MATCH_CHARS = 160

__all__ = ["write_json_array", "write_jsonl", "write_tables"]


def render(article: str, lines: list[ClaimMatches]) -> Table:
    """One article: each claim, its best fact-check, the rating and the score."""
    columns: list[tuple[str, dict[str, Any]]] = [
        ("claim", {"ratio": 1}),
        ("best match", {"ratio": 1}),
        ("rating", {"max_width": 16}),
        ("score", {"justify": "right", "no_wrap": True}),
    ]
    table = titled_table(article, columns, show_lines=True, expand=True)
    for line in lines:
        claim = Text(clip(line.claim.text, CLAIM_CHARS))
        if line.claim.kind != "claim":
            claim.append(f" ({line.claim.kind})", style="dim")
        if not line.matches:
            table.add_row(claim, Text("no fact-check found", style="dim"), "", "")
            continue
        best = line.matches[0]
        match = Text(clip(best.claim, MATCH_CHARS))
        about = " · ".join(
            part for part in (best.reviewer, best.published and best.published[:10]) if part
        )
        if best.before_article is False:
            about += " · after the article"
        if len(line.matches) > 1:
            about += f" · {len(line.matches) - 1} more"
        if about:
            match.append("\n" + about.strip(" ·"), style="dim")
        table.add_row(claim, match, best.rating or "—", f"{best.score:.2f}")
    return table


def write_tables(lines: Iterable[ClaimMatches], console: Console) -> Iterator[ClaimMatches]:
    """A table per article, printed as soon as its claims are matched."""
    for article, group in groupby(lines, key=lambda line: line.article):
        matched = list(group)
        console.print(render(article, matched))
        console.print()
        yield from matched


def write_lines(lines: Iterable[ClaimMatches], stream: IO[str], *, array: bool) -> int:
    """JSON Lines, or a JSON array; the number of lines written."""
    writer = write_json_array if array else write_jsonl
    return sum(1 for _ in writer(lines, stream))
