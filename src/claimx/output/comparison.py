"""Writing a comparison: rich tables for people (80 columns read well), JSON, JSON Lines.

Tables name articles by number, with a legend first, so that wordings side by side stay
readable on a narrow terminal; JSON keeps every id and every wording in full.
"""

from __future__ import annotations

import json
from typing import IO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimx.output.records import record_json
from claimx.output.terminal import clip, titled_table
from claimx.records.comparison import ClaimGroup, Comparison, Conflict, QuoteGroup

SINGLES_PER_ARTICLE = 5  # claims of one article shown in the table; JSON has them all
CLAIM_CHARS = 220
WORDING_CHARS = 180
SINGLE_CHARS = 140


def write_json(comparison: Comparison, stream: IO[str]) -> None:
    """The comparison as one JSON object, byte for byte as `json.dumps(..., indent=2)` writes
    it, built an item of its lists at a time: an archive's whole comparison as one dict and
    one string cost 150 MB more on 800 articles."""
    listed = {name for name, value in comparison if isinstance(value, list) and value}
    scalars = comparison.model_dump(mode="json", exclude=listed)
    stream.write("{")
    for number, (name, value) in enumerate(comparison):
        stream.write(("," if number else "") + "\n  " + json.dumps(name) + ": ")
        if name not in listed:
            stream.write(json.dumps(scalars[name], ensure_ascii=False, indent=2))
            continue
        stream.write("[")
        for position, item in enumerate(value):
            text = json.dumps(item.model_dump(mode="json"), ensure_ascii=False, indent=2)
            # JSON escapes line breaks inside strings: every "\n" here is between tokens.
            stream.write(("," if position else "") + "\n    " + text.replace("\n", "\n    "))
        stream.write("\n  ]")
    stream.write("\n}\n")


def write_jsonl(comparison: Comparison, stream: IO[str]) -> None:
    """A header line (what was compared), then one line per group and conflict."""
    stream.write(record_json(comparison.header()) + "\n")
    for line in comparison.lines():
        stream.write(record_json(line) + "\n")


def write_tables(comparison: Comparison, console: Console) -> None:
    console.print(render(comparison))


def _table(title: str, *columns: str) -> Table:
    """The last column takes the width; the others keep their cells on one line."""
    last = len(columns) - 1
    options = [
        {"ratio": 1 if i == last else None, "no_wrap": i != last} for i in range(len(columns))
    ]
    return titled_table(
        title, list(zip(columns, options, strict=True)), show_lines=True, expand=True
    )


class _Labels:
    """Short article labels, [1] [2]..., in input order."""

    def __init__(self, comparison: Comparison) -> None:
        self.number = {a.id: i for i, a in enumerate(comparison.articles, start=1)}

    def __call__(self, article: str) -> str:
        return f"[{self.number.get(article, '?')}]"

    def many(self, articles: list[str]) -> str:
        return " ".join(str(self.number.get(a, "?")) for a in articles)


def _legend(comparison: Comparison) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    for i, article in enumerate(comparison.articles, start=1):
        line = Text(article.id)
        if article.title:
            line.append("  " + clip(article.title, 90), style="italic")
        line.append(f"  ({article.claims} claims, {article.quotes} quotes)", style="dim")
        table.add_row(f"[{i}]", line)
    return table


def _stories_table(comparison: Comparison, label: _Labels) -> Table:
    """Stories of several articles, most articles first; each article's number and title."""
    table = _table("Stories", "story", "articles, title, main entities, dates")
    for story in comparison.stories:
        if len(story.articles) < 2:
            continue
        cell = Text(clip(story.title or "(no title)", CLAIM_CHARS), style="bold")
        if story.entities:
            cell.append("\n" + ", ".join(story.entities), style="cyan")
        if story.date_from:
            dates = story.date_from
            if story.date_to and story.date_to != story.date_from:
                dates += f" – {story.date_to}"
            cell.append("\n" + dates, style="dim")
        table.add_row(f"{story.id}\n{label.many(story.articles)}", cell)
    singles = sum(len(s.articles) == 1 for s in comparison.stories)
    if singles:
        table.add_row("", Text(f"{singles} more stories of one article each", style="dim"))
    return table


