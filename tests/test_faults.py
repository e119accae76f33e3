"""The fault catalogue: what goes wrong on a user's machine and a user's inputs, one test each.

Every case here once ended a run, lost records or hung. The tests run on a blank pipeline
(`load_pipeline` is replaced), so they need no statistical model.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from claimx.cli import app

runner = CliRunner()

ARTICLE = "The council approved the budget on Tuesday. The mayor said it was fair.\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Budget</title></head><body><article>"
    "<p>The council approved the budget on Tuesday after a long debate about spending on "
    "schools, roads and the public library.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def blank_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run in this file uses spaCy's blank English pipeline instead of the model."""

    def load(options: object) -> Language:
        return spacy.blank("en")

    monkeypatch.setattr("claimx.nlp.pipeline.load_pipeline", load)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.html").write_text(PAGE, encoding="utf-8")
    (folder / "c.jsonl").write_text(json.dumps({"id": "c1", "text": ARTICLE}) + "\n", "utf-8")
    return folder


def _records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["extract", *args, "-f", "jsonl", "--no-cache"])
    return result.exit_code, _records(result.stdout), result.stderr


def test_a_failing_html_reader_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(markup: str) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr("claimx.read.html.read_html", broken)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [r["id"] for r in records] == [
        str(tmp_path / "in" / "a.txt"),
        str(tmp_path / "in" / "b.html"),
        "c1",
    ]
    errors = [r["error"] for r in records if r["error"]]
    assert errors == [
        {"type": "internal", "message": "internal error: RuntimeError: parser exploded"}
    ]
    assert stderr.splitlines() == [
        f"claimx: {tmp_path / 'in' / 'b.html'}: internal error: RuntimeError: parser exploded"
    ]
    assert "Traceback" not in stderr


def test_missing_html_support_names_the_package_and_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(markup: str) -> None:
        raise ImportError(
            "lxml.html.clean module is now a separate project lxml_html_clean",
            name="lxml.html.clean",
        )

    monkeypatch.setattr("claimx.read.html.read_html", missing)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert len(records) == 3
    (error,) = [r["error"] for r in records if r["error"]]
    assert error["type"] == "missing-dependency"  # type: ignore[index]
    assert "pip install 'lxml_html_clean'" in error["message"]  # type: ignore[index]
    assert len(stderr.splitlines()) == 1


def test_a_failing_cleaner_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimx.run.worker

    real_clean = claimx.run.worker.clean_document

    def clean(document):  # type: ignore[no-untyped-def]
        if document.id.endswith("a.txt"):
            raise ValueError("bad layout")
        return real_clean(document)

    monkeypatch.setattr(claimx.run.worker, "clean_document", clean)
    code, records, _ = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [r["error"]["type"] for r in records if r["error"]] == ["internal"]  # type: ignore[index]
    assert sum(1 for r in records if not r["error"]) == 2


def test_a_failing_record_build_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimx.nlp.build

    real_build = claimx.nlp.build.record_from_doc

    def build(doc, document, *, include_text):  # type: ignore[no-untyped-def]
        if document.id == "c1":
            raise KeyError("span")
        return real_build(doc, document, include_text=include_text)

    monkeypatch.setattr(claimx.nlp.build, "record_from_doc", build)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [(r["id"], bool(r["error"])) for r in records][-1] == ("c1", True)
    assert sum(1 for r in records if not r["error"]) == 2
    assert stderr.count("\n") == 1


