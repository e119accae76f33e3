"""Reading inputs: files, directories, JSON Lines and stdin, into InputDocuments.

Nothing here raises for a bad input: a file that cannot be read becomes an InputDocument with
its `error` set, so the run goes on and the output still says what happened to it.
"""

from __future__ import annotations

import codecs
import fnmatch
import gzip
import json
import logging
import os
import re
import select
import stat
import sys
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

from charset_normalizer import from_bytes

from claimx.errors import InputError, internal_error, missing_part
from claimx.read.delimited import DELIMITERS, delimiter_of, header, open_text, rows
from claimx.read.document import InputDocument
from claimx.read.html_sniff import looks_like_html
from claimx.read.record_sniff import is_other_output, is_record, output_kind
from claimx.records.article import RecordError, Source

DEFAULT_SUFFIXES = (".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm")
_T = TypeVar("_T")
# Any of them may come gzip-compressed (`articles.jsonl.gz`): read through, never unpacked.
GZIP_SUFFIX = ".gz"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_MAX_BYTES = 10_000_000
# A JSON file of articles is parsed whole: larger collections belong in JSON Lines.
JSON_MAX_BYTES = 1_000_000_000
STDIN = "-"
# How long a pipe or device named as input may stay silent before it counts as unreadable.
PIPE_WAIT_SECONDS = 10.0
READ_CHUNK = 1 << 20
# The names feeds and archives give an article's metadata, matched in any case; the first one
# present wins. PolNeAR writes `publisher` and `publication_date`, NewsAPI `publishedAt`,
# schema.org `headline` and `datePublished`.
# The article's body under the names feeds, scrapers and archives give it (news-please's
# `maintext`, schema.org's `articleBody`, NewsAPI's `content`), in any case, the first present.
TEXT_FIELDS = (
    "text",
    "body",
    "maintext",
    "articlebody",
    "article_body",
    "full_text",
    "fulltext",
    "content",
    "article",
)
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = (
    "published",
    "publication_date",
    "date_published",
    "datepublished",
    "published_at",
    "publishedat",
    "pubdate",
    "date",
)
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("outlet", "publisher", "site_name", "sitename")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
log = logging.getLogger(__name__)

_SINGLE_BYTE = re.compile(r"^(cp12\d\d|cp[78]\d\d|iso8859_\d+|latin_1|mac_\w+)$")
# Share of control characters above which decoded "text" is really a binary file.
_MAX_CONTROL_SHARE = 0.01