def _claims_table(groups: list[ClaimGroup], total: int, label: _Labels) -> Table:
    table = _table("Claims in several articles", "in", "claim, then each article's wording")
    for group in groups:
        cell = Text(clip(group.claim, CLAIM_CHARS), style="bold")
        if group.credited:
            cell.append("\ncredited: " + ", ".join(group.credited), style="cyan")
        for wording in group.wordings:
            cell.append(f"\n{label(wording.article)} ", style="bold")
            cell.append(clip(wording.text, WORDING_CHARS), style="dim")
        table.add_row(f"{group.count}/{total}\n{label.many(group.articles)}", cell)
    return table


def _quotes_table(groups: list[QuoteGroup], label: _Labels) -> Table:
    table = _table("Quotes in several articles", "speaker", "wordings")
    for group in groups:
        cell = Text(
            "worded alike" if group.same_wording else "worded differently",
            style="green" if group.same_wording else "yellow",
        )
        for wording in group.wordings:
            cell.append(f"\n{label(wording.article)} ", style="bold")
            cell.append(f"({wording.kind}) ", style="dim")
            cell.append(clip(wording.quoted_text, WORDING_CHARS))
        table.add_row(group.speaker or "—", cell)
    return table


def _conflicts_table(conflicts: list[Conflict], label: _Labels) -> Table:
    table = _table("Conflicts", "kind", "what, then each article's value")
    for conflict in conflicts:
        cell = Text(conflict.about, style="bold")
        if conflict.differing:
            cell.append("\nnot in every list: " + ", ".join(conflict.differing), style="yellow")
        for value in conflict.values:
            cell.append(f"\n{label(value.article)} ", style="bold")
            cell.append(value.value, style="red")
            cell.append("  " + clip(value.text, 110), style="dim")
        table.add_row(conflict.kind, cell)
    return table


def _singles_table(comparison: Comparison, label: _Labels) -> Table:
    table = _table("Claims in one article only", "in", "claim (most check-worthy first)")
    for article in comparison.articles:
        singles = [g for g in comparison.claims if g.articles == [article.id]]
        if not singles:
            continue
        singles.sort(key=lambda g: -g.checkworthiness)
        cell = Text()
        for i, group in enumerate(singles[:SINGLES_PER_ARTICLE]):
            cell.append(("\n" if i else "") + "• " + clip(group.claim, SINGLE_CHARS))
        if len(singles) > SINGLES_PER_ARTICLE:
            more = len(singles) - SINGLES_PER_ARTICLE
            cell.append(f"\n… {more} more (--format json lists all)", style="dim")
        table.add_row(label(article.id), cell)
    return table


def render(comparison: Comparison) -> RenderableType:
    """The comparison as a legend of articles and one table per kind of finding."""
    label = _Labels(comparison)
    usable = [a for a in comparison.articles if a.claims or a.quotes]
    parts: list[RenderableType] = [
        Text(
            f"{len(comparison.articles)} articles compared · matcher: {comparison.matcher}",
            style="bold",
        ),
        _legend(comparison),
    ]
    if any(len(s.articles) > 1 for s in comparison.stories):
        parts.append(_stories_table(comparison, label))
    shared = [g for g in comparison.claims if g.count > 1]
    if shared:
        parts.append(_claims_table(shared, len(usable) or len(comparison.articles), label))
    quotes = [g for g in comparison.quotes if g.count > 1]
    if quotes:
        parts.append(_quotes_table(quotes, label))
    if comparison.conflicts:
        parts.append(_conflicts_table(comparison.conflicts, label))
    if any(g.count == 1 for g in comparison.claims):
        parts.append(_singles_table(comparison, label))
    if not (shared or quotes or comparison.conflicts):
        parts.append(Text("No claim or quote appears in more than one article.", style="dim"))
    return Group(*parts)
