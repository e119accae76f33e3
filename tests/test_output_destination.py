"""claimx.output.destination: the output's format, where it goes, and its write errors."""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from pathlib import Path

import pytest

from claimx.errors import OutputError, UsageError
from claimx.output.destination import _Guarded, chosen_format, opened_output
from claimx.output.formats import OutputFormat, Table, resolve_format
from claimx.read.inputs import file_key

F = OutputFormat
EVERY_FORMAT = tuple(OutputFormat)
RECORD_TABLES = (Table.quotes, Table.claims, Table.entities, Table.dates, Table.articles)
# What `claimx match` writes: no report, no spreadsheet.
MATCH_FORMATS = (F.auto, F.table, F.json, F.jsonl)


def _chosen(
    fmt: OutputFormat,
    output: str | None = None,
    table: Table | None = None,
    *,
    bom: bool = False,
    allowed: tuple[OutputFormat, ...] = EVERY_FORMAT,
) -> OutputFormat:
    path = Path(output) if output is not None else None
    return chosen_format(fmt, path, table, bom=bom, allowed=allowed, tables=RECORD_TABLES)


# chosen_format


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("out.json", F.json),
        ("OUT.JSON", F.json),
        ("report.html", F.html),
        ("report.htm", F.html),
        ("records.jsonl", F.jsonl),
        ("records.txt", F.jsonl),
        ("records", F.jsonl),
    ],
)
def test_auto_with_an_output_file_follows_its_suffix(output: str, expected: OutputFormat) -> None:
    assert _chosen(F.auto, output) is expected


def test_auto_with_a_spreadsheet_suffix_takes_the_table_asked_for() -> None:
    assert _chosen(F.auto, "quotes.csv", Table.quotes) is F.csv
    assert _chosen(F.auto, "quotes.tsv", Table.quotes, bom=True) is F.tsv
    with pytest.raises(UsageError, match="needs --table"):
        _chosen(F.auto, "quotes.csv")


def test_an_explicit_format_wins_over_the_suffix() -> None:
    assert _chosen(F.jsonl, "out.json") is F.jsonl


def test_auto_to_standard_output_is_left_to_the_stream() -> None:
    assert _chosen(F.auto) is F.auto
    assert resolve_format(F.auto, to_terminal=True) is F.table
    assert resolve_format(F.auto, to_terminal=False) is F.jsonl
    assert resolve_format(F.json, to_terminal=True) is F.json


def test_tables_are_for_the_terminal_not_for_a_file() -> None:
    assert _chosen(F.table) is F.table
    with pytest.raises(UsageError, match="writes to the terminal"):
        _chosen(F.table, "out.txt")


def test_a_format_the_command_does_not_write_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--format csv is not one of auto, table, json, jsonl"):
        _chosen(F.csv, table=Table.quotes, allowed=MATCH_FORMATS)
    # The same when the suffix picks it.
    with pytest.raises(UsageError, match="--format html is not one of"):
        _chosen(F.auto, "report.html", allowed=MATCH_FORMATS)
    assert _chosen(F.auto, allowed=MATCH_FORMATS) is F.auto


def test_table_and_bom_go_with_csv_and_tsv_only() -> None:
    assert _chosen(F.csv, table=Table.claims, bom=True) is F.csv
    with pytest.raises(UsageError, match="--format tsv needs --table"):
        _chosen(F.tsv)
    with pytest.raises(UsageError, match="--table conflicts is not one of"):
        _chosen(F.csv, table=Table.conflicts)  # a table of `compare`, not of records
    with pytest.raises(UsageError, match="--table goes with --format csv or tsv"):
        _chosen(F.jsonl, table=Table.quotes)
    with pytest.raises(UsageError, match="--bom goes with --format csv or tsv"):
        _chosen(F.json, bom=True)
    with pytest.raises(UsageError, match="--bom goes with"):
        _chosen(F.auto, "out.json", bom=True)


# opened_output


