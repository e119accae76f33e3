"""claimx.output.dispatch: what each command made, written in each of its formats."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import TypedDict

import pytest

from claimx.output.csv_tables import COLUMNS, COMPARE_COLUMNS
from claimx.output.dispatch import Compared, Matches, Records, Style, write
from claimx.output.formats import OutputFormat, Table
from claimx.records import (
    ArticleRecord,
    BoilerplateRange,
    Claim,
    Claimant,
    Entity,
    Mention,
    Quote,
    RecordError,
    Source,
    Speaker,
    TextSpan,
)
from claimx.records.comparison import (
    ArticleSummary,
    ClaimGroup,
    Comparison,
    Conflict,
    ConflictValue,
    Wording,
)
from claimx.records.match import ClaimMatches, FactCheckMatch, MatchedSpan

F = OutputFormat
ESCAPE = "\x1b["
SGR = re.compile(r"\x1b\[([0-9;]*)m")
# SGR colour codes: foreground and background, standard, bright, 256 and true colour.
COLOUR_CODES = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def coloured(text: str) -> bool:
    """Whether `text` sets a colour (bold, italic and dim are styles, not colours)."""
    return any(
        int(code) in COLOUR_CODES
        for params in SGR.findall(text)
        for code in params.split(";")
        if code
    )


def unstyled(text: str) -> str:
    return SGR.sub("", text)


TEXT = 'MENU\n"Taxes rose," Jane Smith said. Taxes rose 5% in 2024.'


class Located(TypedDict):
    text: str
    start: int
    end: int


def _span(text: str) -> Located:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def _article(number: int) -> ArticleRecord:
    return ArticleRecord(
        id=f"article-{number}.txt",
        source=Source(path=f"article-{number}.txt", format="text"),
        title=f"Budget story {number}",
        words=9,
        text=TEXT,
        boilerplate=[BoilerplateRange(start=0, end=4, reason="navigation-menu")],
        entities=[
            Entity(name="Jane Smith", label="PERSON", mentions=[Mention(**_span("Jane Smith"))])
        ],
        quotes=[
            Quote(
                **_span("Taxes rose,"),
                kind="direct",
                cue=TextSpan(**_span("said")),
                speaker=Speaker(**_span("Jane Smith"), entity="Jane Smith"),
            )
        ],
        claims=[
            Claim(
                **_span("Taxes rose 5% in 2024."),
                claimant=Claimant(name=None, kind="outlet"),
                entities=[],
                dates=["2024"],
                modality="asserted",
                negated=False,
                checkworthiness=0.75,
            )
        ],
    )


FAILED = ArticleRecord(
    id="broken.bin",
    source=Source(path="broken.bin", format="text"),
    error=RecordError(type="binary", message="binary content, not text"),
)
RECORDS = [_article(1), FAILED, _article(2)]


def _comparison() -> Comparison:
    ids = ["article-1.txt", "article-2.txt"]
    return Comparison(
        matcher="lexical",
        articles=[ArticleSummary(id=i, title="Budget", claims=1, quotes=1) for i in ids],
        claims=[
            ClaimGroup(
                claim="Taxes rose 5% in 2024.",
                articles=ids,
                count=2,
                credited=["the outlet"],
                entities=[],
                checkworthiness=0.75,
                wordings=[Wording(article=i, **_span("Taxes rose 5% in 2024.")) for i in ids],
            )
        ],
        quotes=[],
        conflicts=[
            Conflict(
                kind="number",
                about="taxes rose",
                values=[
                    ConflictValue(article=ids[0], value="5", text="5%", start=0, end=2),
                    ConflictValue(article=ids[1], value="6", text="6%", start=0, end=2),
                ],
            )
        ],
    )


MATCHES = [
    ClaimMatches(
        article="article-1.txt",
        claim=MatchedSpan(text="Taxes rose 5% in 2024.", start=35, end=57, kind="claim"),
        matches=[
            FactCheckMatch(
                id="fc-1",
                score=0.9,
                claim="Taxes rose by 5 percent last year",
                rating="Mostly true",
                reviewer="FactCheckers",
                url=None,
                published="2025-01-02",
            )
        ],
    ),
    ClaimMatches(
        article="article-2.txt",
        claim=MatchedSpan(text="Budget story 2", start=None, end=None, kind="title"),
        matches=[],
    ),
]


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a user's shell is."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether escapes are written must depend on the stream and Style, not on the CI's env."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def _written(content: Records | Compared | Matches, fmt: OutputFormat, **style: object) -> str:
    stream = io.StringIO()
    write(content, fmt, stream, Style(**style))  # type: ignore[arg-type]
    return stream.getvalue()


# Records


def test_records_as_json_are_one_valid_array_in_input_order() -> None:
    written = _written(Records(RECORDS), F.json)
    parsed = json.loads(written)
    assert [r["id"] for r in parsed] == ["article-1.txt", "broken.bin", "article-2.txt"]
    assert parsed[0] == RECORDS[0].model_dump(mode="json")
    assert json.loads(_written(Records([]), F.json)) == []


def test_records_as_json_lines_are_one_line_per_record() -> None:
    lines = _written(Records(RECORDS), F.jsonl).splitlines()
    assert len(lines) == 3
    assert [ArticleRecord.model_validate_json(line) for line in lines] == RECORDS


def test_auto_to_a_pipe_is_json_lines_and_to_a_terminal_tables() -> None:
    assert _written(Records(RECORDS), F.auto) == _written(Records(RECORDS), F.jsonl)
    terminal = Terminal()
    write(Records(RECORDS), F.auto, terminal, Style(color=False))
    assert "Entities" in terminal.getvalue()
    assert not terminal.getvalue().lstrip().startswith("{")


def test_records_are_written_as_they_come() -> None:
    stream = io.StringIO()
    seen_before: list[int] = []

    def records() -> Iterator[ArticleRecord]:
        for record in RECORDS:
            seen_before.append(len(stream.getvalue().splitlines()))
            yield record

    write(Records(records()), F.jsonl, stream, Style())
    assert seen_before == [0, 1, 2]  # each record's line was out before the next was made


@pytest.mark.parametrize(("fmt", "delimiter"), [(F.csv, ","), (F.tsv, "\t")])
def test_records_as_a_spreadsheet_have_a_row_per_quote(fmt: OutputFormat, delimiter: str) -> None:
    written = _written(Records(RECORDS), fmt, table=Table.quotes)
    rows = list(csv.reader(io.StringIO(written), delimiter=delimiter))
    assert rows[0] == COLUMNS[Table.quotes]
    assert [row[0] for row in rows[1:]] == ["article-1.txt", "article-2.txt"]
    quote = dict(zip(rows[0], rows[1], strict=True))
    assert (quote["quote"], quote["speaker_entity"], quote["cue"]) == (
        "Taxes rose,",
        "Jane Smith",
        "said",
    )


def test_the_spreadsheet_table_decides_the_rows() -> None:
    rows = list(csv.reader(io.StringIO(_written(Records(RECORDS), F.csv, table=Table.articles))))
    assert rows[0] == COLUMNS[Table.articles]
    assert [row[0] for row in rows[1:]] == ["article-1.txt", "broken.bin", "article-2.txt"]


def test_a_byte_order_mark_only_when_asked() -> None:
    assert _written(Records(RECORDS), F.csv, table=Table.claims, bom=True).startswith("\ufeff")
    assert not _written(Records(RECORDS), F.csv, table=Table.claims).startswith("\ufeff")


def test_records_as_a_report_are_one_html_page() -> None:
    written = _written(Records(RECORDS), F.html)
    assert written.lstrip().lower().startswith("<!doctype html")
    assert written.rstrip().endswith("</html>")
    assert "article-2.txt" in written


def test_record_tables_show_each_article_and_its_findings() -> None:
    written = _written(Records(RECORDS), F.table)
    for expected in ("article-1.txt", "Jane Smith", "Taxes rose 5% in 2024.", "binary content"):
        assert expected in written
    assert ESCAPE not in written  # a StringIO is no terminal


def test_boilerplate_ranges_are_listed_only_when_asked() -> None:
    listed = _written(Records(RECORDS), F.table, boilerplate=True)
    plain = _written(Records(RECORDS), F.table)
    assert "Boilerplate" in listed
    assert re.search(r"0-4\s.*navigation-menu", listed)
    assert "Boilerplate" not in plain
    assert "navigation-menu" not in plain


def test_tables_on_a_terminal_are_coloured_unless_colour_is_off() -> None:
    colour, plain = Terminal(), Terminal()
    write(Records(RECORDS), F.table, colour, Style(color=True))
    write(Records(RECORDS), F.table, plain, Style(color=False))
    assert coloured(colour.getvalue())  # the test can tell colour when there is some
    assert not coloured(plain.getvalue())
    # The same words either way.
    assert unstyled(plain.getvalue()) == unstyled(colour.getvalue())


def test_tables_to_what_is_no_terminal_have_no_escapes_at_all() -> None:
    for color in (True, False):
        assert ESCAPE not in _written(Records(RECORDS), F.table, color=color)
        assert ESCAPE not in _written(Compared(_comparison(), []), F.table, color=color)
        assert ESCAPE not in _written(Matches(MATCHES), F.table, color=color)


def test_no_colour_on_a_terminal_keeps_bold_and_dim() -> None:
    """--no-color means no colours (as NO_COLOR does): bold, italic and dim still show."""
    plain = Terminal()
    write(Records(RECORDS), F.table, plain, Style(color=False))
    assert "\x1b[1marticle-1.txt" in plain.getvalue()


def test_no_color_in_the_environment_turns_colour_off_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    write(Records(RECORDS), F.table, stream, Style(color=True))
    assert not coloured(stream.getvalue())


# Compared


def test_a_comparison_as_json_is_one_object() -> None:
    comparison = _comparison()
    parsed = json.loads(_written(Compared(comparison, RECORDS), F.json))
    assert Comparison.model_validate(parsed) == comparison


def test_a_comparison_as_json_lines_is_a_header_then_a_line_per_group() -> None:
    lines = [
        json.loads(line) for line in _written(Compared(_comparison(), []), F.jsonl).splitlines()
    ]
    assert [line["type"] for line in lines] == ["comparison", "claim", "conflict"]
    assert [a["id"] for a in lines[0]["articles"]] == ["article-1.txt", "article-2.txt"]


def test_a_comparison_as_a_spreadsheet_has_a_row_per_value() -> None:
    written = _written(Compared(_comparison(), []), F.csv, table=Table.conflicts)
    rows = list(csv.reader(io.StringIO(written)))
    assert rows[0] == COMPARE_COLUMNS[Table.conflicts]
    assert [(row[4], row[5]) for row in rows[1:]] == [
        ("article-1.txt", "5"),
        ("article-2.txt", "6"),
    ]


def test_comparison_tables_show_shared_claims_and_conflicts() -> None:
    written = _written(Compared(_comparison(), []), F.table)
    assert "2 articles compared" in written
    assert "Claims in several articles" in written
    assert "Conflicts" in written
    plain, colour = Terminal(), Terminal()
    write(Compared(_comparison(), []), F.table, plain, Style(color=False))
    write(Compared(_comparison(), []), F.table, colour, Style(color=True))
    assert coloured(colour.getvalue())
    assert not coloured(plain.getvalue())


def test_a_comparison_report_is_one_html_page() -> None:
    written = _written(Compared(_comparison(), RECORDS), F.html)
    assert written.lstrip().lower().startswith("<!doctype html")
    assert "article-1.txt" in written


# Matches


def test_matches_as_json_and_json_lines() -> None:
    array = json.loads(_written(Matches(MATCHES), F.json))
    assert [ClaimMatches.model_validate(m) for m in array] == MATCHES
    lines = _written(Matches(iter(MATCHES)), F.jsonl).splitlines()
    assert [ClaimMatches.model_validate_json(line) for line in lines] == MATCHES
    assert _written(Matches(MATCHES), F.auto) == _written(Matches(MATCHES), F.jsonl)


def test_match_tables_show_a_table_per_article() -> None:
    written = _written(Matches(MATCHES), F.table)
    for expected in (
        "article-1.txt",
        "article-2.txt",
        "Mostly true",
        "0.90",
        "no fact-check found",
    ):
        assert expected in written
    plain = Terminal()
    write(Matches(MATCHES), F.table, plain, Style(color=False))
    assert not coloured(plain.getvalue())