def display_path(path: str) -> str:
    """A path as records and messages show it: always valid UTF-8, the bytes of a name that
    is not (a Latin-1 name on a UTF-8 system) written as \\xe9 escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


FileKey = tuple[int, int]


def file_key(stat: os.stat_result) -> FileKey:
    """What tells one file from another, whatever the path that names it."""
    return (stat.st_dev, stat.st_ino)


def iter_paths(
    paths: Iterable[str],
    *,
    globs: tuple[str, ...] = (),
    skip: frozenset[FileKey] = frozenset(),
    warn: bool = True,
) -> Iterator[str]:
    """Each input: files as given, directories walked recursively in sorted order.

    In a directory only regular files matching `globs` (default: the known text suffixes)
    are taken, hidden files and folders (".venv", ".git") never; a file named explicitly is
    always taken. Symbolic links to folders are
    followed, each folder once. Files in `skip` (what this run writes) are never read.
    A file in a directory that holds claimx records (an earlier run's output) is skipped too.
    Each file is read once, however many times it is named or reached (a folder and a file
    in it, a link).
    With `warn`, a folder with nothing to read and a skipped file are logged.
    """
    seen: set[FileKey] = set()
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        if not Path(raw).is_dir():
            if not _skipped(raw, skip, warn) and first_time(raw, seen, warn):
                yield raw
            continue
        found = False
        for child in _walk(Path(raw), warn):
            if not _selected(child, globs) or _skipped(str(child), skip, warn):
                continue
            found = True
            if not first_time(str(child), seen, warn):
                continue
            kind = output_kind(child)
            if kind is not None:
                # An earlier run's output left among the articles: its lines are no articles.
                if warn:
                    log.warning(
                        "%s: not read: it holds claimx %s, not articles%s",
                        display_path(str(child)),
                        kind,
                        " (name it to compare or match them)" if kind == "records" else "",
                    )
                continue
            yield str(child)
        if not found and warn:
            wanted = " ".join(globs) if globs else " ".join(f"*{s}[.gz]" for s in DEFAULT_SUFFIXES)
            log.warning("%s: no files to read here (looked for %s)", display_path(raw), wanted)


def _walk(folder: Path, warn: bool) -> Iterator[Path]:
    """The regular files below `folder`, sorted by path; linked folders once each."""
    seen: set[FileKey] = set()
    stack = [folder]
    files: list[Path] = []
    while stack:
        current = stack.pop()
        try:
            key = file_key(current.stat())
            if key in seen:
                continue
            seen.add(key)
            entries = list(current.iterdir())
        except OSError as exc:
            if warn:
                shown = display_path(str(current))
                log.warning("%s: cannot read this folder: %s", shown, exc.strerror)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                # Hidden: a virtual environment, a repository's .git, editor files; never
                # articles ('claimx extract .' in a project folder read .venv's licences).
                continue
            try:
                if entry.is_dir():
                    stack.append(entry)
                elif entry.is_file():
                    files.append(entry)
            except OSError:
                continue
    yield from sorted(files)


def _skipped(path: str, skip: frozenset[FileKey], warn: bool) -> bool:
    if not skip:
        return False
    try:
        key = file_key(Path(path).stat())
    except OSError:
        return False
    if key in skip:
        if warn:
            log.warning("%s: not read: it is this run's output", display_path(path))
        return True
    return False


def first_time(path: str, seen: set[FileKey], warn: bool = True) -> bool:
    """Whether `path` names a file not met before in this run (records of one article twice
    would count it twice in every table and comparison)."""
    try:
        key = file_key(Path(path).stat())
    except OSError:
        return True  # the reader says what is wrong with it
    if key in seen:
        if warn:
            log.warning("%s: not read again: it was named more than once", display_path(path))
        return False
    seen.add(key)
    return True


def _selected(path: Path, globs: tuple[str, ...]) -> bool:
    if globs:
        return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(str(path), g) for g in globs)
    return kind_suffix(str(path)) in DEFAULT_SUFFIXES


def kind_suffix(path: str) -> str:
    """The suffix that says what a file holds, lower-cased: a gzip-compressed file's is the
    one before `.gz` (archives keep `articles.jsonl.gz`)."""
    name = Path(path)
    if name.suffix.lower() == GZIP_SUFFIX:
        name = name.with_suffix("")
    return name.suffix.lower()


def _cp1252_byte(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: a byte that is not UTF-8 is read as the cp1252 character it
    most likely was (a curly quote pasted from a Windows editor)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("claimx-cp1252", _cp1252_byte)


_stray = threading.local()


def _count_stray(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _stray.count += error.end - error.start
    return "", error.end


codecs.register_error("claimx-count", _count_stray)


def _mostly_utf8(data: bytes) -> int | None:
    """The number of bytes that are not UTF-8 when the rest of `data` clearly is (more valid
    multi-byte characters than bad bytes), else None."""
    _stray.count = 0
    valid = sum(1 for ch in data.decode("utf-8", errors="claimx-count") if ord(ch) > 0x7F)
    bad: int = _stray.count
    return bad if 0 < bad <= valid else None


# Files users name by mistake, told by their first bytes, with what to do instead.
_BINARY_KINDS = (
    (b"%PDF-", "a PDF document, not text: extract its text first (pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive, not text (a .docx, .odt or .xlsx: save it as text or HTML)"),
    (b"\xd0\xcf\x11\xe0", "an Office document, not text: save it as text or HTML"),
    (b"\x1f\x8b", "gzip-compressed, not text: decompress it first (gunzip)"),
    (b"\x89PNG", "an image, not text"),
    (b"\xff\xd8\xff", "an image, not text"),
    (b"GIF8", "an image, not text"),
)
_READ_KINDS = "claimx reads text, HTML, JSON Lines, JSON and CSV"


def decode(data: bytes, where: str = "") -> str:
    """Bytes to text: BOMs first, then UTF-8, then charset-normalizer's best guess.

    Line endings are left as they are, so offsets match the file.
    """
    if not data:
        raise InputError("empty", "the file is empty")
    for magic, kind in _BINARY_KINDS:
        if data.startswith(magic):
            raise InputError("binary", f"{kind}; {_READ_KINDS}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"))
    if b"\x00" not in data:
        try:
            return _checked(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
        # UTF-8 with a few stray bytes: decoding it whole as another code page would garble
        # every character of it ('’' as '‚Äô'); only the stray bytes are guessed.
        bad = _mostly_utf8(data)
        if bad is not None:
            log.warning("%s: %d byte(s) not UTF-8, read as cp1252", where or "input", bad)
            return _checked(data.decode("utf-8", errors="claimx-cp1252"))
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError("binary", "not text in any known encoding (binary file?)")
    encoding = _prefer_cp1252(data, best.encoding, {m.encoding: m.chaos for m in matches})
    try:
        return _checked(data.decode(encoding))
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError("decode", f"cannot decode as {encoding}: {exc}") from exc


def _prefer_cp1252(data: bytes, guess: str, chaos: dict[str, float]) -> str:
    """Single-byte Latin code pages look alike on short texts, and charset-normalizer then
    picks among them at random-looking; Western news text is overwhelmingly cp1252 (and
    latin-1, its subset), so it wins whenever it fits as well as the guess does."""
    if guess in ("utf_8", "ascii") or not _SINGLE_BYTE.match(guess):
        return guess
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return guess
    fits = chaos.get("cp1252", chaos.get(guess, 0.0)) <= chaos.get(guess, 0.0)
    return "cp1252" if fits else guess


def _checked(text: str) -> str:
    if not text.strip():
        raise InputError("empty", "the file holds no text")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError("binary", "binary content, not text")
    return text


def _open_error(exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError("not-found", "no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError("unreadable", "is a directory")
    if isinstance(exc, PermissionError):
        return InputError("unreadable", "permission denied")
    return InputError("unreadable", exc.strerror or str(exc))


def _open_input(path: str) -> BinaryIO:
    """The file opened for reading, without blocking on a FIFO that no one writes to:
    a pipe or device that gives nothing for PIPE_WAIT_SECONDS is unreadable."""
    try:
        # Non-blocking, so that opening a FIFO with no writer returns at once.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _open_error(exc) from exc
    stream = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("unreadable", "is a directory")
        if not stat.S_ISREG(info.st_mode):
            ready, _, _ = select.select([fd], [], [], PIPE_WAIT_SECONDS)
            if not ready:
                raise InputError(
                    "unreadable",
                    f"nothing to read after {PIPE_WAIT_SECONDS:g} s (a pipe with no writer?)",
                )
        os.set_blocking(fd, True)
    except BaseException:
        stream.close()
        raise
    if Path(path).suffix.lower() == GZIP_SUFFIX:
        return cast(BinaryIO, _Gunzipped(stream))
    return stream


class _Gunzipped(gzip.GzipFile):
    """A gzip-compressed file read as its content; closing it closes the file, as for any
    other input."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


# What a broken or cut-short compressed file raises while it is read.
BROKEN_STREAM = (OSError, EOFError, zlib.error)


def _broken(exc: BaseException) -> InputError:
    return InputError("decode", f"the file is broken or ends early ({type(exc).__name__}: {exc})")


def _until_broken(items: Iterable[_T]) -> Iterator[_T | InputError]:
    """`items`, read from a file; if the file breaks on the way (a cut-short gzip file), the
    error last instead of an exception: what came before it stays."""
    try:
        yield from items
    except BROKEN_STREAM as exc:
        yield _broken(exc)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` read, whatever the file claims to be
    (/dev/zero, a pipe)."""
    with _open_input(path) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise InputError("too-large", f"{size} bytes, over --max-bytes {max_bytes}")
            return _read_stream(stream, max_bytes)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise _broken(exc) from exc
        except OSError as exc:
            raise _open_error(exc) from exc


def _read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most `max_bytes` bytes of `stream`; one more means the input is too large."""
    chunks = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise InputError("too-large", f"over --max-bytes {max_bytes}")
    return b"".join(chunks)


def _failed(path: str, fmt: str, exc: InputError, line: int | None = None) -> InputDocument:
    shown = display_path(path)
    doc_id = shown if line is None else f"{shown}:{line}"
    return InputDocument(
        id=doc_id,
        text="",
        source=Source(path=shown, line=line, format=fmt),  # type: ignore[arg-type]
        error=RecordError(type=exc.kind, message=str(exc)),
    )


def _as_written(value: object) -> str:
    """A JSON value as its JSON text: `12` stays "12", `true` "true", an object its JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _field(obj: dict[str, Any], names: tuple[str, ...]) -> tuple[str, object] | None:
    """The first of `names` that `obj` has with a value (any case): its key as written and
    its value."""
    keys = {key.lower(): key for key in reversed(list(obj))}
    for name in names:
        key = keys.get(name)
        if key is not None and obj[key] is not None:
            return key, obj[key]
    return None


def _optional_str(obj: dict[str, Any], names: tuple[str, ...], where: str) -> str | None:
    """A metadata field: a string as is, a number as written; anything else is dropped with
    a warning, never the article."""
    found = _field(obj, names)
    if found is None:
        return None
    key, value = found
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _as_written(value)
    log.warning("%s: field %r is not a string (%s): ignored", where, key, type(value).__name__)
    return None


def _published(obj: dict[str, Any], where: str) -> str | None:
    """The publication date when it is an ISO 8601 date or time, else None with a warning: a
    wrong date would silently shift every relative date of the article."""
    found = _field(obj, PUBLISHED_FIELDS)
    if found is None:
        return None
    key, value = found
    if isinstance(value, str) and iso_timestamp(value) is not None:
        return value.strip()
    shown = json.dumps(value, ensure_ascii=False)[:40]
    log.warning("%s: %r %s is not an ISO 8601 date: ignored", where, key, shown)
    return None


def iso_timestamp(value: str) -> datetime | None:
    """`value` parsed as an ISO 8601 date or date and time, else None."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"  # Python 3.10 reads no 'Z'
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _json_error(exc: json.JSONDecodeError) -> str:
    """'Expecting value at column 5', 'Unterminated string starting at column 9'."""
    joint = " " if exc.msg.endswith(" at") else " at "
    return f"{exc.msg}{joint}column {exc.colno}"


def _jsonl_document(path: str, number: int, line: str) -> InputDocument:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("jsonl", f"invalid JSON: {_json_error(exc)}") from exc
    if not isinstance(obj, dict):
        raise InputError("jsonl", "each line must be a JSON object")
    if not isinstance(obj.get("text"), str) and is_record(obj):
        raise InputError("jsonl", "a claimx record, not an article: compare or match take records")
    if is_other_output(obj):
        raise InputError("jsonl", "a line of claimx compare or match output, not an article")
    return _article(obj, path, number, "jsonl")


def _article(obj: dict[str, Any], path: str, number: int, fmt: str) -> InputDocument:
    """The article of a JSON Lines object, a JSON file's object or a table's row (`fmt`
    "jsonl", "json" or "csv")."""
    where = f"{display_path(path)}:{number}"
    found = _field(obj, TEXT_FIELDS)
    key, text = found if found is not None else ("text", None)
    if found is not None and not isinstance(text, str):
        kind = {bool: "true or false", int: "a number", float: "a number", list: "a list"}
        raise InputError(
            fmt, f"no article text: {key!r} is {kind.get(type(text), 'an object')}, not text"
        )
    if not isinstance(text, str):
        named = [k for k in obj if k.lower() in TEXT_FIELDS]
        fields = ", ".join(list(obj)[:8]) + (", ..." if len(obj) > 8 else "")
        raise InputError(
            fmt,
            f"no article text: {named[0]!r} is null"
            if named
            else "no article text: no string field 'text' (nor 'body', 'content'...); "
            f"the {'row' if fmt == 'csv' else 'line'} has: {fields or 'no field'}",
        )
    if not text.strip():
        raise InputError("empty", f"field {key!r} is empty")
    raw_id = obj.get("id")
    document = InputDocument(
        id=_as_written(raw_id) if raw_id is not None else where,
        text=text,
        source=Source(path=display_path(path), line=number, format=fmt),  # type: ignore[arg-type]
        title=_optional_str(obj, TITLE_FIELDS, where),
        published=_published(obj, where),
        url=_optional_str(obj, URL_FIELDS, where),
        outlet=_optional_str(obj, OUTLET_FIELDS, where),
    )
    # Feeds and content APIs often carry the body as HTML (RSS's content:encoded, a CMS's
    # rendered content): read as text, its tags and entities would end up in quotes and claims.
    return _from_html(text, document) if looks_like_html(text) else document


def _json_documents(path: str, max_bytes: int) -> Iterator[InputDocument]:
    """The articles of a JSON file: an array of article objects, one article object, or an
    API's answer holding such an array (NewsAPI's `articles`, a search's `response.docs`).
    Read whole, up to JSON_MAX_BYTES; `max_bytes` applies to each article."""
    try:
        data = json.loads(decode(_read_bytes(path, JSON_MAX_BYTES), display_path(path)))
    except InputError as exc:
        yield _failed(path, "json", exc)
        return
    except json.JSONDecodeError as exc:
        yield _failed(path, "json", InputError("json", f"invalid JSON: {_json_error(exc)}"))
        return
    items = _article_list(data)
    if items is None:
        message = "no articles: neither an object with a text field nor a list of them"
        yield _failed(path, "json", InputError("json", message))
        return
    yield from _item_documents(
        (
            (i, item if isinstance(item, dict) else "not a JSON object")
            for i, item in enumerate(items, start=1)
        ),
        path,
        "json",
        max_bytes,
    )


def _article_list(data: object, depth: int = 0) -> list[Any] | None:
    """The articles of a JSON value: a list as it is, an object with a text field as one,
    else the first list of objects among its values (two levels down at most)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if _field(data, TEXT_FIELDS) is not None:
        return [data]
    for value in data.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return value
    if depth < 1:
        for value in data.values():
            found = _article_list(value, depth + 1) if isinstance(value, dict) else None
            if found is not None:
                return found
    return None


def _table_documents(path: str, max_bytes: int) -> Iterator[InputDocument]:
    """One document per row of a CSV or TSV file whose header names the text column (the
    names JSON Lines takes); streamed, `max_bytes` applying to each row."""
    try:
        stream = _open_input(path)
    except InputError as exc:
        yield _failed(path, "csv", exc)
        return
    try:
        text = open_text(stream)
        first = text.readline()
    except BROKEN_STREAM as exc:
        stream.close()
        yield _failed(path, "csv", _broken(exc))
        return
    with text:
        delimiter = delimiter_of(kind_suffix(path), first)
        names = header([first], delimiter)
        lowered = {name.lower() for name in names}
        problem = None
        if not first.strip():
            problem = InputError("empty", "the file is empty")
        elif {"article_id", "start", "end"} <= lowered:
            problem = InputError("csv", "a claimx CSV table, not articles")
        elif not lowered & set(TEXT_FIELDS):
            problem = InputError(
                "csv",
                "the header names no article text column (text, body, content...); "
                f"it has: {', '.join(names[:8])}",
            )
        if problem is not None:
            yield _failed(path, "csv", problem)
            return
        table = _until_broken(rows(chain([first], text), delimiter))
        yield from _item_documents(table, path, "csv", max_bytes)


def _item_documents(
    items: Iterable[tuple[int, dict[str, Any] | str] | InputError],
    path: str,
    fmt: str,
    max_bytes: int,
) -> Iterator[InputDocument]:
    """One document per (position, object) of a JSON file or a table: its article, or an
    error for that one alone (a string says what is wrong with it); `max_bytes` applies to
    each."""
    where = 0
    for entry in items:
        if isinstance(entry, InputError):  # the file broke off: what came before stays
            yield _failed(path, fmt, entry, line=where + 1)
            return
        where, item = entry
        try:
            if isinstance(item, str):
                raise InputError(fmt, item)
            size = len(json.dumps(item, ensure_ascii=False).encode("utf-8"))
            if size > max_bytes:
                raise InputError("too-large", f"{size} bytes, over --max-bytes {max_bytes}")
            document = _article(item, path, where, fmt)
        except InputError as exc:
            document = _failed(path, fmt, exc, line=where)
        except Exception as exc:  # a bug met on one article never ends the run
            document = _failed(path, fmt, internal_error(exc), line=where)
        yield document


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line, length) for each line; a line over `max_bytes` comes as None and is
    skipped over in chunks, never held in memory."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        length = len(raw)
        if length > max_bytes and not raw.endswith(b"\n"):
            while (rest := stream.readline(READ_CHUNK)) and not rest.endswith(b"\n"):
                length += len(rest)
            length += len(rest)
            yield number, None, length
        else:
            yield number, raw, length


def _jsonl_documents(path: str, max_bytes: int) -> Iterator[InputDocument]:
    """One document per line, read line by line so memory stays flat however long the file.

    JSON Lines is UTF-8 by definition (a leading BOM is tolerated); `max_bytes` applies to
    each line, the unit that becomes a document.
    """
    try:
        stream = _open_input(path)
    except InputError as exc:
        yield _failed(path, "jsonl", exc)
        return
    with stream:
        number = 0
        for item in _until_broken(_lines(stream, max_bytes)):
            if isinstance(item, InputError):
                yield _failed(path, "jsonl", item, line=number + 1)
                return
            number, raw, length = item
            try:
                if raw is None:
                    raise InputError(
                        "too-large", f"line of {length} bytes, over --max-bytes {max_bytes}"
                    )
                line_bytes = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
                if not line_bytes.strip():
                    continue
                try:
                    line = line_bytes.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError("decode", f"not UTF-8: {exc.reason}") from exc
                document = _jsonl_document(path, number, line)
            except InputError as exc:
                document = _failed(path, "jsonl", exc, line=number)
            except Exception as exc:  # a bug met on one line never ends the run
                document = _failed(path, "jsonl", internal_error(exc), line=number)
            yield document


def _text_document(path: str, text: str) -> InputDocument:
    suffix = kind_suffix(path)
    plain = suffix in (".txt", ".text", ".md")
    if suffix in HTML_SUFFIXES or (not plain and looks_like_html(text)):
        return _html_document(path, text)
    shown = display_path(path)
    return InputDocument(id=shown, text=text, source=Source(path=shown, format="text"))


def _html_document(path: str, markup: str) -> InputDocument:
    shown = display_path(path)
    return _from_html(
        markup, InputDocument(id=shown, text=markup, source=Source(path=shown, format="html"))
    )


def _from_html(markup: str, document: InputDocument) -> InputDocument:
    """`document` read from its HTML: the article's text (which offsets then index), and the
    page's title, date, URL, site name and author where `document` states none."""
    try:
        # Imported when a page comes: trafilatura takes a second to import.
        from claimx.read.html_fallback import read_html_page

        article = read_html_page(markup)
    except ImportError as exc:
        raise InputError("missing-dependency", missing_part("reading HTML", exc)) from exc
    if article is None or not article.text.strip():
        raise InputError("no-article", "no article text found in the HTML")
    return replace(
        document,
        text=article.text,
        source=document.source.model_copy(
            update={"format": "html", "extraction": article.extraction}
        ),
        title=document.title or article.title,
        published=document.published or article.published,
        url=document.url or article.url,
        outlet=document.outlet or article.outlet,
        byline=document.byline or article.author,
    )


def read_path(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputDocument]:
    """The documents of one input: one for a text or HTML file, one per line for JSON Lines."""
    jsonl = path != STDIN and kind_suffix(path) in JSONL_SUFFIXES
    kind = output_kind(Path(path)) if path != STDIN else None
    if kind is not None:
        # claimx's own output named as input: one error for the file, not one per line, nor
        # its JSON read as an article's text.
        message = f"claimx {kind}, not articles" + (
            ": compare or match take records" if kind == "records" else ""
        )
        if kind == "report output":
            yield _failed(path, "html", InputError("html", message))
        else:
            yield _failed(path, "jsonl" if jsonl else "text", InputError("jsonl", message))
        return
    if jsonl:
        yield from _jsonl_documents(path, max_bytes)
        return
    if path != STDIN and kind_suffix(path) == ".json":
        yield from _json_documents(path, max_bytes)
        return
    if path != STDIN and kind_suffix(path) in DELIMITERS:
        yield from _table_documents(path, max_bytes)
        return
    try:
        data = (
            _read_stream(sys.stdin.buffer, max_bytes)
            if path == STDIN
            else _read_bytes(path, max_bytes)
        )
        document = _text_document(path, decode(data, display_path(path)))
    except InputError as exc:
        document = _failed(path, "text", exc)
    except Exception as exc:  # a bug met on one input never ends the run
        document = _failed(path, "text", internal_error(exc))
    yield document


def read_inputs(
    paths: Iterable[str],
    *,
    globs: tuple[str, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip: frozenset[FileKey] = frozenset(),
) -> Iterator[InputDocument]:
    """Every document of every input, in order; unreadable inputs as error documents.

    Files in `skip` (this run's output) are never read.
    """
    for path in iter_paths(paths, globs=globs, skip=skip):
        yield from read_path(path, max_bytes=max_bytes)