def test_output_goes_to_the_file_and_names_it_as_not_to_be_read(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    with opened_output(out, [str(tmp_path / "in")]) as (stream, written):
        stream.write('{"id": "a"}\n')
    assert out.read_text("utf-8") == '{"id": "a"}\n'
    assert written == frozenset({file_key(out.stat())})


def test_output_naming_an_input_file_is_refused_before_it_is_emptied(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor resigned.", "utf-8")
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    for same in (article, tmp_path / "sub" / ".." / "a.txt", link):
        with (
            pytest.raises(UsageError, match="is also an input"),
            opened_output(same, [str(article)]),
        ):
            pass
    assert article.read_text("utf-8") == "The mayor resigned."


def test_output_named_gz_is_refused_before_a_plain_file_takes_the_name(tmp_path: Path) -> None:
    # Written as plain text, records.jsonl.gz was a file every later reader (claimx reads
    # .gz archives) took for a broken archive.
    out = tmp_path / "records.jsonl.gz"
    with (
        pytest.raises(UsageError, match=r"writes plain text.*gzip records\.jsonl"),
        opened_output(out, [str(tmp_path / "in")]),
    ):
        pass
    assert not out.exists()


def test_output_naming_an_article_in_an_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    article = folder / "sub" / "a.txt"
    article.write_text("The mayor resigned.", "utf-8")
    with (
        pytest.raises(UsageError, match="is an article in an input folder"),
        opened_output(article, [str(folder)]),
    ):
        pass
    assert article.read_text("utf-8") == "The mayor resigned."


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("records.jsonl", '{"schema_version": 1, "id": "a.txt"}\n'),  # an earlier run's records
        ("report.html", "<html><title>claimx report</title></html>"),  # an earlier report
        ("records.json", "[1, 2]"),  # not a suffix claimx reads
        ("new.txt", ""),  # empty: nothing to lose
    ],
)
def test_overwriting_what_is_no_article_inside_an_input_folder_is_allowed(
    tmp_path: Path, name: str, content: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    out = folder / name
    out.write_text(content, "utf-8")
    with opened_output(out, [str(folder)]) as (stream, _):
        stream.write("new\n")
    assert out.read_text("utf-8") == "new\n"


def test_an_article_outside_the_input_folders_may_be_overwritten(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    out = tmp_path / "elsewhere.txt"
    out.write_text("old text", "utf-8")
    with opened_output(out, [str(tmp_path / "in"), "-"]) as (stream, _):
        stream.write("new\n")
    assert out.read_text("utf-8") == "new\n"


def test_output_into_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "records.jsonl"
    with (
        pytest.raises(
            OutputError, match=re.escape(f"cannot write {out}: No such file or directory")
        ),
        opened_output(out, []),
    ):
        pass


def test_output_to_a_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"), opened_output(tmp_path, []):
        pass


def test_standard_output_redirected_to_a_file_is_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as redirected:  # the shell's `> out.jsonl`
        monkeypatch.setattr(sys, "stdout", redirected)
        with opened_output(None, [str(tmp_path)]) as (stream, written):
            stream.write("line\n")
            stream.flush()
        assert written == frozenset({file_key(os.fstat(redirected.fileno()))})
    assert out.read_text("utf-8") == "line\n"


def test_standard_output_that_is_no_file_skips_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with opened_output(None, []) as (stream, written):
        stream.write("to stdout\n")
    assert written == frozenset()
    assert capsys.readouterr().out == "to stdout\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_when_flushing_as_it_goes_is_an_output_error() -> None:
    with (
        pytest.raises(OutputError, match="cannot write /dev/full: No space left on device"),
        opened_output(Path("/dev/full"), []) as (stream, _),
    ):
        stream.write("x" * 100_000)  # more than the buffer: written at once
        stream.flush()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_the_last_flush_is_an_output_error() -> None:
    with (
        pytest.raises(OutputError, match="cannot write /dev/full"),
        opened_output(Path("/dev/full"), []) as (stream, _),
    ):
        stream.write('{"id": "a"}\n')  # buffered: written when the file is closed


# _Guarded


class _Failing(io.StringIO):
    def __init__(self, error: OSError, *, on: str) -> None:
        super().__init__()
        self.error = error
        self.on = on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
def test_write_errors_become_one_output_error_naming_the_output(on: str) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    guarded = _Guarded(_Failing(full, on=on), "records.jsonl")
    with pytest.raises(
        OutputError, match=r"^cannot write records\.jsonl: No space left on device$"
    ):
        guarded.write("line\n")
        guarded.flush()


@pytest.mark.parametrize("on", ["write", "flush"])
def test_a_closed_pipe_is_left_to_end_the_run_quietly(on: str) -> None:
    guarded = _Guarded(_Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), on=on), "stdout")
    with pytest.raises(BrokenPipeError):
        guarded.write("line\n")
        guarded.flush()


def test_the_guarded_stream_passes_writes_and_isatty_through() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    inner = Terminal()
    guarded = _Guarded(inner, "standard output")
    assert guarded.write("abc") == 3
    guarded.flush()
    assert inner.getvalue() == "abc"
    assert guarded.isatty() is True
    assert _Guarded(io.StringIO(), "x").isatty() is False
