"""The extraction path: InputDocuments in, ArticleRecords out, in input order, streamed.

Documents go in batches to an engine: this process (`jobs == 1`), a pool of worker processes
(`jobs > 1`) or a Dask cluster (`dask`). Each worker loads the pipeline once and at most a
few batches are in flight, so memory stays flat however large the corpus. With a cache,
documents seen before skip the pipeline, which is loaded only when a document needs it.
Entity names are linked across documents here, in this process, as records come back in order.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from claimx.clean.cleaner import clean_document
from claimx.errors import internal_error
from claimx.link.canonical_names import CanonicalNames
from claimx.read.document import InputDocument

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from spacy.language import Language
    from spacy.tokens import Doc

    from claimx.nlp.checkworthiness.linear import ClaimModel
    from claimx.nlp.pipeline import PipelineOptions
    from claimx.read.inputs import FileKey
    from claimx.records.article import ArticleRecord
    from claimx.run.cache import RecordCache

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 16
# Batches queued per worker: enough to keep workers busy, few enough to keep memory flat.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# spaCy plugins whose pipelines run on PyTorch; without them no pipeline claimx loads needs it.
_TORCH_PIPELINE_PLUGINS = ("spacy_transformers", "spacy_curated_transformers")


@dataclass(frozen=True)
class ExtractOptions:
    """What decides the records (model to clean), then how the work is run (batch_size on).

    `components=None` runs all of claimx's components. `cache_dir` keeps records between
    runs; `dask` is the address of a Dask scheduler to run the pipeline on.
    """

    model: str | None = None
    reference_date: str | None = None
    include_text: bool = False
    clean: bool = True
    components: tuple[str, ...] | None = None
    claim_model: ClaimModel = "linear"
    batch_size: int = DEFAULT_BATCH_SIZE
    jobs: int = 1
    cache_dir: str | None = None
    dask: str | None = None

    @property
    def pipeline(self) -> PipelineOptions:
        from claimx.nlp.pipeline import PipelineOptions

        if self.components is None:
            return PipelineOptions(model=self.model, claim_model=self.claim_model)
        return PipelineOptions(
            model=self.model, components=self.components, claim_model=self.claim_model
        )

    @property
    def for_records(self) -> ExtractOptions:
        """Only what decides the records: the key of a worker's Extractor and of the cache."""
        return replace(self, batch_size=DEFAULT_BATCH_SIZE, jobs=1, cache_dir=None, dask=None)


def import_spacy() -> None:
    """Import spaCy without letting thinc import PyTorch when no installed plugin needs it.

    thinc imports PyTorch whenever it is installed (here for the optional embeddings), which
    takes seconds and runs in every worker; claimx's CNN pipelines never use it. PyTorch stays
    importable afterwards for whatever does need it.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    if any(importlib.util.find_spec(name) for name in _TORCH_PIPELINE_PLUGINS):
        import spacy

        return
    sys.modules["torch"] = None  # type: ignore[assignment] # makes `import torch` fail
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


class Extractor:
    """One loaded pipeline, turning batches of documents into records."""

    def __init__(self, options: ExtractOptions, nlp: Language | None = None) -> None:
        import_spacy()
        from claimx.nlp.pipeline import load_pipeline

        self.options = options
        self.nlp = nlp if nlp is not None else load_pipeline(options.pipeline)

    def prepare(self, document: InputDocument) -> InputDocument:
        """Cleaning, then the reference date relative dates resolve against.

        A document whose cleaning fails gets an `internal` error; the others go on.
        """
        if document.error is not None:
            return document
        try:
            if self.options.clean and (
                document.source.format != "html" or document.source.extraction == "text"
            ):
                document = clean_document(document)
        except Exception as exc:
            return _failed(document, exc)
        return replace(document, reference_date=document.published or self.options.reference_date)

    def make_doc(self, document: InputDocument) -> Doc:
        return self._annotate(self.nlp.make_doc(document.body_text()), document)

    @staticmethod
    def _annotate(doc: Doc, document: InputDocument) -> Doc:
        doc._.claimx_reference = document.reference_date
        doc._.claimx_outlet = document.outlet
        return doc

    def run(self, document: InputDocument) -> Doc:
        """The pipeline on one document; a long one goes through it in pieces."""
        from claimx.nlp.long_texts import PIECE_CHARS, pipe_in_pieces

        text = document.body_text()
        if len(text) > PIECE_CHARS:
            return pipe_in_pieces(self.nlp, text, lambda doc: self._annotate(doc, document))
        return self.nlp(self.make_doc(document))

    def process(self, documents: list[InputDocument]) -> list[ArticleRecord]:
        """Records for a batch, in order. A document that breaks the pipeline gets an error
        record; the rest of its batch is processed again one by one."""
        from spacy.tokens import Doc

        from claimx.nlp.build import error_record

        include_text = self.options.include_text
        prepared = [self.prepare(d) for d in documents]
        # Long texts are run one by one, in pieces (claimx.nlp.long_texts); the rest as a batch.
        good = [d for d in prepared if d.error is None and not _is_long(d)]
        docs: list[Doc | InputDocument]
        try:
            docs = list(self.nlp.pipe((self.make_doc(d) for d in good), batch_size=len(good) or 1))
        except Exception:
            docs = [self._process_one(d) for d in good]
        long = [d for d in prepared if d.error is None and _is_long(d)]
        good += long
        docs += [self._process_one(d) for d in long]
        by_id = {id(d): doc for d, doc in zip(good, docs, strict=True)}
        records = []
        for document in prepared:
            doc = by_id.get(id(document))
            if isinstance(doc, Doc):
                records.append(self._record(doc, document))
            else:
                records.append(error_record(doc or document, include_text=include_text))
        return records

    def _process_one(self, document: InputDocument) -> Doc | InputDocument:
        """The document's Doc, or the document with the pipeline's error."""
        from claimx.records.article import RecordError

        try:
            return self.run(document)
        except Exception as exc:
            log.debug("processing %s failed", document.id, exc_info=True)
            error = RecordError(type="processing", message=f"{type(exc).__name__}: {exc}")
            return replace(document, error=error)

    def _record(self, doc: Doc, document: InputDocument) -> ArticleRecord:
        from claimx.nlp.build import error_record, record_from_doc

        include_text = self.options.include_text
        try:
            return record_from_doc(doc, document, include_text=include_text)
        except Exception as exc:
            return error_record(_failed(document, exc), include_text=include_text)


def _is_long(document: InputDocument) -> bool:
    from claimx.nlp.long_texts import PIECE_CHARS

    return len(document.text) > PIECE_CHARS


def _failed(document: InputDocument, exc: Exception) -> InputDocument:
    """`document` with an `internal` error for an unexpected exception met on it."""
    from claimx.records.article import RecordError

    error = internal_error(exc)
    return replace(document, error=RecordError(type=error.kind, message=str(error)))


# Extractors of this process (a pool or Dask worker), loaded once per set of record options.
_extractors: dict[ExtractOptions, Extractor] = {}
_extractors_lock = threading.Lock()


def shared_extractor(options: ExtractOptions) -> Extractor:
    """This process's Extractor for `options`, loaded on first use."""
    key = options.for_records
    with _extractors_lock:
        if key not in _extractors:
            _extractors[key] = Extractor(key)
        return _extractors[key]


