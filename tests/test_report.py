"""The HTML report and the CSV/TSV tables, on hand-built records (no model)."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.output.csv_tables import COLUMNS, neutralise, write_comparison_table, write_table
from claimx.output.formats import Table
from claimx.output.report_html import (
    article_payload,
    json_block,
    segments,
    word_diff,
    write_comparison_html,
    write_html,
)
from claimx.records import (
    ArticleRecord,
    BoilerplateRange,
    Claim,
    Claimant,
    DateExpression,
    Entity,
    Mention,
    Quote,
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
    QuoteGroup,
    QuoteWording,
    Wording,
)

TEXT = "MENU\nTrump said on Thursday that talks would resume.\n<script>alert(1)</script>"


def _span(text: str, part: str, cls: type[TextSpan] = TextSpan, **kw: object) -> TextSpan:
    start = text.index(part)
    return cls(text=part, start=start, end=start + len(part), **kw)  # type: ignore[arg-type]


def _record(
    text: str = TEXT, *, record_id: str = "a.txt", title: str | None = "Talks"
) -> ArticleRecord:
    quote_text = _span(text, "talks would resume")
    claim_text = _span(text, "Trump said on Thursday that talks would resume")
    return ArticleRecord(
        id=record_id,
        source=Source(path=record_id, format="text"),
        title=title,
        words=8,
        text=text,
        boilerplate=[BoilerplateRange(start=0, end=4, reason="navigation")],
        entities=[
            Entity(
                name="Donald Trump",
                label="PERSON",
                mentions=[_span(text, "Trump", Mention)],  # type: ignore[list-item]
            )
        ],
        quotes=[
            Quote(
                text=quote_text.text,
                start=quote_text.start,
                end=quote_text.end,
                kind="indirect",
                cue=_span(text, "said"),
                speaker=_span(text, "Trump", Speaker, entity="Donald Trump"),  # type: ignore[arg-type]
            )
        ],
        dates=[
            DateExpression(
                text="Thursday",
                start=text.index("Thursday"),
                end=text.index("Thursday") + 8,
                type="DATE",
                value="2025-11-06",
            )
        ],
        claims=[
            Claim(
                text=claim_text.text,
                start=claim_text.start,
                end=claim_text.end,
                claimant=Claimant(name="Donald Trump", kind="speaker", quote=0),
                entities=["Donald Trump"],
                dates=["2025-11-06"],
                modality="reported",
                negated=False,
                checkworthiness=0.71,
            )
        ],
    )


def _html(records: list[ArticleRecord]) -> str:
    stream = io.StringIO()
    assert list(write_html(records, stream)) == records
    return stream.getvalue()


def _blocks(page: str) -> list[dict[str, object]]:
    found = re.findall(r'<script type="application/json" class="data">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in found]


# --- segments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "spans", "expected"),
    [
        ([10], [(2, 5)], [(2, 5, [0])]),
        # nested: a date inside a claim inside a quote
        ([20], [(0, 20), (5, 15), (8, 10)], [
            (0, 5, [0]), (5, 8, [0, 1]), (8, 10, [0, 1, 2]), (10, 15, [0, 1]), (15, 20, [0]),
        ]),
        # crossing, touching, and one span past the text's end (clipped) and one empty
        ([12], [(0, 6), (4, 9), (9, 30), (3, 3)], [
            (0, 4, [0]), (4, 6, [0, 1]), (6, 9, [1]), (9, 12, [2]),
        ]),
        # a gap between marks is no segment
        ([10], [(0, 2), (5, 7)], [(0, 2, [0]), (5, 7, [1])]),
    ],
)  # fmt: skip
def test_report_segments_cut_overlapping_marks_at_every_boundary(
    length: list[int], spans: list[tuple[int, int]], expected: list[tuple[int, int, list[int]]]
) -> None:
    assert segments(length[0], spans) == expected


def test_report_segments_cover_each_mark_exactly() -> None:
    spans = [(i, i + 7) for i in range(0, 292, 3)] + [(50, 250), (0, 300)]
    cover: dict[int, list[tuple[int, int]]] = {}
    for start, end, marks in segments(300, spans):
        for m in marks:
            cover.setdefault(m, []).append((start, end))
    for m, (start, end) in enumerate(spans):
        pieces = cover[m]
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(a[1] == b[0] for a, b in pairwise(pieces))


# --- HTML ---------------------------------------------------------------------------------


def test_report_payload_tips_say_what_the_record_says() -> None:
    payload = article_payload(_record(), 0)
    tips = {kind: tip for kind, _s, _e, _h, tip in payload["marks"]}
    assert tips["ent"] == "Entity: Donald Trump (PERSON)"
    assert "speaker: Donald Trump" in tips["q"] and "“said”" in tips["q"]
    assert tips["spk"] == "Speaker “Trump” → Donald Trump"
    assert tips["date"] == "Date (DATE): 2025-11-06"
    assert "claimant: Donald Trump" in tips["claim"] and "modality: reported" in tips["claim"]
    assert "0.71" in tips["claim"]
    assert tips["bp"] == "Boilerplate (navigation)"
    # outermost first: the claim (longest) before the quote, the speaker and the entity
    kinds = [m[0] for m in payload["marks"]]
    assert kinds.index("claim") < kinds.index("q") < kinds.index("date")
    # quote, cue and speaker share the speaker's colour
    hues = {m[3] for m in payload["marks"] if m[0] in ("q", "cue", "spk")}
    assert len(hues) == 1 and None not in hues
    # side lists point at marks of the right kind
    (speaker, _hue, items) = payload["quotes"][0]
    assert speaker == "Donald Trump" and payload["marks"][items[0][0]][0] == "q"
    assert payload["marks"][payload["claims"][0][0]][0] == "claim"
    assert payload["marks"][payload["entities"][0][0]][0] == "ent"


def test_report_segments_index_the_text_as_javascript_does() -> None:
    """Past an emoji (two UTF-16 units), the script's offsets shift by one per emoji."""
    record = _record("🙂🙂 " + TEXT)
    payload = article_payload(record, 0)
    text = record.text
    assert text is not None
    utf16 = text.encode("utf-16-le")
    in_code_points = segments(len(text), [(m[1], m[2]) for m in payload["marks"]])
    assert len(payload["segs"]) == len(in_code_points)
    for (start, end, marks), (cp_start, cp_end, cp_marks) in zip(
        payload["segs"], in_code_points, strict=True
    ):
        assert marks == cp_marks
        assert utf16[2 * start : 2 * end].decode("utf-16-le") == text[cp_start:cp_end]
    assert payload["segs"][-1][1] == in_code_points[-1][1] + 2
    quote = next(m for m in payload["marks"] if m[0] == "q")
    assert text[quote[1] : quote[2]] == "talks would resume"