def test_an_unexpected_error_is_one_line_without_traceback_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from claimx.cli import main

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret article text\nsecond line")

    monkeypatch.setattr("claimx.run.extract.extract_paths", explode)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["claimx", "extract", str(tmp_path / "a.txt")])
    monkeypatch.delenv("CLAIMX_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "claimx: internal error: RuntimeError: secret article text second line "
        "(run with --debug for the traceback)"
    ]
    monkeypatch.setenv("CLAIMX_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main()


# --- 1, 2: the output is never read back, and never an input -----------------------------


def _articles(folder: Path, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(count):
        (folder / f"{number:03}.txt").write_text(f"Article {number}. {ARTICLE}", "utf-8")


def test_output_into_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _articles(folder, 12)
    out = folder / "records.jsonl"
    result = runner.invoke(
        app, ["extract", str(folder), "-o", str(out), "--batch-size", "2", "--no-cache"]
    )
    assert result.exit_code == 0, result.stderr
    records = _records(out.read_text("utf-8"))
    assert len(records) == 12
    assert all(not r["error"] for r in records)
    assert result.stderr.splitlines() == [f"claimx: {out}: not read: it is this run's output"]


def test_stdout_redirected_into_the_input_folder_is_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimx.cli import main

    folder = tmp_path / "in"
    _articles(folder, 6)
    out = folder / "out.jsonl"
    with out.open("w", encoding="utf-8") as redirected:  # as the shell's `> in/out.jsonl`
        monkeypatch.setattr(sys, "stdout", redirected)
        monkeypatch.setattr(
            sys, "argv", ["claimx", "extract", str(folder), "--batch-size", "2", "--no-cache"]
        )
        with pytest.raises(SystemExit) as exit_info:
            main()
    assert exit_info.value.code == 0
    assert len(_records(out.read_text("utf-8"))) == 6


def test_output_naming_an_input_is_refused_before_it_is_emptied(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["extract", str(article), "-o", str(article), "--no-cache"])
    assert result.exit_code == 2
    assert article.read_text("utf-8") == ARTICLE
    assert result.stderr.splitlines() == [
        f"claimx: error: -o {article} is also an input: it would be emptied before it is read"
    ]


def test_output_naming_an_article_inside_an_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _articles(folder, 2)
    (article,) = sorted(folder.glob("*.txt"))[:1]
    before = article.read_text("utf-8")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(article), "--no-cache"])
    assert result.exit_code == 2
    assert article.read_text("utf-8") == before
    assert "is an article in an input folder" in result.stderr


def test_rerun_may_overwrite_its_own_output_inside_the_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _articles(folder, 2)
    out = folder / "records.jsonl"
    for _ in range(2):
        result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--no-cache"])
        assert result.exit_code == 0, result.stderr
    assert len(_records(out.read_text("utf-8"))) == 2


# --- 3: every read bounded, no pipe waited on forever --------------------------------------


def test_max_bytes_bounds_a_read_that_never_ends() -> None:
    from claimx.read.inputs import read_path

    (document,) = read_path("/dev/zero", max_bytes=1000)
    assert document.error is not None
    assert document.error.type == "too-large"


def test_max_bytes_bounds_a_pipe_as_it_is_read(tmp_path: Path) -> None:
    import os
    import threading

    from claimx.read.inputs import read_path

    fifo = tmp_path / "big.txt"
    os.mkfifo(fifo)
    written: list[int] = []

    def writer() -> None:
        # Unbuffered, and the closing inside the try: a buffered close would flush into the
        # pipe the reader has left and raise BrokenPipeError outside it (a flaky failure).
        try:
            with fifo.open("wb", buffering=0) as stream:
                for _ in range(2000):  # 20 MB, far more than is read
                    written.append(stream.write(b"word " * 2000))
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer)
    thread.start()
    (document,) = read_path(str(fifo), max_bytes=1000)
    thread.join(timeout=10)
    assert document.error is not None
    assert document.error.type == "too-large"
    assert sum(written) < 20_000_000


def test_records_left_in_the_input_folder_are_not_read_as_articles(tmp_path: Path) -> None:
    # `extract in/ -o in/records.jsonl` once, then `extract in/` again: the records file is
    # an earlier run's output, not a file of articles whose every line would be an error.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    first = runner.invoke(
        app, ["extract", str(folder), "--no-cache", "-o", str(folder / "r.jsonl")]
    )
    assert first.exit_code == 0
    code, records, stderr = _run(str(folder))
    assert code == 0
    assert [r["id"] for r in records] == [str(folder / "a.txt")]
    assert (
        stderr == f"claimx: {folder / 'r.jsonl'}: not read: it holds claimx records, not "
        "articles (name it to compare or match them)\n"
    )


def test_a_records_file_named_to_extract_says_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    records_file = tmp_path / "r.jsonl"
    runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--no-cache", "-o", str(records_file)])
    # As a JSON array too (-o r.json), which was read as an article's text before.
    array_file = tmp_path / "r.json"
    runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--no-cache", "-o", str(array_file)])
    for named, fmt in ((records_file, "jsonl"), (array_file, "text")):
        code, records, stderr = _run(str(named))
        assert code == 1
        assert [r["error"] for r in records] == [
            {
                "type": "jsonl",
                "message": "claimx records, not articles: compare or match take records",
            }
        ]
        assert records[0]["source"]["format"] == fmt  # type: ignore[index]
        assert stderr.count("\n") == 1


