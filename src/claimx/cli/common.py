"""What the commands share besides their options: inputs, error lines, exit statuses."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

import typer

from claimx.errors import ClaimxError, OutputError, UsageError, one_line
from claimx.output.destination import silence_stdout

if TYPE_CHECKING:
    from claimx.read.inputs import FileKey
    from claimx.records.article import ArticleRecord

log = logging.getLogger(__name__)


def fail(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit status 2."""
    print(f"claimx: error: {message}", file=sys.stderr, flush=True)
    raise typer.Exit(code=2)


def error_line(record: ArticleRecord) -> None:
    """One line on stderr for a record that failed: 'claimx: PATH[:LINE]: MESSAGE'.

    Printed to `sys.stderr` as it is now: while the progress bar shows, that is rich's proxy,
    which puts the line above the bar instead of onto it.
    """
    where = record.source.path
    if record.source.line is not None:
        where += f":{record.source.line}"
    message = record.error.message if record.error is not None else "failed"
    print(f"claimx: {one_line(where)}: {one_line(message)}", file=sys.stderr, flush=True)


def warning_line(message: str) -> None:
    """One line on stderr for something skipped that is not a document (a fact-check...)."""
    print(f"claimx: {one_line(message)}", file=sys.stderr, flush=True)


class Failures:
    """Counts the records that pass and those that failed, each failure a line on stderr
    (unless quiet) as it goes by: the same lines for every command."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self.failed = 0
        self.total = 0

    def noted(self, records: Iterable[ArticleRecord]) -> Iterator[ArticleRecord]:
        for record in records:
            self.total += 1
            if record.error is not None:
                self.failed += 1
                if not self.quiet:
                    error_line(record)
            yield record

    def exit_status(self) -> None:
        """Exit 1 when an input failed, or when there was no document at all."""
        if self.failed or not self.total:
            raise typer.Exit(code=1)


def input_paths(paths: list[str] | None) -> list[str]:
    """The inputs; with none given, standard input when it is piped."""
    if paths:
        return paths
    if sys.stdin.isatty():
        fail("no input: give files or directories, or pipe an article to stdin")
    return ["-"]


def with_progress(
    records: Iterable[ArticleRecord],
    inputs: list[str],
    *,
    globs: tuple[str, ...],
    skip: frozenset[FileKey],
    quiet: bool,
) -> Iterator[ArticleRecord]:
    """`records` with a progress bar on stderr, for people watching a long run."""
    from claimx.run.progress import track, wanted

    return track(records, inputs, globs=globs, skip=skip, enabled=wanted(quiet=quiet))


@contextmanager
def claimx_errors() -> Iterator[None]:
    """A ClaimxError (no model, no Dask cluster...) as one line on stderr and exit status 1;
    a UsageError (an -o that is also an input, a format the command lacks), exit status 2."""
    try:
        yield
    except UsageError as exc:
        fail(str(exc))
    except ClaimxError as exc:
        if isinstance(exc, OutputError):
            silence_stdout()
        print(f"claimx: error: {one_line(str(exc))}", file=sys.stderr, flush=True)
        raise typer.Exit(code=1) from exc


def reference_day(value: datetime | None) -> str | None:
    """--reference-date as an ISO day: typer parses it to a datetime at midnight."""
    return value.date().isoformat() if value is not None else None