def test_report_gives_each_speaker_its_own_colour() -> None:
    record = _record()
    second = record.quotes[0].model_copy(
        update={"speaker": Speaker(text="MENU", start=0, end=4, entity="Someone Else")}
    )
    record = record.model_copy(update={"quotes": [record.quotes[0], second]})
    payload = article_payload(record, 0)
    assert len({hue for _name, hue, _items in payload["quotes"]}) == 2


def test_report_escapes_markup_from_every_input_field() -> None:
    evil = "</script><script>alert('x')</script><img src=x onerror=alert(1)>"
    record = _record(record_id=f"id{evil}", title=f"T{evil}")
    record = record.model_copy(update={"outlet": evil, "url": "javascript:alert(1)"})
    page = _html([record])
    # one executable script (ours): every other <script is a JSON block or escaped text
    assert len(re.findall(r"<script>", page)) == 1
    assert len(re.findall(r"<script\b", page)) == 2
    assert "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;/script&gt;&lt;script&gt;" in page  # the title, shown as text
    assert 'href="javascript' not in page
    # the JSON block gives the text back exactly
    (block,) = _blocks(page)
    assert block["text"] == record.text and block["title"] == record.title
    assert "\\u003c/script\\u003e" in json_block("</script>")


def test_report_is_self_contained_and_requests_nothing() -> None:
    page = _html([_record()])
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", page)
    assert "@import" not in page and "url(" not in page
    assert page.rstrip().endswith("</html>")


def test_report_writes_an_error_record_and_a_record_without_text() -> None:
    bad = ArticleRecord.model_validate(
        {"id": "b.txt", "source": {"path": "b.txt", "format": "text"},
         "error": {"type": "decode", "message": "not text <b>"}}
    )  # fmt: skip
    bare = _record().model_copy(update={"text": None})
    page = _html([bad, bare])
    blocks = _blocks(page)
    assert blocks[0]["error"] == "decode: not text <b>" and blocks[0]["segs"] == []
    assert blocks[1]["text"] is None and blocks[1]["segs"] == []
    assert "data-error" in page and "not text &lt;b&gt;" not in page.split("<main")[0]


