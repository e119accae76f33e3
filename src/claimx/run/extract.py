"""The extract loop: InputDocuments in, ArticleRecords out, in input order, streamed.

Documents go in batches to an engine: this process (`jobs == 1`), a pool of worker processes
(`jobs > 1`) or a Dask cluster (`dask`). Each worker loads the pipeline once and at most a
few batches are in flight, so memory stays flat however large the corpus. With a cache,
documents seen before skip the pipeline, which is loaded only when a document needs it.
Entity names are linked across documents here, in this process, as records come back in order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from claimx.link.canonical_names import CanonicalNames
from claimx.read.document import InputDocument
from claimx.read.inputs import DEFAULT_MAX_BYTES, FileKey, first_time, read_inputs
from claimx.read.record_files import read_record_file
from claimx.records.article import ArticleRecord
from claimx.run.cache import RecordCache, through_cache
from claimx.run.dask_engine import DaskEngine
from claimx.run.engines import Engine, LocalEngine, PoolEngine, in_order
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor

log = logging.getLogger(__name__)


def _batches(documents: Iterable[InputDocument], size: int) -> Iterator[list[InputDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def make_engine(options: ExtractOptions, extractor: Extractor | None = None) -> Engine:
    """The engine `options` ask for; with an `extractor`, this process on its pipeline."""
    if options.dask is not None and extractor is None:
        log.info("running the pipeline on the Dask cluster at %s", options.dask)
        return DaskEngine(options)
    if options.jobs > 1 and extractor is None:
        log.info("running the pipeline in %d worker processes", options.jobs)
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
    engine = make_engine(options, extractor)
    try:
        batches = _batches(documents, options.batch_size)

        def run(batches: Iterator[list[InputDocument]]) -> Iterator[list[ArticleRecord]]:
            return in_order(engine, batches, include_text=options.include_text)

        if options.cache_dir is not None:
            with RecordCache.open(options.cache_dir, options) as cache:
                yield from _linked(through_cache(batches, cache, run))
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
    documents = read_inputs(paths, globs=globs, max_bytes=max_bytes or DEFAULT_MAX_BYTES, skip=skip)
    return extract(documents, options)


def records_of(
    paths: Iterable[str],
    options: ExtractOptions,
    *,
    globs: tuple[str, ...] = (),
    skip: frozenset[FileKey] = frozenset(),
) -> Iterator[ArticleRecord]:
    """The records of `paths`, in input order: articles extracted, and files of `claimx
    extract` output read back without running the pipeline again. The files in `skip` (this
    run's output) are never read."""
    articles: list[str] = []
    seen: set[FileKey] = set()
    for path in paths:
        if path != "-" and not Path(path).is_dir() and not first_time(path, seen):
            continue
        read_back = None if path == "-" else read_record_file(Path(path))
        if read_back is None:
            articles.append(path)
            continue
        if articles:
            yield from extract_paths(articles, options, globs=globs, skip=skip)
            articles = []
        yield from read_back
    if articles:
        yield from extract_paths(articles, options, globs=globs, skip=skip)
