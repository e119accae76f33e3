"""Where output goes: the -o file or standard output, its format, and its write errors.

Kept cheap to import: the CLI checks formats before anything heavy is loaded.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from claimx.errors import OutputError, UsageError, one_line
from claimx.output.formats import SUFFIX_FORMATS, OutputFormat, Table

if TYPE_CHECKING:
    from claimx.read.inputs import FileKey


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


def overwrites(output: Path, kept: Path) -> bool:
    """Whether writing `output` would replace `kept` (a file) or a file inside it (a folder),
    such as the fact-check collection or index a run reads besides its inputs."""
    try:
        if kept.is_dir():
            return output.resolve().is_relative_to(kept.resolve())
    except OSError:
        return False
    return _same_file(output, str(kept))


class StdoutNow(io.TextIOBase):
    """Whatever `sys.stdout` is when written to: while the bar shows, rich puts its own
    there, which writes above the bar instead of through it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()


def output_stream() -> IO[str]:
    """Standard output, as it is when written to (the progress bar may stand in for it)."""
    return cast("IO[str]", StdoutNow())


# In the first bytes of a file claimx wrote (records, a comparison, a report): overwriting
# an earlier run's output in an input folder is what a rerun does.
_OUTPUT_MARKS = (b'"schema_version"', b"claimx")
_HEAD_BYTES = 4096


def _an_input_inside(output: Path, inputs: list[str]) -> bool:
    """Whether -o names an existing article inside an input folder: opening it for writing
    would empty it before it is read (it is then skipped as this run's output)."""
    from claimx.read.inputs import DEFAULT_SUFFIXES  # lazy: `claimx --help` loads no pydantic

    if output.suffix.lower() not in DEFAULT_SUFFIXES:
        return False
    try:
        if not output.is_file() or output.stat().st_size == 0:
            return False
        with output.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
        resolved = output.resolve()
    except OSError:
        return False
    if any(mark in head for mark in _OUTPUT_MARKS):
        return False
    folders = [Path(path).resolve() for path in inputs if path != "-" and Path(path).is_dir()]
    return any(resolved.is_relative_to(folder) for folder in folders)


@contextmanager
def opened_output(
    output: Path | None, inputs: list[str]
) -> Iterator[tuple[IO[str], frozenset[FileKey]]]:
    """The stream output goes to (-o FILE, else stdout) and the files it is, which the run
    must never read back as input.

    An -o naming one of the inputs is a UsageError before anything is opened: opening it
    would empty it. A file that cannot be opened or written is an OutputError.
    """
    from claimx.read.inputs import file_key  # lazy: `claimx --help` loads no pydantic

    if output is not None:
        for path in inputs:
            if path != "-" and not Path(path).is_dir() and _same_file(output, path):
                raise UsageError(
                    f"-o {one_line(str(output))} is also an input: "
                    "it would be emptied before it is read"
                )
        if _an_input_inside(output, inputs):
            raise UsageError(
                f"-o {one_line(str(output))} is an article in an input folder: "
                "it would be emptied before it is read"
            )
        if output.suffix.lower() == ".gz":
            # The output is written as plain text, line by line: a .gz name would make it a
            # file that every later reader takes for a broken archive.
            raise UsageError(
                f"-o {one_line(str(output))}: claimx writes plain text; name the file without "
                f".gz and compress it afterwards (gzip {one_line(output.stem)})"
            )
        try:
            stream = output.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
        guarded = cast("IO[str]", _Guarded(stream, str(output)))
        try:
            yield guarded, frozenset({file_key(os.fstat(stream.fileno()))})
            guarded.flush()  # inside the guard: what is still buffered can meet a full disk
        finally:
            # The flush, or the write that ended the run, has said why already.
            with contextlib.suppress(OSError):
                stream.close()
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


def silence_stdout() -> None:
    """Standard output failed (a full disk, a closed pipe): what is still buffered goes to
    /dev/null, so that Python's flush at exit prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def chosen_format(
    fmt: OutputFormat,
    output: Path | None,
    table: Table | None,
    *,
    bom: bool,
    allowed: tuple[OutputFormat, ...],
    tables: tuple[Table, ...],
) -> OutputFormat:
    """The format asked for, checked before -o creates the file: with -o, `auto` follows the
    file's suffix (.json, .html, .csv, .tsv, else JSON Lines); --table goes with csv/tsv
    (which need it) and names a table the command has. `auto` without -o stays `auto`: the
    stream decides (see `resolve_format`)."""
    if output is not None:
        if fmt is OutputFormat.auto:
            fmt = SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.jsonl)
        elif fmt is OutputFormat.table:
            raise UsageError("--format table writes to the terminal, not to a file")
    if fmt not in allowed and fmt is not OutputFormat.auto:
        names = ", ".join(f.value for f in allowed)
        raise UsageError(f"--format {fmt.value} is not one of {names} here")
    tabular = fmt in (OutputFormat.csv, OutputFormat.tsv)
    names = ", ".join(t.value for t in tables)
    if tabular and table is None:
        raise UsageError(f"--format {fmt.value} needs --table ({names})")
    if tabular and table not in tables:
        raise UsageError(f"--table {table.value if table else ''} is not one of {names} here")
    if not tabular and table is not None:
        raise UsageError("--table goes with --format csv or tsv")
    if not tabular and bom:
        raise UsageError("--bom goes with --format csv or tsv")
    return fmt