def _comparison() -> Comparison:
    a, b = "a<1>.txt", "b.txt"
    return Comparison(
        matcher="lexical",
        articles=[
            ArticleSummary(id=a, title="<i>A</i>", claims=1, quotes=1),
            ArticleSummary(id=b, title="B", claims=1, quotes=1),
        ],
        claims=[
            ClaimGroup(
                claim="Talks would resume <soon>",
                articles=[a, b],
                count=2,
                credited=["Donald Trump"],
                entities=[],
                checkworthiness=0.7,
                wordings=[
                    Wording(article=a, text="talks would resume", start=29, end=47),
                    Wording(article=b, text="talks resume =1+1", start=0, end=17),
                ],
            )
        ],
        quotes=[
            QuoteGroup(
                speaker="Donald Trump",
                quote="talks would resume",
                articles=[a, b],
                count=2,
                same_wording=False,
                wordings=[
                    QuoteWording(
                        article=a,
                        text="talks would resume",
                        start=29,
                        end=47,
                        kind="indirect",
                        speaker="Trump",
                    ),
                    QuoteWording(
                        article=b,
                        text="talks will resume",
                        start=0,
                        end=17,
                        kind="indirect",
                        speaker="he",
                    ),
                ],
            )
        ],
        conflicts=[
            Conflict(
                kind="number",
                about="how many <talks>",
                values=[
                    ConflictValue(article=a, value="3", text="three talks", start=0, end=4),
                    ConflictValue(article=b, value="4", text="four talks", start=0, end=4),
                ],
            )
        ],
    )


def test_report_word_diff_marks_the_words_that_differ() -> None:
    flags = word_diff("talks would resume", ["talks will resume"])
    assert flags == [("talks ", False), ("would ", True), ("resume", False)]
    assert all(not flag for _w, flag in word_diff("Talks resume.", ["talks resume"]))


def test_report_comparison_shows_groups_diffs_and_conflicts_escaped() -> None:
    record = _record(record_id="a<1>.txt")
    stream = io.StringIO()
    write_comparison_html(_comparison(), [record], stream)
    page = stream.getvalue()
    assert "Talks would resume &lt;soon&gt;" in page
    assert '<mark class="diff">would </mark>' in page
    assert '<mark class="diff">will </mark>' in page
    assert "how many &lt;talks&gt;" in page and ">3<" in page and ">4<" in page
    # a wording links to its article's view at its offsets; b.txt has no view: a label only
    assert 'href="#a0" data-a="0" data-s="29" data-e="47"' in page
    assert '<span class="alabel" title="b.txt">' in page
    assert "<i>A</i>" not in page and "a<1>" not in page.replace("\\u003c", "")