MATCH_LINE = {
    "schema_version": 1,
    "article": "a.txt",
    "claim": {"text": "Unemployment fell.", "start": 0, "end": 18, "kind": "claim"},
    "matches": [],
}
# `compare -f json` writes one indented object, its version first.
COMPARISON = json.dumps({"schema_version": 1, "matcher": "lexical", "articles": []}, indent=2)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("m.jsonl", "\n".join(json.dumps(MATCH_LINE) for _ in range(3)) + "\n"),
        ("c.json", COMPARISON + "\n"),
        ("c.jsonl", json.dumps({"type": "comparison", "schema_version": 1}) + "\n"),
    ],
)
def test_compare_or_match_output_is_no_article(tmp_path: Path, name: str, content: str) -> None:
    # Named, it was an error a line (match output) or read as an article's text (a
    # comparison as JSON: quotes and claims made of its JSON); left in a folder, read too.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    output = folder / name
    output.write_text(content, "utf-8")
    code, records, stderr = _run(str(output))
    assert code == 1
    assert [r["error"] for r in records] == [
        {"type": "jsonl", "message": "claimx compare or match output, not articles"}
    ]
    assert stderr == f"claimx: {output}: claimx compare or match output, not articles\n"
    code, records, stderr = _run(str(folder), "--glob", "*.txt", "--glob", "*.json*")
    assert code == 0
    assert [r["id"] for r in records] == [str(folder / "a.txt")]
    assert stderr == (
        f"claimx: {output}: not read: it holds claimx compare or match output, not articles\n"
    )


def test_an_html_report_left_among_the_articles_is_no_article(tmp_path: Path) -> None:
    # `-f html -o in/report.html`, then a re-run on `in/`: the report was read as one more
    # article, whose "claims" were the report's own article list.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    report = folder / "report.html"
    result = runner.invoke(app, ["extract", str(folder), "-f", "html", "-o", str(report)])
    assert result.exit_code == 0
    code, records, stderr = _run(str(folder))
    assert code == 0
    assert [r["id"] for r in records] == [str(folder / "a.txt")]
    assert stderr == f"claimx: {report}: not read: it holds claimx report output, not articles\n"
    code, records, stderr = _run(str(report))
    assert code == 1
    assert [r["error"] for r in records] == [
        {"type": "html", "message": "claimx report output, not articles"}
    ]


def test_a_page_that_only_mentions_claimx_is_read(tmp_path: Path) -> None:
    page = tmp_path / "claimx.html"
    page.write_text(PAGE.replace("Budget</title>", "claimx reports on the budget</title>"), "utf-8")
    code, records, stderr = _run(str(tmp_path))
    assert (code, stderr) == (0, "")
    assert [r["id"] for r in records] == [str(page)]


def test_a_pipe_with_no_writer_is_an_error_after_a_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr("claimx.read.inputs.PIPE_WAIT_SECONDS", 0.2)
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    os.mkfifo(tmp_path / "b.txt")
    code, records, stderr = _run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 1
    assert [bool(r["error"]) for r in records] == [False, True]
    assert "nothing to read after 0.2 s" in stderr


def test_jsonl_line_over_max_bytes_is_skipped_without_holding_it(tmp_path: Path) -> None:
    from claimx.read.inputs import read_path

    path = tmp_path / "a.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 5000})
    small = json.dumps({"id": "small", "text": ARTICLE})
    path.write_text(f"{big}\n{small}\n", "utf-8")
    documents = list(read_path(str(path), max_bytes=1000))
    assert [(d.id, d.error.type if d.error else None) for d in documents] == [
        (f"{path}:1", "too-large"),
        ("small", None),
    ]


# --- 4: file names that are not UTF-8 -------------------------------------------------------


