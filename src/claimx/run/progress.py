"""A progress bar on stderr for long runs: documents done, rate and time left.

The total comes from a background count of the inputs (files, and the lines of JSON Lines
files), so the first records are not held back while a large folder is walked; until the
count is in, the bar shows the rate without an ETA. The bar appears only once the run is
known to hold more than a handful of documents.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from claimx.read.inputs import JSONL_SUFFIXES, STDIN, FileKey, iter_paths

T = TypeVar("T")

# Runs of up to this many documents get no bar: they are over before it would help.
HANDFUL = 5
_CHUNK = 1 << 20


def count_documents(path: str) -> int | None:
    """Documents in one input, without decoding it: one per file, one per JSON Lines line;
    None for stdin, whose size is unknown until it is read."""
    if path == STDIN:
        return None
    if Path(path).suffix.lower() not in JSONL_SUFFIXES:
        return 1
    lines, last = 0, b"\n"
    try:
        with Path(path).open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1  # read as one error record
    return lines + (last != b"\n")


class _Counter(threading.Thread):
    """Counts the documents of the inputs, telling the bar as it goes."""

    def __init__(
        self,
        bar: ProgressBar,
        paths: list[str],
        globs: tuple[str, ...],
        skip: frozenset[FileKey],
    ) -> None:
        super().__init__(name="claimx-count", daemon=True)
        self.bar = bar
        self.paths = paths
        self.globs = globs
        self.skip = skip
        self.stopped = threading.Event()

    def run(self) -> None:
        total: int | None = 0
        for path in iter_paths(self.paths, globs=self.globs, skip=self.skip, warn=False):
            if self.stopped.is_set():
                return
            count = count_documents(path)
            if count is None or total is None:
                total = None
                self.bar.grow(1)
            else:
                total += count
                self.bar.grow(count)
        self.bar.counted(total)


class ProgressBar:
    """A rich progress bar on stderr, shown once there are more than HANDFUL documents."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen = 0
        self._done = 0
        self._closed = False
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen (or was, for a finished run)."""
        return self._progress is not None

    def grow(self, documents: int) -> None:
        """The count found `documents` more; show the bar once they are more than a handful."""
        with self._lock:
            self._seen += documents
            if self._progress is None and not self._closed and self._seen > HANDFUL:
                self._start()

    def counted(self, total: int | None) -> None:
        """The count is done: `total` documents (None: unknown), so the ETA can show."""
        with self._lock:
            if self._progress is not None and self._task is not None and total is not None:
                self._progress.update(self._task, total=total)

    def advance(self) -> None:
        """One more document done."""
        with self._lock:
            self._done += 1
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, completed=self._done)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._progress is not None:
                self._progress.stop()

    def _start(self) -> None:
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            _TimeLeftColumn(),
            console=Console(stderr=True),
            redirect_stdout=sys.stdout.isatty(),
        )
        self._task = self._progress.add_task("documents", total=None, completed=self._done)
        self._progress.start()


def _rate(task: Task) -> float | None:
    """Documents per second since the start: records come in bursts, a batch at a time, so
    rich's rate over the last few updates swings wildly."""
    if not task.completed or not task.elapsed:
        return None
    return task.completed / task.elapsed


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = _rate(task)
        return Text("- docs/s" if rate is None else f"{rate:.1f} docs/s", style="cyan")


class _TimeLeftColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = _rate(task)
        if rate is None or task.total is None:
            return Text("ETA -:--:--", style="cyan")
        left = int(max(task.total - task.completed, 0) / rate)
        return Text(f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}", style="cyan")


def track(
    records: Iterable[T],
    paths: list[str],
    *,
    globs: tuple[str, ...] = (),
    skip: frozenset[FileKey] = frozenset(),
    enabled: bool,
) -> Iterator[T]:
    """`records`, passed through, with a progress bar on stderr when `enabled` and the
    inputs hold more than a handful of documents."""
    if not enabled:
        yield from records
        return
    bar = ProgressBar()
    counter = _Counter(bar, paths, globs, skip)
    counter.start()
    try:
        for record in records:
            bar.advance()
            yield record
    finally:
        counter.stopped.set()
        bar.close()


def wanted(*, quiet: bool) -> bool:
    """A bar is for people: not with --quiet, and only when stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


class StageBar:
    """A bar on stderr for one long step told in stages, such as the encoding of a
    fact-check collection ("encoding with MiniLM", 1,024 of 10,375 texts). Nothing shows
    when not `enabled`, or until a stage is told."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            self._progress = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self._progress.start()
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(task, completed=done, total=total)

    def __enter__(self) -> StageBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