# --- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-5% growth", "'-5% growth"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
        (-3, -3),
        (0.5, 0.5),
        (True, "true"),
        (None, None),
    ],
)
def test_csv_neutralises_formulas_and_keeps_numbers(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected  # type: ignore[arg-type]


def _read(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_csv_quotes_table_has_a_row_per_quote_with_offsets() -> None:
    text = '=cmd|" /C calc"!A0 said: "x, y\nz"'
    record = ArticleRecord(
        id="-a.txt",
        source=Source(path="-a.txt", format="text"),
        text=text,
        quotes=[
            Quote(
                text="x, y\nz",
                start=text.index("x, y"),
                end=len(text) - 1,
                kind="direct",
                cue=_span(text, "said"),
                speaker=_span(text, '=cmd|" /C calc"!A0', Speaker, entity=None),  # type: ignore[arg-type]
            )
        ],
    )
    stream = io.StringIO()
    assert list(write_table([record, _record()], stream, Table.quotes)) == [record, _record()]
    rows = _read(stream.getvalue())
    assert list(rows[0]) == COLUMNS[Table.quotes]
    assert len(rows) == 2
    first = rows[0]
    assert first["article_id"] == "'-a.txt"
    assert first["speaker"] == "'" + '=cmd|" /C calc"!A0'
    assert first["speaker_entity"] == ""
    assert first["quote"] == "x, y\nz"
    assert text[int(first["start"]) : int(first["end"])] == "x, y\nz"
    assert rows[1]["speaker_entity"] == "Donald Trump" and rows[1]["cue"] == "said"


@pytest.mark.parametrize("table", [Table.claims, Table.entities, Table.dates, Table.articles])
def test_csv_tables_have_their_columns_and_one_row_per_item(table: Table) -> None:
    stream = io.StringIO()
    list(write_table([_record()], stream, table, tsv=True))
    rows = _read(stream.getvalue(), "\t")
    assert list(rows[0]) == COLUMNS[table] and len(rows) == 1
    row = rows[0]
    if table is Table.claims:
        assert (row["claimant"], row["modality"], row["negated"]) == (
            "Donald Trump", "reported", "false",
        )  # fmt: skip
        assert float(row["checkworthiness"]) == 0.71 and row["dates"] == "2025-11-06"
    if table is Table.entities:
        assert (row["entity"], row["label"], row["mention"]) == ("Donald Trump", "PERSON", "Trump")
    if table is Table.dates:
        assert row["value"] == "2025-11-06" and row["type"] == "DATE"
    if table is Table.articles:
        assert row["quotes"] == "1" and row["boilerplate_chars"] == "4"


def test_csv_bom_for_excel_and_duckdb_reads_it_back(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        list(write_table([_record(), _record(record_id="b.txt")], stream, Table.claims, bom=True))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', header=true)").fetchall()
    names = [d[0] for d in duckdb.sql(f"SELECT * FROM read_csv('{path}')").description]
    assert names == COLUMNS[Table.claims] and len(rows) == 2


def test_csv_comparison_tables_have_a_row_per_wording_and_value() -> None:
    for table, count in [(Table.claims, 2), (Table.quotes, 2), (Table.conflicts, 2),
                         (Table.articles, 2)]:  # fmt: skip
        stream = io.StringIO()
        write_comparison_table(_comparison(), stream, table)
        assert len(_read(stream.getvalue())) == count
    stream = io.StringIO()
    write_comparison_table(_comparison(), stream, Table.claims)
    assert _read(stream.getvalue())[1]["wording"] == "talks resume =1+1"
    with pytest.raises(ValueError, match="dates"):
        write_comparison_table(_comparison(), io.StringIO(), Table.dates)


# --- CLI ----------------------------------------------------------------------------------

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "csv"], "needs --table"),
        (["-f", "jsonl", "--table", "quotes"], "--table goes with"),
        (["-f", "json", "--bom"], "--bom goes with"),
        (["-f", "csv", "--table", "conflicts"], "is not one of"),
    ],
)
def test_cli_checks_table_options(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text("Nothing here.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--no-cache", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_auto_format_follows_the_output_suffix() -> None:
    from claimx.output.destination import chosen_format
    from claimx.output.formats import OutputFormat, Table

    def chosen(name: str) -> OutputFormat:
        table = Table.quotes if name.lower().endswith((".csv", ".tsv")) else None
        formats = tuple(OutputFormat)
        return chosen_format(
            OutputFormat.auto, Path(name), table, bom=False, allowed=formats, tables=(Table.quotes,)
        )

    assert chosen("r.html") is OutputFormat.html
    assert chosen("r.HTM") is OutputFormat.html
    assert chosen("q.csv") is OutputFormat.csv
    assert chosen("q.tsv") is OutputFormat.tsv
    assert chosen("r.json") is OutputFormat.json
    assert chosen("r.out") is OutputFormat.jsonl


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.model
def test_csv_of_the_corpus_reads_back_in_python_and_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    records_path, quotes_path = tmp_path / "records.jsonl", tmp_path / "quotes.csv"
    for args in (["-o", str(records_path), "--include-text"], ["-o", str(quotes_path), "--bom",
                 "--table", "quotes"]):  # fmt: skip
        result = runner.invoke(app, ["extract", str(CORPUS), *args])
        assert result.exit_code == 0, result.output
    records = {
        r.id: r
        for r in map(ArticleRecord.model_validate_json, records_path.read_text().splitlines())
    }
    with quotes_path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == sum(len(r.quotes) for r in records.values()) > 20
    for row in rows:
        record = records[row["article_id"]]
        assert record.text is not None
        quote = record.quotes[int(row["quote_index"])]
        assert row["quote"].removeprefix("'") == quote.text
        assert record.text[int(row["start"]) : int(row["end"])] == quote.text
        assert row["quoted"].removeprefix("'") == quote.quoted_text
        assert row["speaker_entity"] == ((quote.speaker.entity or "") if quote.speaker else "")
    quotes = duckdb.read_csv(str(quotes_path), header=True)
    assert quotes.columns == COLUMNS[Table.quotes]
    assert duckdb.sql("SELECT count(*) FROM quotes").fetchall() == [(len(rows),)]
    starts = [r[0] for r in duckdb.sql("SELECT start FROM quotes").fetchall()]
    assert starts == [int(row["start"]) for row in rows]
