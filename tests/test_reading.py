"""Reading inputs: encodings, bad files and JSON Lines never stop a run."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimx.errors import InputError
from claimx.read.inputs import decode, iter_paths, read_inputs

TEXT = "Café owners said “prices will rise” in Zürich.\r\nSecond line."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le").join([b"\xff\xfe", b""]),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "cp1252"],
)
def test_reading_decodes_common_encodings_keeping_line_endings(data: bytes) -> None:
    assert decode(data) == TEXT


def test_reading_decodes_latin1() -> None:
    text = "Le ministre a déclaré à Genève que la réunion était terminée. " * 3
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 200, "binary"),
    ],
)
def test_reading_refuses_empty_and_binary_data(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data)
    assert info.value.kind == kind


def test_reading_walks_directories_sorted_and_filters_by_suffix(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.jpg", "sub/d.jsonl", "sub/e.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [Path(p).relative_to(tmp_path).as_posix() for p in iter_paths([str(tmp_path)])]
    assert names == ["a.md", "b.txt", "sub/d.jsonl", "sub/e.html"]
    chosen = list(iter_paths([str(tmp_path)], globs=("*.txt",)))
    assert [Path(p).name for p in chosen] == ["b.txt"]


def test_reading_skips_hidden_files_and_folders_unless_named(tmp_path: Path) -> None:
    # 'claimx extract .' in a project folder read .venv's LICENSE.txt files as articles.
    for name in ("a.txt", ".venv/lib/LICENSE.txt", ".git/HEAD.txt", ".notes.md", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [Path(p).relative_to(tmp_path).as_posix() for p in iter_paths([str(tmp_path)])]
    assert names == ["a.txt", "sub/b.txt"]
    named = [str(tmp_path / ".notes.md"), str(tmp_path / ".venv")]
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_paths(named)]
    assert found == [".notes.md", ".venv/lib/LICENSE.txt"]


def test_reading_reads_each_file_once_however_often_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'claimx extract a.txt a.txt folder/' gave three records of a.txt under one id.
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    a = str(tmp_path / "a.txt")
    found = [Path(p).name for p in iter_paths([a, a, str(tmp_path)])]
    assert found == ["a.txt", "b.txt"]
    assert caplog.text.count("not read again: it was named more than once") == 3


def test_reading_turns_each_bad_input_into_an_error_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "1-good.txt").write_text("The minister said the talks went well.", "utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "4-latin1.txt").write_bytes("Le président a parlé.".encode("latin-1"))
    (tmp_path / "5-utf16.txt").write_bytes("Officials said so.".encode("utf-16"))
    (tmp_path / "6-locked.txt").write_text("secret")
    (tmp_path / "7-big.txt").write_text("word " * 100)
    lines = [
        '{"id": "a", "text": "First article.", "published": "2025-11-07"}',
        "{not json",
        '{"id": "c"}',
        "",
        '{"id": "d", "text": "Fourth article."}',
    ]
    (tmp_path / "8-articles.jsonl").write_text("\n".join(lines), "utf-8")
    real_open = os.open

    def open_file(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("6-locked.txt"):  # root may read anything: refuse by hand
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    docs = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")], max_bytes=300))

    outcome = [(d.id.rsplit("/", 1)[-1], d.error.type if d.error else None) for d in docs]
    assert outcome == [
        ("1-good.txt", None),
        ("2-empty.txt", "empty"),
        ("3-binary.txt", "binary"),
        ("4-latin1.txt", None),
        ("5-utf16.txt", None),
        ("6-locked.txt", "unreadable"),
        ("7-big.txt", "too-large"),
        ("a", None),
        ("8-articles.jsonl:2", "jsonl"),
        ("8-articles.jsonl:3", "jsonl"),
        ("d", None),
        ("missing.txt", "not-found"),
    ]
    assert docs[3].text == "Le président a parlé."
    assert docs[7].published == "2025-11-07"
    assert docs[8].source.line == 2
    assert all(d.error.message for d in docs if d.error)


def test_reading_limits_and_decodes_jsonl_line_by_line(tmp_path: Path) -> None:
    long_text = "word " * 100
    lines = [
        b'\xef\xbb\xbf{"id": "a", "text": "Short."}',
        ('{"id": "b", "text": "' + long_text + '"}').encode(),
        b'{"id": "c", "text": "caf\xe9"}',
        b'{"id": "d", "text": "Also short."}',
    ]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines))
    docs = list(read_inputs([str(tmp_path / "in.jsonl")], max_bytes=200))
    assert [(d.id, d.error.type if d.error else None) for d in docs] == [
        ("a", None),
        (f"{tmp_path / 'in.jsonl'}:2", "too-large"),
        (f"{tmp_path / 'in.jsonl'}:3", "decode"),
        ("d", None),
    ]


def test_jsonl_metadata_is_read_under_the_names_feeds_and_archives_use(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = [
        # PolNeAR
        '{"doc_id": "x", "publisher": "breitbart", "publication_date": "2015-11-11",'
        ' "title": "T", "text": "One."}',
        # NewsAPI-like, and schema.org names
        '{"publishedAt": "2020-03-12T10:00:00Z", "link": "https://e.org/a", "text": "Two."}',
        '{"headline": "H", "datePublished": "2021-01-02", "text": "Three."}',
        # the first name present wins; a bad date is named by its own field
        '{"published": "2022-05-06", "date": "2001-01-01", "Outlet": "O", "publisher": "P",'
        ' "text": "Four."}',
        '{"publication_date": "last week", "text": "Five."}',
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), "utf-8")
    docs = list(read_inputs([str(tmp_path / "feed.jsonl")]))
    got = [(d.title, d.published, d.url, d.outlet) for d in docs]
    assert got == [
        ("T", "2015-11-11", None, "breitbart"),
        (None, "2020-03-12T10:00:00Z", "https://e.org/a", None),
        ("H", "2021-01-02", None, None),
        (None, "2022-05-06", None, "O"),
        (None, None, None, None),
    ]
    assert "'publication_date' \"last week\" is not an ISO 8601 date" in caplog.text


FRAGMENT = (
    "<div class='entry'><p>The minister said the plan had failed.</p>"
    "<p>&ldquo;We will try again,&rdquo; she told reporters in Paris on Tuesday.</p>"
    "<p>Officials said the talks would resume in March, after the elections.</p></div>"
)
PAGE = (
    "<!doctype html><html><head><title>Talks to resume</title></head><body><article>"
    "<p>Officials said the talks would resume in March, after the elections in the north.</p>"
    "<p>The ministry confirmed that both delegations had accepted the new calendar.</p>"
    "</article></body></html>"
)


def test_a_jsonl_body_in_html_is_read_as_html(tmp_path: Path) -> None:
    # Feeds carry bodies as HTML (RSS content:encoded): read as text, tags and entities
    # ended up inside quotes and claims.
    lines = [
        json.dumps({"id": "a", "title": "Plan fails", "text": FRAGMENT}),
        json.dumps({"id": "b", "text": PAGE}),
        json.dumps({"id": "c", "text": "A plain body that mentions <p> once."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), "utf-8")
    a, b, c = read_inputs([str(tmp_path / "feed.jsonl")])
    assert "<" not in a.text and "&ldquo;" not in a.text and "“We will try again,”" in a.text
    assert (a.source.format, a.source.line, a.title) == ("html", 1, "Plan fails")
    assert (b.source.format, b.source.line, b.title) == ("html", 2, "Talks to resume")
    assert (c.source.format, c.text) == ("jsonl", "A plain body that mentions <p> once.")


def test_reading_plain_jsonl_never_imports_trafilatura(tmp_path: Path) -> None:
    # trafilatura takes about a second to import: only an HTML body may cost it.
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "Plain."}), "utf-8")
    code = (
        "import sys; from claimx.read.inputs import read_inputs; "
        f"docs = list(read_inputs([{str(tmp_path / 'feed.jsonl')!r}])); "
        "assert docs[0].text == 'Plain.'; assert 'trafilatura' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_jsonl_body_is_read_under_the_names_scrapers_and_archives_give_it(
    tmp_path: Path,
) -> None:
    lines = [
        {"id": "np", "maintext": "From news-please."},
        {"id": "so", "articleBody": "From schema.org."},
        {"id": "cms", "Body": "From a CMS.", "content": "Not this one."},
        {"id": "both", "text": "The text wins.", "body": "Not this one."},
        {"id": "none", "headline": "H", "summary": "S"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    docs = {d.id: d for d in read_inputs([str(tmp_path / "feed.jsonl")])}
    assert [docs[k].text for k in ("np", "so", "cms", "both")] == [
        "From news-please.",
        "From schema.org.",
        "From a CMS.",
        "The text wins.",
    ]
    # One line says which fields the line has, so a wrong export is fixed at once.
    error = docs[f"{tmp_path / 'feed.jsonl'}:5"].error
    assert error is not None and "the line has: id, headline, summary" in error.message


def test_a_jsonl_text_that_is_no_string_is_named_as_such(tmp_path: Path) -> None:
    # A null or numeric 'text' was "no string field 'text' ...; the line has: id, text".
    lines = [{"id": "n", "text": None}, {"id": "i", "text": 12}, {"id": "o", "text": {"a": 1}}]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    messages = [d.error.message for d in read_inputs([str(tmp_path / "f.jsonl")]) if d.error]
    assert messages == [
        "no article text: 'text' is null",
        "no article text: 'text' is a number, not text",
        "no article text: 'text' is an object, not text",
    ]


def test_a_csv_of_articles_gives_one_document_per_row(tmp_path: Path) -> None:
    # Before, a CSV was one "article" whose claims began '1,Plan fails,"The minister...'.
    table = (
        "id,Title,Body,published\n"
        '1,Plan fails,"The minister said the plan had failed.\n\n'
        'Talks resume in March.",2025-03-01\n'
        "2,Short,,\n"
        "3,Too many,fields,here,and,there\n"
        "4,Budget,The mayor said the budget was cut.,\n"
    )
    (tmp_path / "articles.csv").write_text(table, "utf-8")
    docs = list(read_inputs([str(tmp_path / "articles.csv")]))
    got = [(d.id, d.source.line, d.error.type if d.error else None) for d in docs]
    where = f"{tmp_path / 'articles.csv'}"
    assert got == [
        ("1", 2, None),
        (f"{where}:5", 5, "csv"),
        (f"{where}:6", 6, "csv"),
        ("4", 7, None),
    ]
    assert docs[0].text.endswith("\n\nTalks resume in March.")
    assert (docs[0].title, docs[0].published, docs[0].source.format) == (
        "Plan fails",
        "2025-03-01",
        "csv",
    )
    assert "no article text" in docs[1].error.message  # type: ignore[union-attr]


def test_csv_from_a_spreadsheet_in_any_locale_and_encoding(tmp_path: Path) -> None:
    (tmp_path / "excel.csv").write_bytes(
        "titre;text\nCaf\xe9;Le caf\xe9 a ferm\xe9.\n".encode("cp1252")
    )
    (tmp_path / "sheet.tsv").write_text("text\tid\nOne article.\ta\n", "utf-8-sig")
    excel, sheet = read_inputs([str(tmp_path / "excel.csv"), str(tmp_path / "sheet.tsv")])
    assert excel.text == "Le café a fermé."
    assert (sheet.id, sheet.text) == ("a", "One article.")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("url,date,summary", "names no article text column"),
        ("article_id,date_index,text,start,end,type,value,mod", "a claimx CSV table"),
    ],
)
def test_a_csv_that_holds_no_articles_is_one_error(
    tmp_path: Path, header: str, message: str
) -> None:
    (tmp_path / "t.csv").write_text(header + "\n" + ",".join("x" * len(header.split(","))) + "\n")
    (doc,) = read_inputs([str(tmp_path / "t.csv")])
    assert doc.error is not None and message in doc.error.message


def test_max_bytes_applies_to_each_row_of_a_csv(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("text\n" + "word " * 100 + "\nShort.\n", "utf-8")
    big, small = read_inputs([str(tmp_path / "t.csv")], max_bytes=200)
    assert big.error is not None and big.error.type == "too-large"
    assert small.text == "Short."


def test_a_json_file_of_articles_gives_one_document_per_article(tmp_path: Path) -> None:
    # Before, a JSON export was one "article" whose claims were made of its JSON text.
    files = {
        "list.json": [{"id": "a", "title": "T", "text": "One."}, {"body": "Two."}, 3],
        "one.json": {"headline": "H", "articleBody": "Three."},
        "newsapi.json": {"status": "ok", "articles": [{"title": "N", "content": "Four."}]},
        "search.json": {"response": {"docs": [{"text": "Five."}]}},
        "other.json": {"status": "ok", "count": 0},
    }
    for name, value in files.items():
        (tmp_path / name).write_text(json.dumps(value), "utf-8")
    (tmp_path / "broken.json").write_text('[{"text": "Six."', "utf-8")
    names = [*files, "broken.json"]
    docs = list(read_inputs([str(tmp_path / name) for name in names]))
    got = [(d.text, d.title, d.source.line, d.error.type if d.error else None) for d in docs]
    assert got == [
        ("One.", "T", 1, None),
        ("Two.", None, 2, None),
        ("", None, 3, "json"),
        ("Three.", "H", 1, None),
        ("Four.", "N", 1, None),
        ("Five.", None, 1, None),
        ("", None, None, "json"),
        ("", None, None, "json"),
    ]
    assert {d.source.format for d in docs} == {"json"}


@pytest.mark.parametrize(
    ("start", "named"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"\x89PNG\r\n\x1a\n", "an image"),
    ],
)
def test_a_file_named_by_mistake_is_told_by_its_kind_and_what_to_do(
    start: bytes, named: str
) -> None:
    # Before, each was "not text in any known encoding (binary file?)".
    with pytest.raises(InputError) as raised:
        decode(start + bytes(range(256)) * 4)
    assert raised.value.kind == "binary"
    assert str(raised.value).startswith(named) and "claimx reads text, HTML" in str(raised.value)


def test_gzip_compressed_inputs_are_read_through(tmp_path: Path) -> None:
    # Archives keep articles.jsonl.gz; before, each such file was one "binary" error.
    folder = tmp_path / "archive"
    folder.mkdir()
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": f"Article {i}."}) for i in range(3))
    (folder / "wire.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (folder / "page.txt.gz").write_bytes(gzip.compress(b"Plain text, compressed."))
    (tmp_path / "table.csv.gz").write_bytes(gzip.compress(b"text\nFrom a table.\n"))
    docs = list(read_inputs([str(folder), str(tmp_path / "table.csv.gz")]))
    assert [d.text for d in docs] == [
        "Plain text, compressed.",
        "Article 0.",
        "Article 1.",
        "Article 2.",
        "From a table.",
    ]
    assert [d.source.format for d in docs] == ["text", "jsonl", "jsonl", "jsonl", "csv"]


def test_a_cut_short_gzip_file_keeps_what_came_before(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"text": "x " * 2000 + str(i)}) for i in range(50))
    whole = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    docs = list(read_inputs([str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "cut.txt.gz")]))
    errors = [d for d in docs if d.error is not None]
    assert len(docs) > 3 and [d.error.type for d in errors] == ["decode", "decode"]  # type: ignore[union-attr]
    assert "ends early" in errors[0].error.message  # type: ignore[union-attr]
