"""claimx.run.engines: where batches run, and their records coming back in input order.

`in_order` is driven by a fake engine whose batches finish when the test says so; the local
engine runs an Extractor on spaCy's blank pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

from claimx.read.document import InputDocument
from claimx.records import ArticleRecord, RecordError, Source
from claimx.run.engines import (
    BATCHES_IN_FLIGHT_PER_WORKER,
    LocalEngine,
    Pending,
    PoolEngine,
    Ready,
    in_order,
)
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor


def _document(name: str, words: int = 2) -> InputDocument:
    return InputDocument(
        id=name, text=" ".join(["word"] * words), source=Source(path=name, format="text")
    )


def _unreadable(name: str) -> InputDocument:
    return InputDocument(
        id=name,
        text="",
        source=Source(path=name, format="text"),
        error=RecordError(type="binary", message="binary content, not text"),
    )


def _record(document: InputDocument) -> ArticleRecord:
    return ArticleRecord(id=document.id, source=document.source)


def _ids(batches: Iterator[list[ArticleRecord]]) -> list[list[str]]:
    return [[r.id for r in batch] for batch in batches]


class FakePending:
    """A batch on its way: done when the test says so; `result()` waits for it (here: at once)."""

    def __init__(self, batch: list[InputDocument]) -> None:
        self.batch = batch
        self.finished = False
        self.taken = False

    def done(self) -> bool:
        return self.finished

    def result(self) -> list[ArticleRecord]:
        self.taken = True
        return [_record(d) for d in self.batch]


class FakeEngine:
    """Records what it is given and how many batches were waiting each time."""

    def __init__(self, window: int, *, finish_at_once: bool = False) -> None:
        self.window = window
        self.finish_at_once = finish_at_once
        self.submitted: list[FakePending] = []
        self.waiting_at_submit: list[int] = []

    def submit(self, batch: list[InputDocument]) -> Pending:
        self.waiting_at_submit.append(sum(not p.taken for p in self.submitted))
        pending = FakePending(batch)
        pending.finished = self.finish_at_once
        self.submitted.append(pending)
        return pending

    def close(self) -> None:
        pass


def _batches(count: int, size: int = 2) -> list[list[InputDocument]]:
    return [[_document(f"b{b}d{d}") for d in range(size)] for b in range(count)]


# Ready


def test_ready_is_done_and_gives_its_records() -> None:
    records = [_record(_document("a")), _record(_document("b"))]
    ready = Ready(records)
    assert ready.done() is True
    assert ready.result() == records


# in_order


def test_records_come_back_in_input_order_when_later_batches_finish_first() -> None:
    engine = FakeEngine(window=3)
    results = in_order(engine, iter(_batches(4)), include_text=False)
    # Nothing done yet: the first batch is only yielded once the window is full.
    first = next(results)
    assert [r.id for r in first] == ["b0d0", "b0d1"]
    assert len(engine.submitted) == 4
    for pending in engine.submitted[1:]:
        pending.finished = pending is not engine.submitted[1]  # 3 and 4 finish before 2
    assert _ids(results) == [["b1d0", "b1d1"], ["b2d0", "b2d1"], ["b3d0", "b3d1"]]


def test_a_done_batch_at_the_head_is_yielded_before_more_are_read() -> None:
    engine = FakeEngine(window=4, finish_at_once=True)
    read: list[int] = []

    def batches() -> Iterator[list[InputDocument]]:
        for number, batch in enumerate(_batches(10)):
            read.append(number)
            yield batch

    results = in_order(engine, batches(), include_text=False)
    assert [r.id for r in next(results)] == ["b0d0", "b0d1"]
    assert read == [0]


@pytest.mark.parametrize("window", [0, 1, 4])
def test_no_more_than_the_window_is_waiting_when_a_batch_is_submitted(window: int) -> None:
    engine = FakeEngine(window=window)
    read: list[int] = []

    def batches() -> Iterator[list[InputDocument]]:
        for number, batch in enumerate(_batches(12)):
            read.append(number)
            yield batch

    results = in_order(engine, batches(), include_text=False)
    next(results)
    assert len(read) == window + 1  # the look-ahead is the window, no more
    assert _ids(results) == [[f"b{b}d0", f"b{b}d1"] for b in range(1, 12)]
    assert max(engine.waiting_at_submit) == window  # the window is used, and never exceeded


def test_batches_with_nothing_to_process_never_reach_the_engine() -> None:
    engine = FakeEngine(window=2)
    batches = [
        [_unreadable("bad1"), _unreadable("bad2")],
        [],
        [_unreadable("bad3"), _document("good")],
    ]
    results = list(in_order(engine, iter(batches), include_text=False))
    assert [[r.id for r in batch] for batch in results] == [["bad1", "bad2"], [], ["bad3", "good"]]
    assert [[d.id for d in p.batch] for p in engine.submitted] == [["bad3", "good"]]
    assert [r.error.type if r.error else None for r in results[0]] == ["binary", "binary"]


def test_unread_documents_keep_their_text_only_when_asked() -> None:
    engine = FakeEngine(window=0)
    unreadable = _unreadable("bad")
    unreadable.text = "\x00\x01 partial"
    (without,) = in_order(engine, iter([[unreadable]]), include_text=False)
    (with_text,) = in_order(engine, iter([[unreadable]]), include_text=True)
    assert without[0].text is None
    assert with_text[0].text == "\x00\x01 partial"


def test_no_batches_no_records() -> None:
    assert list(in_order(FakeEngine(window=2), iter([]), include_text=False)) == []


# The engines


def test_pool_engine_keeps_a_few_batches_per_worker_and_starts_nothing_until_used() -> None:
    engine = PoolEngine(ExtractOptions(jobs=3))
    assert engine.window == 3 * BATCHES_IN_FLIGHT_PER_WORKER
    assert BATCHES_IN_FLIGHT_PER_WORKER >= 1
    assert engine._pool is None
    engine.close()  # nothing started, nothing to stop


@pytest.fixture
def blank_extractor() -> Extractor:
    return Extractor(ExtractOptions(), nlp=spacy.blank("en"))


def test_the_local_engine_runs_a_batch_at_once_in_this_process(
    blank_extractor: Extractor,
) -> None:
    engine = LocalEngine(ExtractOptions(), blank_extractor)
    assert engine.window == 0
    pending = engine.submit([_document("a", 3), _unreadable("bad"), _document("b", 5)])
    assert pending.done()
    records = pending.result()
    assert [r.id for r in records] == ["a", "bad", "b"]
    assert [r.words for r in records] == [3, 0, 5]
    assert records[1].error is not None and records[1].error.type == "binary"
    engine.close()


def test_the_local_engine_loads_its_pipeline_with_the_first_batch_and_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[object] = []

    def load(options: object) -> Language:
        loads.append(options)
        return spacy.blank("en")

    monkeypatch.setattr("claimx.nlp.pipeline.load_pipeline", load)
    options = ExtractOptions(components=("entities",))
    engine = LocalEngine(options)
    assert loads == []
    engine.submit([_document("a")])
    engine.submit([_document("b")])
    assert loads == [options.pipeline]


def test_in_order_on_the_local_engine(blank_extractor: Extractor) -> None:
    engine = LocalEngine(ExtractOptions(), blank_extractor)
    batches = [[_document(f"d{n}", n + 1)] for n in range(5)]
    records = [r for batch in in_order(engine, iter(batches), include_text=False) for r in batch]
    assert [(r.id, r.words) for r in records] == [(f"d{n}", n + 1) for n in range(5)]


def test_the_first_pipeline_loaded_exempts_the_heap_from_collection_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import claimx.nlp.pipeline
    from claimx.run import worker

    monkeypatch.setattr(claimx.nlp.pipeline, "load_pipeline", lambda _options: spacy.blank("en"))
    monkeypatch.setattr(worker, "_heap_frozen", False)
    gc.unfreeze()
    try:
        Extractor(ExtractOptions())
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        Extractor(ExtractOptions())  # once per process: later garbage stays collectable
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
