"""A worker: one loaded pipeline turning batches of InputDocuments into ArticleRecords.

The same code runs in this process, in pool workers and on Dask workers. A document that
fails (cleaning, the pipeline, building its record) gets an error record; the others go on.
Modules that import spaCy are imported inside functions, after `import_spacy()` has run
(claimx.nlp.spacy_import): a process that needs no pipeline never loads spaCy.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from claimx.clean.cleaner import clean_document
from claimx.errors import internal_error
from claimx.nlp.spacy_import import import_spacy
from claimx.read.document import InputDocument
from claimx.records.article import ArticleRecord, RecordError
from claimx.run.options import ExtractOptions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


class Extractor:
    """One loaded pipeline, turning batches of documents into records."""

    def __init__(self, options: ExtractOptions, nlp: Language | None = None) -> None:
        import_spacy()
        from claimx.nlp.pipeline import load_pipeline

        self.options = options
        if nlp is None:
            nlp = load_pipeline(options.pipeline)
            _freeze_loaded_heap()
        self.nlp = nlp

    def prepare(self, document: InputDocument) -> InputDocument:
        """Cleaning, the check of the text's language, then the reference date relative dates
        resolve against.

        A document whose cleaning fails gets an `internal` error, one in another language than
        the pipeline's a `language` error; the others go on.
        """
        if document.error is not None:
            return document
        try:
            if self.options.clean and (
                document.source.format != "html" or document.source.extraction == "text"
            ):
                document = clean_document(document)
            foreign = self._other_language(document)
        except Exception as exc:
            return _failed(document, exc)
        if foreign is not None:
            return replace(document, error=foreign)
        return replace(document, reference_date=document.published or self.options.reference_date)

    def _other_language(self, document: InputDocument) -> RecordError | None:
        """The error for a text in another language than the pipeline's ("xx", spaCy's
        multilingual pipelines, reads any)."""
        from claimx.nlp.language import language_name, other_language

        lang = self.nlp.lang
        if lang is None or lang == "xx":
            return None
        code = other_language(document.body_text(), lang, self.nlp.Defaults.stop_words)
        if code is None:
            return None
        message = (
            f"the text looks {language_name(code)} and the spaCy pipeline reads "
            f"{language_name(lang)}: its entities, quotes and claims would be wrong; "
            "--model takes a pipeline for the text's language"
        )
        return RecordError(type="language", message=message)

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
        from claimx.nlp.long_texts import batches_by_chars

        include_text = self.options.include_text
        prepared = [self.prepare(d) for d in documents]
        # Long texts are run one by one, in pieces; the rest in batches of a bounded number of
        # characters, which bounds the pipeline's memory (claimx.nlp.long_texts).
        good = [d for d in prepared if d.error is None and not _is_long(d)]
        docs: list[Doc | InputDocument] = []
        for group in batches_by_chars(good, lambda d: len(d.text)):
            try:
                made = (self.make_doc(d) for d in group)
                docs += list(self.nlp.pipe(made, batch_size=len(group)))
            except Exception:
                docs += [self._process_one(d) for d in group]
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


_heap_frozen = False


def _freeze_loaded_heap() -> None:
    """Exempt what is loaded by now (modules, models, the pipeline) from garbage collection,
    once per process.

    They live as long as the process, yet every full collection walks them again, the last
    one at exit too (a tenth of a second of a short run). Frozen objects are still freed when
    nothing refers to them; only a reference cycle among them would never be collected, so
    this is done once, after the first pipeline is loaded.
    """
    global _heap_frozen  # noqa: PLW0603 - per-process state is the point
    if not _heap_frozen:
        gc.freeze()
        _heap_frozen = True


def _is_long(document: InputDocument) -> bool:
    from claimx.nlp.long_texts import PIECE_CHARS

    return len(document.text) > PIECE_CHARS


def _failed(document: InputDocument, exc: Exception) -> InputDocument:
    """`document` with an `internal` error for an unexpected exception met on it."""
    error = internal_error(exc)
    return replace(document, error=RecordError(type=error.kind, message=str(error)))


def unread_records(batch: list[InputDocument], *, include_text: bool) -> list[ArticleRecord]:
    """The error records of documents that could not be read: no pipeline is loaded for them."""
    import_spacy()
    from claimx.nlp.build import error_record

    return [error_record(d, include_text=include_text) for d in batch]


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


def start_worker(options: ExtractOptions) -> None:
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