def test_a_file_name_that_is_not_utf8_gives_valid_utf8_records(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/latin1_\xe9.txt"
    Path(os.fsdecode(name)).write_bytes(ARTICLE.encode("utf-8"))
    out = tmp_path / "x.json"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.stderr
    (record,) = json.loads(out.read_bytes().decode("utf-8"))
    assert record["source"]["path"] == f"{folder}/latin1_\\xe9.txt"


# --- 5: linear time (each component alone, at sizes that show the trend in seconds) --------


def _seconds(run: Callable[[], object], rounds: int = 3) -> float:
    """The best of `rounds` runs: one run timed alone can meet a busy moment of the machine
    (16 times the small input's time, once, with a test suite running beside)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _linear(make: Callable[[int], Callable[[], object]], size: int) -> None:
    """Four times the input takes at most eight times as long (plus timer noise)."""
    small, large = _seconds(make(size)), _seconds(make(4 * size))
    assert large <= 8 * small + 0.1, (small, large)


def test_line_breaks_are_linear_in_the_number_of_lines() -> None:
    from claimx.nlp.components.line_breaks import LineBreaks

    nlp = spacy.blank("en")
    _linear(lambda n: lambda: LineBreaks()(nlp.make_doc("A line.\n" * n)), 5_000)


def test_a_long_run_of_quotation_marks_tokenizes_in_linear_time() -> None:
    from claimx.nlp.long_tokens import GuardedTokenizer

    tokenizer = GuardedTokenizer(spacy.blank("en").tokenizer)
    _linear(lambda n: lambda: tokenizer("said " + "“" * n), 2_000)
    text = "said " + "“" * 5_000 + " and more"
    assert tokenizer(text).text == text


@pytest.mark.model
def test_quotes_are_linear_in_the_number_of_quotations(real_nlp: Language) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from worst_cases import attributed_quotations, quotation_marks

    quotes = real_nlp.get_pipe("claimx_quotes")
    for make_text in (quotation_marks, attributed_quotations):
        docs = {n: real_nlp(make_text(n)) for n in (3_000, 12_000)}
        small, large = (_seconds(lambda d=docs[n]: quotes.extract(d)) for n in (3_000, 12_000))
        assert large <= 8 * small + 0.1, (make_text.__name__, small, large)


# --- 6: one stray byte does not garble the whole text --------------------------------------


def test_utf8_with_a_stray_cp1252_byte_keeps_its_utf8(caplog: pytest.LogCaptureFixture) -> None:
    from claimx.read.inputs import decode

    data = "“The plan,” she said, “is dead.” Café. ".encode() * 3 + b"It\x92s over."
    assert decode(data, "a.txt") == "“The plan,” she said, “is dead.” Café. " * 3 + "It’s over."
    assert "a.txt: 1 byte(s) not UTF-8, read as cp1252" in caplog.text


def test_a_cp1252_file_is_still_read_as_cp1252() -> None:
    from claimx.read.inputs import decode

    text = "Le président a déclaré: « c’est fini ». Très bien. Où? Noël."
    assert decode(text.encode("cp1252")) == text


# --- 7: texts over spaCy's million characters ----------------------------------------------


def test_a_text_over_a_million_characters_is_processed_in_pieces() -> None:
    from claimx.read.document import InputDocument
    from claimx.records import Source
    from claimx.run.options import ExtractOptions
    from claimx.run.worker import Extractor

    text = ("word " * 200 + "\n\n") * 1_100  # 1.1 million characters
    document = InputDocument(id="long", text=text, source=Source(path="long", format="text"))
    extractor = Extractor(ExtractOptions(clean=False), nlp=spacy.blank("en"))
    (record,) = extractor.process([document])
    assert record.error is None
    assert record.words == 220_000


class _BatchSpy:
    """A pipe that batches as spaCy's trainable pipes do and records each batch's characters."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def __call__(self, doc: Doc) -> Doc:
        self.batches.append(len(doc.text))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for batch in spacy.util.minibatch(stream, batch_size):
            self.batches.append(sum(len(doc.text) for doc in batch))
            yield from batch


@Language.factory("test_batch_spy")
def _make_batch_spy(nlp: Language, name: str) -> _BatchSpy:
    return _BatchSpy()


@pytest.mark.parametrize(
    ("count", "paragraphs"),
    [(16, 150), (1, 2_000)],  # sixteen texts of 30,000 characters; one of 400,000
)
def test_the_statistical_pipeline_is_given_a_bounded_number_of_characters_at_once(
    count: int, paragraphs: int
) -> None:
    """Its memory grows with the characters of a batch: 400 KB at once took 0.6 GB."""
    from claimx.nlp.long_texts import BATCH_CHARS
    from claimx.read.document import InputDocument
    from claimx.records import Source
    from claimx.run.options import ExtractOptions
    from claimx.run.worker import Extractor

    text = ("word " * 39 + "end.\n\n") * paragraphs
    documents = [
        InputDocument(id=f"d{n}", text=text, source=Source(path=f"d{n}", format="text"))
        for n in range(count)
    ]
    nlp = spacy.blank("en")
    spy = nlp.add_pipe("test_batch_spy")
    records = Extractor(ExtractOptions(clean=False), nlp=nlp).process(documents)
    assert [record.words for record in records] == [40 * paragraphs] * count
    assert sum(spy.batches) == count * len(text)
    assert max(spy.batches) <= BATCH_CHARS


@pytest.mark.parametrize(
    ("unit", "end"),
    [
        ("Paragraph {n} says {x}here.\n\n", "here.\n\n"),  # cut at paragraph breaks
        ("Line {n}. It says {x}here.\n", "here.\n"),  # at line breaks before sentence ends
        ("Sentence {n} says {x}here. ", "here. "),  # a text of one line: at sentence ends
    ],
)
def test_long_text_pieces_are_whole_and_cut_at_the_best_boundary(unit: str, end: str) -> None:
    from claimx.nlp.long_texts import pieces

    text = "".join(unit.format(n=n, x="x " * (n % 50)) for n in range(2000))
    parts = list(pieces(text, limit=1_000))
    assert "".join(parts) == text
    assert all(len(part) <= 1_000 for part in parts)
    assert all(part.endswith(end) for part in parts[:-1])


# --- 8: Dask that is not there ---------------------------------------------------------------


def test_dask_at_a_port_that_is_no_scheduler_fails_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    pytest.importorskip("distributed")
    import claimx.run.dask_engine
    from claimx.errors import ClaimxError
    from claimx.run.options import ExtractOptions

    monkeypatch.setattr(claimx.run.dask_engine, "CONNECT_SECONDS", 0.5)
    monkeypatch.setattr(claimx.run.dask_engine, "_GRACE_SECONDS", 0.5)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.perf_counter()
        with pytest.raises(ClaimxError, match="cannot reach a Dask scheduler"):
            claimx.run.dask_engine.DaskEngine(ExtractOptions(dask=address))
        assert time.perf_counter() - started < 5


def test_dask_at_a_bad_address_is_one_error_and_nothing_else() -> None:
    pytest.importorskip("distributed")
    import claimx.run.dask_engine
    from claimx.errors import ClaimxError
    from claimx.run.options import ExtractOptions

    # pytest turns an 'Exception ignored in Client.__del__' into a failure here.
    with pytest.raises(ClaimxError, match="invalid address"):
        claimx.run.dask_engine.DaskEngine(ExtractOptions(dask="nonsense::"))


# --- 9: output errors and Ctrl-C -------------------------------------------------------------


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    out = tmp_path / "missing" / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"claimx: error: cannot write {out}: No such file or directory"
    ]