# Why this worker process could not load its pipeline, reported with its first batch.
_startup_error: Exception | None = None


def _start_worker(options: ExtractOptions) -> None:
    """A pool worker's initializer. It must not raise: the pool would start another worker
    in its place, forever; the error goes back with the first batch instead."""
    global _startup_error  # noqa: PLW0603 - per-process state is the point
    # One math thread per worker (PyTorch, for --claim-model minilm, reads this when imported):
    # the workers already use the cores, and thread pools of a core each would fight over them.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # Ctrl-C is the parent's to handle: it stops the pool; workers print no traceback of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        shared_extractor(options)
    except Exception as exc:
        _startup_error = exc


def process_batch(options: ExtractOptions, batch: list[InputDocument]) -> list[ArticleRecord]:
    """A worker's task: one batch through this process's Extractor.

    Worker threads share the Extractor one batch at a time: spaCy holds the GIL anyway, and
    components need not be thread-safe.
    """
    if _startup_error is not None:
        raise _startup_error
    extractor = shared_extractor(options)
    with _extractors_lock:
        return extractor.process(batch)


class Pending(Protocol):
    """A batch's records on their way: a multiprocessing, concurrent or Dask future."""

    def done(self) -> bool: ...

    def result(self) -> list[ArticleRecord]: ...


class _Ready:
    def __init__(self, records: list[ArticleRecord]) -> None:
        self._records = records

    def done(self) -> bool:
        return True

    def result(self) -> list[ArticleRecord]:
        return self._records


class Engine(Protocol):
    """Runs batches somewhere; `window` batches may be in flight at once."""

    window: int

    def submit(self, batch: list[InputDocument]) -> Pending: ...

    def close(self) -> None: ...


class LocalEngine:
    """This process, one batch at a time; the pipeline loads with the first batch."""

    window = 0

    def __init__(self, options: ExtractOptions, extractor: Extractor | None = None) -> None:
        self.options = options
        self.extractor = extractor

    def submit(self, batch: list[InputDocument]) -> Pending:
        if self.extractor is None:
            self.extractor = Extractor(self.options)
        return _Ready(self.extractor.process(batch))

    def close(self) -> None:
        """Nothing to release: the pipeline goes with the engine."""


class _PoolResult:
    def __init__(self, result: multiprocessing.pool.AsyncResult[list[ArticleRecord]]) -> None:
        self._result = result

    def done(self) -> bool:
        return self._result.ready()

    def result(self) -> list[ArticleRecord]:
        return self._result.get()


