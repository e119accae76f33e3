"""Output: JSON Lines, a streamed JSON array, and tables that fit a narrow terminal."""

from __future__ import annotations

import io
import json

from rich.console import Console

from claimx.output.records import render_record, write_json_array, write_jsonl
from claimx.records import (
    ArticleRecord,
    Claim,
    Claimant,
    Quote,
    RecordError,
    Source,
    Speaker,
    TextSpan,
)


def _record() -> ArticleRecord:
    quote = Quote(
        text="talks continue",
        start=30,
        end=44,
        kind="indirect",
        cue=TextSpan(text="confirmed", start=16, end=25),
        speaker=Speaker(text="A U.S. official", start=0, end=15, entity=None),
    )
    claim = Claim(
        text="talks continue",
        start=30,
        end=44,
        claimant=Claimant(name=None, kind="speaker", quote=0),
        entities=[],
        dates=[],
        modality="reported",
        negated=False,
        checkworthiness=0.8,
    )
    return ArticleRecord(
        id="a.txt",
        source=Source(path="a.txt", format="text"),
        title="Talks go on",
        words=7,
        quotes=[quote],
        claims=[claim],
    )


def _rendered(record: ArticleRecord, width: int) -> str:
    console = Console(width=width, record=True, no_color=True, file=io.StringIO())
    console.print(render_record(record))
    return console.export_text()


def test_output_tables_fit_an_80_column_terminal_and_name_anonymous_claimants() -> None:
    text = _rendered(_record(), 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Talks go on" in text
    assert "A U.S. official" in text.split("Claims")[1]


def test_output_error_record_shows_its_reason() -> None:
    failed = ArticleRecord(
        id="b.bin",
        source=Source(path="b.bin", format="text"),
        error=RecordError(type="binary", message="binary content, not text"),
    )
    assert "binary content, not text" in _rendered(failed, 80)


def test_output_jsonl_and_json_array_round_trip_unicode_unescaped() -> None:
    records = [_record(), _record().model_copy(update={"id": "é.txt"})]
    lines = io.StringIO()
    list(write_jsonl(records, lines))
    assert [json.loads(line)["id"] for line in lines.getvalue().splitlines()] == ["a.txt", "é.txt"]
    assert "é.txt" in lines.getvalue()
    array = io.StringIO()
    list(write_json_array(records, array))
    assert [r["id"] for r in json.loads(array.getvalue())] == ["a.txt", "é.txt"]
    empty = io.StringIO()
    list(write_json_array([], empty))
    assert json.loads(empty.getvalue()) == []
