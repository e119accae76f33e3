"""The record cache: what keys a record, what a second run reuses, and failing softly."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import spacy

import claimx
from claimx.output.records import record_json
from claimx.read.document import InputDocument
from claimx.records import ArticleRecord, RecordError, Source
from claimx.run.cache import DATABASE_NAME, RecordCache, code_fingerprint, namespace
from claimx.run.extract import extract
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor


def document(text: str, path: str = "a.txt") -> InputDocument:
    return InputDocument(id=path, text=text, source=Source(path=path, format="text"))


class CountingExtractor(Extractor):
    """A blank pipeline that counts the documents it is asked to process."""

    def __init__(self, options: ExtractOptions) -> None:
        super().__init__(options, nlp=spacy.blank("en"))
        self.processed: list[str] = []

    def process(self, documents: list[InputDocument]) -> list[ArticleRecord]:
        self.processed.extend(d.id for d in documents)
        return super().process(documents)


def run(documents: list[InputDocument], options: ExtractOptions) -> tuple[list[str], list[str]]:
    """The JSON of each record, and the documents the pipeline had to process."""
    extractor = CountingExtractor(options)
    records = [record_json(r) for r in extract(documents, options, extractor=extractor)]
    return records, extractor.processed


@pytest.fixture
def options(tmp_path: Path) -> ExtractOptions:
    return ExtractOptions(cache_dir=str(tmp_path / "cache"), batch_size=2)


@pytest.fixture
def cache(options: ExtractOptions) -> Iterator[RecordCache]:
    with RecordCache.open(options.cache_dir or "", options) as opened:
        yield opened


def test_cache_second_run_gives_the_same_records_without_the_pipeline(
    options: ExtractOptions,
) -> None:
    documents = [document(f"Text number {n}.", f"{n}.txt") for n in range(5)]
    first, processed_first = run(documents, options)
    second, processed_second = run(documents, options)
    assert second == first
    assert len(processed_first) == 5
    assert processed_second == []


def test_cache_recomputes_only_the_changed_document(options: ExtractOptions) -> None:
    documents = [document(f"Text number {n}.", f"{n}.txt") for n in range(3)]
    run(documents, options)
    documents[1] = document("Text number one, edited.", "1.txt")
    records, processed = run(documents, options)
    assert processed == ["1.txt"]
    assert '"words": 4' in records[1]


def test_cache_serves_the_same_text_under_another_path_with_its_own_id(
    options: ExtractOptions,
) -> None:
    run([document("The same article.", "old/a.txt")], options)
    records, processed = run([document("The same article.", "new/b.txt")], options)
    assert processed == []
    assert '"id": "new/b.txt"' in records[0]
    assert '"path": "new/b.txt"' in records[0]


@pytest.mark.parametrize(
    "change",
    [
        {"reference_date": "2025-11-06"},
        {"include_text": True},
        {"clean": False},
        {"components": ("entities",)},
        {"claim_model": "minilm"},
    ],
)
def test_cache_namespace_changes_with_options_that_shape_records(
    options: ExtractOptions, change: dict[str, object]
) -> None:
    assert namespace(replace(options, **change)) != namespace(options)  # type: ignore[arg-type]


@pytest.mark.parametrize("change", [{"jobs": 2}, {"batch_size": 64}, {"dask": "tcp://h:1"}])
def test_cache_namespace_ignores_how_the_work_runs(
    options: ExtractOptions, change: dict[str, object]
) -> None:
    assert namespace(replace(options, **change)) == namespace(options)  # type: ignore[arg-type]


def test_cache_namespace_changes_with_the_model(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text('{"name": "x", "version": "1.0.0"}')
    before = namespace(ExtractOptions(model=str(model)))
    (model / "meta.json").write_text('{"name": "x", "version": "1.0.1"}')
    assert namespace(ExtractOptions(model=str(model))) != before


def test_cache_code_fingerprint_changes_with_any_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "__init__.py").write_text('__version__ = "0"')
    (tmp_path / "models").mkdir()
    weights = tmp_path / "models" / "weights.npz"
    weights.write_bytes(b"one")
    monkeypatch.setattr(claimx, "__file__", str(tmp_path / "__init__.py"))
    before = code_fingerprint()
    weights.write_bytes(b"two")
    assert code_fingerprint() != before


@pytest.mark.parametrize(
    "field, value",
    [("text", "Another text."), ("title", "A title"), ("published", "2025-01-01")],
)
def test_cache_key_changes_with_the_document(cache: RecordCache, field: str, value: str) -> None:
    base = document("Some text.")
    assert cache.key(replace(base, **{field: value})) != cache.key(base)


def test_cache_does_not_store_failed_documents(options: ExtractOptions) -> None:
    broken = InputDocument(
        id="bad.txt",
        text="",
        source=Source(path="bad.txt", format="text"),
        error=RecordError(type="binary", message="binary content, not text"),
    )
    run([broken, document("Fine.")], options)
    database = Path(options.cache_dir or "") / DATABASE_NAME
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM records").fetchone()[0]
    assert stored == 1


def test_cache_serves_records_stored_by_another_connection(
    options: ExtractOptions, cache: RecordCache
) -> None:
    record = ArticleRecord(id="a.txt", source=Source(path="a.txt", format="text"), words=3)
    key = cache.key(document("One two three."))
    assert key is not None
    with RecordCache.open(options.cache_dir or "", options) as other:
        other.put_many({key: record})
    assert cache.get_many([key]) == {key: record}


def test_cache_that_cannot_be_opened_lets_the_run_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    options = ExtractOptions(cache_dir=str(blocker / "cache"))
    with caplog.at_level(logging.WARNING):
        records, processed = run([document("Some text.")], options)
    assert len(records) == 1
    assert processed == ["a.txt"]
    assert "without a cache" in caplog.text


def test_cache_that_is_corrupt_lets_the_run_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    options = ExtractOptions(cache_dir=str(directory))
    with caplog.at_level(logging.WARNING):
        records, _ = run([document("Some text.")], options)
    assert len(records) == 1
    assert "cache" in caplog.text
