"""The extraction path: InputDocuments in, ArticleRecords out, in input order, streamed.

Documents go through `nlp.pipe` in batches. With `jobs > 1` each batch goes to a worker
process that loaded the pipeline once; at most a few batches are in flight, so memory stays
flat however large the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from claimx.build import error_record, record_from_doc
from claimx.cleaning import clean_document
from claimx.document import InputDocument
from claimx.linking import CanonicalNames
from claimx.pipeline import ALL_COMPONENTS, PipelineOptions, load_pipeline
from claimx.records import ArticleRecord, RecordError

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 16
# Batches queued per worker: enough to keep workers busy, few enough to keep memory flat.
_BATCHES_IN_FLIGHT_PER_JOB = 2


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that decides what records come out (and so keys the cache)."""

    model: str | None = None
    reference_date: str | None = None
    include_text: bool = False
    clean: bool = True
    components: tuple[str, ...] = ALL_COMPONENTS
    batch_size: int = DEFAULT_BATCH_SIZE
    jobs: int = 1

    @property
    def pipeline(self) -> PipelineOptions:
        return PipelineOptions(model=self.model, components=self.components)


class Extractor:
    """One loaded pipeline, turning batches of documents into records."""

    def __init__(self, options: ExtractOptions, nlp: Language | None = None) -> None:
        self.options = options
        self.nlp = nlp if nlp is not None else load_pipeline(options.pipeline)

    def prepare(self, document: InputDocument) -> InputDocument:
        """Cleaning, then the reference date relative dates resolve against."""
        if document.error is not None:
            return document
        if self.options.clean and document.source.format != "html":
            document = clean_document(document)
        return replace(
            document, reference_date=document.published or self.options.reference_date
        )

    def make_doc(self, document: InputDocument) -> Doc:
        doc = self.nlp.make_doc(document.body_text())
        doc._.claimx_reference = document.reference_date
        doc._.claimx_outlet = document.outlet
        return doc

    def process(self, documents: list[InputDocument]) -> list[ArticleRecord]:
        """Records for a batch, in order. A document that breaks the pipeline gets an error
        record; the rest of its batch is processed again one by one."""
        include_text = self.options.include_text
        prepared = [self.prepare(d) for d in documents]
        good = [d for d in prepared if d.error is None]
        try:
            docs = list(self.nlp.pipe((self.make_doc(d) for d in good), batch_size=len(good) or 1))
        except Exception:
            docs = [self._process_one(d) for d in good]
        by_id = {id(d): doc for d, doc in zip(good, docs, strict=True)}
        records = []
        for document in prepared:
            doc = by_id.get(id(document))
            if isinstance(doc, Doc):
                records.append(record_from_doc(doc, document, include_text=include_text))
            else:
                if isinstance(doc, RecordError):
                    document = replace(document, error=doc)
                records.append(error_record(document, include_text=include_text))
        return records

    def _process_one(self, document: InputDocument) -> Doc | RecordError:
        try:
            return self.nlp(self.make_doc(document))
        except Exception as exc:
            log.debug("processing %s failed", document.id, exc_info=True)
            return RecordError(type="processing", message=f"{type(exc).__name__}: {exc}")


def _batches(documents: Iterable[InputDocument], size: int) -> Iterator[list[InputDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


# One Extractor per worker process, loaded once by the pool's initializer.
_worker_extractor: Extractor | None = None


def _init_worker(options: ExtractOptions) -> None:
    global _worker_extractor  # noqa: PLW0603 - per-process state is the point
    _worker_extractor = Extractor(options)


def _work(batch: list[InputDocument]) -> list[ArticleRecord]:
    assert _worker_extractor is not None, "worker used before its initializer ran"
    return _worker_extractor.process(batch)


def _extract_parallel(
    batches: Iterator[list[InputDocument]], options: ExtractOptions
) -> Iterator[list[ArticleRecord]]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[list[ArticleRecord]]] = deque()
        limit = options.jobs * _BATCHES_IN_FLIGHT_PER_JOB
        for batch in batches:
            pending.append(pool.apply_async(_work, (batch,)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def extract(
    documents: Iterable[InputDocument],
    options: ExtractOptions | None = None,
    *,
    extractor: Extractor | None = None,
) -> Iterator[ArticleRecord]:
    """Records for `documents`, in input order, each yielded as soon as its batch is done.

    Entity names are made consistent across the whole run as records stream out.
    """
    options = options or ExtractOptions()
    batches = _batches(documents, options.batch_size)
    if options.jobs > 1 and extractor is None:
        record_batches = _extract_parallel(batches, options)
    else:
        local = extractor or Extractor(options)
        record_batches = (local.process(batch) for batch in batches)
    names = CanonicalNames()
    for batch in record_batches:
        for record in batch:
            yield names.apply(record)


def extract_paths(
    paths: Iterable[str],
    options: ExtractOptions | None = None,
    *,
    globs: tuple[str, ...] = (),
    max_bytes: int | None = None,
) -> Iterator[ArticleRecord]:
    """Records for every document under `paths` (files, directories, '-' for stdin)."""
    from claimx.reading import DEFAULT_MAX_BYTES, read_inputs

    documents = read_inputs(paths, globs=globs, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    return extract(documents, options)