class PoolEngine:
    """`jobs` worker processes, started with the first batch, each loading the pipeline once.

    Workers are spawned, not forked: a fork copies this process's threads' locks (the
    progress bar's, the cache's) in whatever state they are, and spawning costs no more
    here since this process need not load the pipeline at all.
    """

    def __init__(self, options: ExtractOptions) -> None:
        self.options = options
        self.window = options.jobs * BATCHES_IN_FLIGHT_PER_WORKER
        self._pool: Pool | None = None

    def submit(self, batch: list[InputDocument]) -> Pending:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(
                self.options.jobs, initializer=_start_worker, initargs=(self.options,)
            )
        return _PoolResult(self._pool.apply_async(process_batch, (self.options, batch)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def _batches(documents: Iterable[InputDocument], size: int) -> Iterator[list[InputDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _unread_records(batch: list[InputDocument], *, include_text: bool) -> list[ArticleRecord]:
    import_spacy()
    from claimx.nlp.build import error_record

    return [error_record(d, include_text=include_text) for d in batch]


def _in_order(
    engine: Engine, batches: Iterator[list[InputDocument]], *, include_text: bool
) -> Iterator[list[ArticleRecord]]:
    """Each batch's records in input order, with at most `engine.window` batches waiting.

    Batches with nothing to process (all cached, or inputs that could not be read) do not
    reach the engine, so a run that needs no pipeline loads none.
    """
    pending: deque[Pending] = deque()
    for batch in batches:
        if any(d.error is None for d in batch):
            pending.append(engine.submit(batch))
        elif batch:
            pending.append(_Ready(_unread_records(batch, include_text=include_text)))
        else:
            pending.append(_Ready([]))
        while pending and (len(pending) > engine.window or pending[0].done()):
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _cached(
    batches: Iterator[list[InputDocument]],
    cache: RecordCache,
    run: Callable[[Iterator[list[InputDocument]]], Iterator[list[ArticleRecord]]],
) -> Iterator[list[ArticleRecord]]:
    """`run` over the documents the cache does not know; their records are stored."""
    looked_up: deque[tuple[list[InputDocument], list[str | None], dict[str, ArticleRecord]]]
    looked_up = deque()

    def misses() -> Iterator[list[InputDocument]]:
        for batch in batches:
            keys = [cache.key(d) for d in batch]
            hits = cache.get_many([k for k in keys if k is not None])
            looked_up.append((batch, keys, hits))
            yield [d for d, k in zip(batch, keys, strict=True) if k is None or k not in hits]

    for computed in run(misses()):
        batch, keys, hits = looked_up.popleft()
        fresh = iter(computed)
        records = []
        new: dict[str, ArticleRecord] = {}
        for document, key in zip(batch, keys, strict=True):
            if key is not None and key in hits:
                records.append(cache.restamp(hits[key], document))
                continue
            record = next(fresh)
            if key is not None and record.error is None:
                new[key] = record
            records.append(record)
        cache.put_many(new)
        yield records


def _engine(options: ExtractOptions, extractor: Extractor | None) -> Engine:
    if options.dask is not None and extractor is None:
        from claimx.run.dask_engine import DaskEngine

        return DaskEngine(options)
    if options.jobs > 1 and extractor is None:
        return PoolEngine(options)
    return LocalEngine(options, extractor)


def extract(
    documents: Iterable[InputDocument],
    options: ExtractOptions | None = None,
    *,
    extractor: Extractor | None = None,
) -> Iterator[ArticleRecord]:
    """Records for `documents`, in input order, each yielded as soon as its batch is done.

    Entity names are made consistent across the whole run as records stream out. With an
    `extractor`, everything runs in this process on its pipeline.
    """
    options = options or ExtractOptions()
    engine = _engine(options, extractor)
    try:
        batches = _batches(documents, options.batch_size)

        def run(batches: Iterator[list[InputDocument]]) -> Iterator[list[ArticleRecord]]:
            return _in_order(engine, batches, include_text=options.include_text)

        if options.cache_dir is not None:
            from claimx.run.cache import RecordCache

            with RecordCache.open(options.cache_dir, options) as cache:
                yield from _linked(_cached(batches, cache, run))
        else:
            yield from _linked(run(batches))
    finally:
        engine.close()


def _linked(record_batches: Iterator[list[ArticleRecord]]) -> Iterator[ArticleRecord]:
    names = CanonicalNames()
    for batch in record_batches:
        for record in batch:
            try:
                linked = names.apply(record)
            except Exception:  # a linking bug costs one record its run-wide names, no more
                log.debug("linking %s failed", record.id, exc_info=True)
                linked = record
            yield linked


def extract_paths(
    paths: Iterable[str],
    options: ExtractOptions | None = None,
    *,
    globs: tuple[str, ...] = (),
    max_bytes: int | None = None,
    skip: frozenset[FileKey] = frozenset(),
) -> Iterator[ArticleRecord]:
    """Records for every document under `paths` (files, directories, '-' for stdin); the
    files in `skip` (this run's output) are never read."""
    from claimx.read.inputs import DEFAULT_MAX_BYTES, read_inputs

    documents = read_inputs(paths, globs=globs, max_bytes=max_bytes or DEFAULT_MAX_BYTES, skip=skip)
    return extract(documents, options)