def test_a_full_disk_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimx.cli import main

    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    with open("/dev/full", "w", encoding="utf-8") as full:  # noqa: PTH123
        monkeypatch.setattr(sys, "stdout", full)
        monkeypatch.setattr(sys, "argv", ["claimx", "extract", str(tmp_path), "--no-cache"])
        with pytest.raises(SystemExit) as exit_info:
            main()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "claimx: error: cannot write standard output: No space left on device"
    ]


def test_ctrl_c_is_one_line_and_status_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimx.cli import main

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("claimx.run.extract.extract_paths", interrupted)
    monkeypatch.setattr(sys, "argv", ["claimx", "extract", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "claimx: interrupted\n"


def test_pool_workers_leave_ctrl_c_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import claimx.run.worker

    monkeypatch.setattr(claimx.run.worker, "shared_extractor", lambda options: None)
    previous = signal.getsignal(signal.SIGINT)
    try:
        claimx.run.worker.start_worker(claimx.run.worker.ExtractOptions())
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


# --- 10: records files read back line by line -----------------------------------------------


def _record_lines(tmp_path: Path) -> list[str]:
    from claimx.records import ArticleRecord, Source

    return [
        ArticleRecord(id=name, source=Source(path=name, format="text"), words=3).model_dump_json()
        for name in ("a", "b", "c")
    ]


def test_compare_keeps_the_good_records_around_a_bad_line(tmp_path: Path) -> None:
    a, b, c = _record_lines(tmp_path)
    path = tmp_path / "records.jsonl"
    path.write_text(f"{a}\n{b[:40]}\n{c}\n", "utf-8")
    result = runner.invoke(app, ["compare", str(path), "-f", "json", "--no-cache"])
    assert result.exit_code == 1
    assert [article["id"] for article in json.loads(result.stdout)["articles"]] == ["a", "c"]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"claimx: {path}:2: not a whole JSON record")


def test_compare_reports_a_truncated_json_array_and_never_reads_it_as_an_article(
    tmp_path: Path,
) -> None:
    a, b, _ = _record_lines(tmp_path)
    path = tmp_path / "records.json"
    path.write_text(f"[\n{a},\n{b},\n{b[:30]}", "utf-8")
    result = runner.invoke(app, ["compare", str(path), "-f", "json", "--no-cache"])
    assert result.exit_code == 1
    comparison = json.loads(result.stdout)
    assert [article["id"] for article in comparison["articles"]] == ["a", "b"]
    assert comparison["claims"] == []
    assert "the JSON array ends early" in result.stderr


# --- 11: metadata --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"published": "yesterday"}, {"published": None}),
        ({"published": "2025-13-45"}, {"published": None}),
        ({"published": 12345}, {"published": None}),
        ({"published": "2025-11-07T17:53:00Z"}, {"published": "2025-11-07T17:53:00Z"}),
        ({"title": 5}, {"title": "5"}),
        ({"id": {"site": "x", "n": 1}}, {"id": '{"site": "x", "n": 1}'}),
        ({"id": 7}, {"id": "7"}),
    ],
)
def test_bad_metadata_is_dropped_never_the_article(
    tmp_path: Path, fields: dict[str, object], expected: dict[str, object]
) -> None:
    from claimx.read.inputs import read_path

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": ARTICLE, **fields}) + "\n", "utf-8")
    (document,) = read_path(str(path))
    assert document.error is None
    for name, value in expected.items():
        assert getattr(document, name) == value


