"""Reading inputs: files, directories, JSON Lines and stdin, into InputDocuments.

Nothing here raises for a bad input: a file that cannot be read becomes an InputDocument with
its `error` set, so the run goes on and the output still says what happened to it.
"""

from __future__ import annotations

import codecs
import fnmatch
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from claimx.document import InputDocument
from claimx.errors import InputError
from claimx.records import RecordError, Source

DEFAULT_SUFFIXES = (".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_MAX_BYTES = 10_000_000
STDIN = "-"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SINGLE_BYTE = re.compile(r"^(cp12\d\d|cp[78]\d\d|iso8859_\d+|latin_1|mac_\w+)$")
# Share of control characters above which decoded "text" is really a binary file.
_MAX_CONTROL_SHARE = 0.01


def iter_paths(paths: Iterable[str], *, globs: tuple[str, ...] = ()) -> Iterator[str]:
    """Each input: files as given, directories walked recursively in sorted order.

    In a directory only files matching `globs` (default: the known text suffixes) are taken;
    a file named explicitly is always taken.
    """
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if not path.is_dir():
            yield raw
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if _selected(child, globs):
                yield str(child)


def _selected(path: Path, globs: tuple[str, ...]) -> bool:
    if globs:
        return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(str(path), g) for g in globs)
    return path.suffix.lower() in DEFAULT_SUFFIXES


def decode(data: bytes) -> str:
    """Bytes to text: BOMs first, then UTF-8, then charset-normalizer's best guess.

    Line endings are left as they are, so offsets match the file.
    """
    if not data:
        raise InputError("empty", "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"))
    if b"\x00" not in data:
        try:
            return _checked(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
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


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise InputError("too-large", f"{size} bytes, over --max-bytes {max_bytes}")
        return Path(path).read_bytes()
    except OSError as exc:
        raise _open_error(exc) from exc


def _read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("too-large", f"over --max-bytes {max_bytes}")
    return data


def _failed(path: str, fmt: str, exc: InputError, line: int | None = None) -> InputDocument:
    doc_id = path if line is None else f"{path}:{line}"
    return InputDocument(
        id=doc_id,
        text="",
        source=Source(path=path, line=line, format=fmt),  # type: ignore[arg-type]
        error=RecordError(type=exc.kind, message=str(exc)),
    )


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("jsonl", f"field {key!r} must be a string")
    return value


def _jsonl_document(path: str, number: int, line: str) -> InputDocument:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("jsonl", f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(obj, dict):
        raise InputError("jsonl", "each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("jsonl", "missing string field 'text'")
    if not text.strip():
        raise InputError("empty", "field 'text' is empty")
    raw_id = obj.get("id")
    return InputDocument(
        id=str(raw_id) if raw_id is not None else f"{path}:{number}",
        text=text,
        source=Source(path=path, line=number, format="jsonl"),
        title=_optional_str(obj, "title"),
        published=_optional_str(obj, "published"),
        url=_optional_str(obj, "url"),
        outlet=_optional_str(obj, "outlet"),
    )


def _jsonl_documents(path: str, max_bytes: int) -> Iterator[InputDocument]:
    """One document per line, read line by line so memory stays flat however long the file.

    JSON Lines is UTF-8 by definition (a leading BOM is tolerated); `max_bytes` applies to
    each line, the unit that becomes a document.
    """
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below, after the generator ends
    except OSError as exc:
        yield _failed(path, "jsonl", _open_error(exc))
        return
    with stream:
        for number, raw in enumerate(stream, start=1):
            line_bytes = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
            if not line_bytes.strip():
                continue
            try:
                if len(line_bytes) > max_bytes:
                    raise InputError(
                        "too-large",
                        f"line of {len(line_bytes)} bytes, over --max-bytes {max_bytes}",
                    )
                try:
                    line = line_bytes.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError("decode", f"not UTF-8: {exc.reason}") from exc
                yield _jsonl_document(path, number, line)
            except InputError as exc:
                yield _failed(path, "jsonl", exc, line=number)


def _text_document(path: str, text: str) -> InputDocument:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in (".txt", ".text", ".md") and _is_html(text)):
        return _html_document(path, text)
    return InputDocument(id=path, text=text, source=Source(path=path, format="text"))


def _is_html(text: str) -> bool:
    from claimx.html import looks_like_html

    return looks_like_html(text)


def _html_document(path: str, markup: str) -> InputDocument:
    from claimx.html_fallback import read_html_page

    article = read_html_page(markup)
    if article is None or not article.text.strip():
        raise InputError("no-article", "no article text found in the HTML")
    return InputDocument(
        id=path,
        text=article.text,
        source=Source(path=path, format="html", extraction=article.extraction),
        title=article.title,
        published=article.published,
        url=article.url,
        outlet=article.outlet,
        byline=article.author,
    )


def read_path(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputDocument]:
    """The documents of one input: one for a text or HTML file, one per line for JSON Lines."""
    if path != STDIN and Path(path).suffix.lower() in JSONL_SUFFIXES:
        if Path(path).is_dir():
            yield _failed(path, "jsonl", InputError("unreadable", "is a directory"))
        else:
            yield from _jsonl_documents(path, max_bytes)
        return
    try:
        data = (
            _read_stream(sys.stdin.buffer, max_bytes)
            if path == STDIN
            else _read_bytes(path, max_bytes)
        )
        yield _text_document(path, decode(data))
    except InputError as exc:
        yield _failed(path, "text", exc)


def read_inputs(
    paths: Iterable[str],
    *,
    globs: tuple[str, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[InputDocument]:
    """Every document of every input, in order; unreadable inputs as error documents."""
    for path in iter_paths(paths, globs=globs):
        yield from read_path(path, max_bytes=max_bytes)
