"""Where batches run: this process or a pool of worker processes (Dask: run.dask_engine).

An engine takes batches and gives back, for each, something whose `result()` is its records;
`in_order` keeps a bounded number of batches in flight and yields their records in input order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from claimx.read.document import InputDocument
from claimx.records.article import ArticleRecord
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor, process_batch, start_worker, unread_records

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

# Batches queued per worker: enough to keep workers busy, few enough to keep memory flat.
BATCHES_IN_FLIGHT_PER_WORKER = 2


class Pending(Protocol):
    """A batch's records on their way: a multiprocessing, concurrent or Dask future."""

    def done(self) -> bool: ...

    def result(self) -> list[ArticleRecord]: ...


class Ready:
    """Records already made."""

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
        return Ready(self.extractor.process(batch))

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
                self.options.jobs, initializer=start_worker, initargs=(self.options,)
            )
        return _PoolResult(self._pool.apply_async(process_batch, (self.options, batch)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def in_order(
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
            pending.append(Ready(unread_records(batch, include_text=include_text)))
        else:
            pending.append(Ready([]))
        while pending and (len(pending) > engine.window or pending[0].done()):
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