def test_a_bad_published_date_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": ARTICLE, "published": "yesterday"}) + "\n")
    code, records, stderr = _run(str(path))
    assert code == 0
    assert records[0]["published"] is None
    assert stderr == (
        f"claimx: {path}:1: 'published' \"yesterday\" is not an ISO 8601 date: ignored\n"
    )


# --- 12: the smaller ones --------------------------------------------------------------------


def test_a_linked_folder_is_read_once_even_in_a_loop(tmp_path: Path) -> None:
    from claimx.read.inputs import iter_paths

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text(ARTICLE, "utf-8")
    top = tmp_path / "top"
    top.mkdir()
    (top / "linked").symlink_to(real, target_is_directory=True)
    (real / "loop").symlink_to(top, target_is_directory=True)
    assert list(iter_paths([str(top)])) == [str(top / "linked" / "a.txt")]


def test_a_folder_with_nothing_to_read_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--glob", "*.xml", "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr == f"claimx: {tmp_path}: no files to read here (looked for *.xml)\n"


def test_a_damaged_cache_is_set_aside_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from claimx.run.cache import DATABASE_NAME, RecordCache
    from claimx.run.options import ExtractOptions

    (tmp_path / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    with RecordCache.open(tmp_path, ExtractOptions()):
        pass
    assert "cache damaged" in caplog.text
    assert (tmp_path / (DATABASE_NAME + ".damaged")).exists()
    caplog.clear()
    with RecordCache.open(tmp_path, ExtractOptions()):
        pass
    assert caplog.text == ""


def test_a_file_name_with_a_newline_keeps_its_error_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"")
    code, _, stderr = _run(str(bad))
    assert code == 1
    assert stderr == f"claimx: {tmp_path}/two\\nlines.txt: the file is empty\n"


def test_error_lines_go_above_the_progress_bar() -> None:
    import io

    from rich.console import Console
    from rich.progress import Progress

    from claimx.cli.common import error_line
    from claimx.records import ArticleRecord, RecordError, Source

    screen = io.StringIO()
    error = RecordError(type="x", message="bad")
    record = ArticleRecord(id="a", source=Source(path="a.txt", format="text"), error=error)
    with Progress(console=Console(file=screen, force_terminal=True, width=60)) as progress:
        progress.add_task("documents", total=10)
        error_line(record)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).replace("\r", "\n")
    assert "claimx: a.txt: bad" in shown.splitlines()


def test_broken_json_message_reads_well(tmp_path: Path) -> None:
    from claimx.read.inputs import read_path

    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n', "utf-8")
    (document,) = read_path(str(path))
    assert document.error is not None
    assert document.error.message == "invalid JSON: Invalid control character at column 34"
