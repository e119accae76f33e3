"""Writing records: JSON Lines, a streamed JSON array, or rich tables for people.

Every writer writes each record as soon as it gets it and flushes, so an interrupted run
leaves only whole lines behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pydantic import BaseModel
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from claimx.output.formats import OutputFormat, resolve_format
from claimx.output.terminal import clip, titled_table
from claimx.records.article import ArticleRecord, Claim

# OutputFormat and resolve_format live in claimx.output.formats (cheap for the CLI to import).
__all__ = [
    "OutputFormat",
    "record_json",
    "render_record",
    "resolve_format",
    "write_json_array",
    "write_jsonl",
    "write_tables",
]


def record_json(record: BaseModel) -> str:
    """One record as compact JSON, unicode kept as is."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False)


def write_jsonl(records: Iterable[BaseModel], stream: IO[str]) -> Iterator[BaseModel]:
    for record in records:
        stream.write(record_json(record) + "\n")
        stream.flush()
        yield record


def write_json_array(records: Iterable[BaseModel], stream: IO[str]) -> Iterator[BaseModel]:
    """A JSON array written element by element: valid JSON once the run ends."""
    stream.write("[")
    first = True
    for record in records:
        stream.write(("\n" if first else ",\n") + record_json(record))
        stream.flush()
        first = False
        yield record
    stream.write("\n]\n" if not first else "]\n")
    stream.flush()


def _header(record: ArticleRecord) -> Text:
    header = Text()
    header.append(record.id, style="bold")
    if record.title:
        header.append("\n" + clip(record.title, 160), style="italic")
    facts = []
    if record.outlet:
        facts.append(record.outlet)
    if record.dateline:
        facts.append(record.dateline.strip(" :—-–"))
    if record.byline:
        facts.append(clip(record.byline, 60))
    if record.published:
        facts.append(f"published {record.published}")
    facts.append(f"{record.words} words")
    if record.boilerplate:
        dropped = sum(b.end - b.start for b in record.boilerplate)
        facts.append(f"{dropped} boilerplate chars dropped")
    header.append("\n" + " · ".join(facts), style="dim")
    return header


def _claimant(record: ArticleRecord, claim: Claim) -> str:
    """Who makes the claim, for people: an anonymous source as written ("a U.S. official")."""
    if claim.claimant.name:
        return claim.claimant.name
    if claim.claimant.kind == "outlet":
        return "(the outlet)"
    index = claim.claimant.quote
    if index is not None and index < len(record.quotes):
        speaker = record.quotes[index].speaker
        if speaker is not None:
            return speaker.text
    return "—"


def render_record(record: ArticleRecord, *, verbose: bool = False) -> Group | Panel:
    """One article as a header and its tables."""
    if record.error is not None:
        return Panel(
            Text(f"{record.error.type}: {record.error.message}", style="red"),
            title=record.id,
            title_align="left",
        )
    parts: list[Any] = [_header(record)]
    if record.entities:
        table = titled_table(
            "Entities",
            [("name", {}), ("label", {}), ("mentions", {"justify": "right"})],
        )
        for entity in record.entities:
            table.add_row(entity.name, entity.label, str(len(entity.mentions)))
        parts.append(table)
    if record.quotes:
        table = titled_table(
            "Quotes",
            [
                ("speaker", {"max_width": 24}),
                ("kind", {}),
                ("cue", {"max_width": 14}),
                ("quote", {"max_width": 100}),
            ],
        )
        for quote in record.quotes:
            speaker = "—"
            if quote.speaker is not None:
                speaker = quote.speaker.entity or quote.speaker.text
            table.add_row(speaker, quote.kind, quote.cue.text, clip(quote.quoted_text, 240))
        parts.append(table)
    if record.dates:
        table = titled_table(
            "Dates",
            [("text", {}), ("type", {}), ("value", {})],
        )
        for date in record.dates:
            value = date.value or "?"
            if date.mod:
                value += f" ({date.mod})"
            table.add_row(clip(date.text, 60), date.type, value)
        parts.append(table)
    if record.claims:
        table = titled_table(
            "Claims",
            [
                ("claim", {"max_width": 100}),
                ("claimant", {"max_width": 24}),
                ("modality", {}),
                ("score", {"justify": "right"}),
            ],
        )
        for claim in record.claims:
            table.add_row(
                clip(claim.text, 240),
                _claimant(record, claim),
                claim.modality + (" (negated)" if claim.negated else ""),
                f"{claim.checkworthiness:.2f}",
            )
        parts.append(table)
    if verbose and record.boilerplate:
        table = titled_table("Boilerplate", [("range", {}), ("reason", {})])
        for bp in record.boilerplate:
            table.add_row(f"{bp.start}-{bp.end}", bp.reason)
        parts.append(table)
    return Group(*parts)


def write_tables(
    records: Iterable[ArticleRecord], console: Console, *, verbose: bool = False
) -> Iterator[ArticleRecord]:
    for record in records:
        console.print(render_record(record, verbose=verbose))
        console.print()
        yield record
