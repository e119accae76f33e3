"""Records kept between runs, so an unchanged corpus is not processed twice.

A record is keyed by what decides it: the document's text and metadata, the options that
shape records, claimx's version and code, spaCy's version and the model (name and meta.json).
Change any of them and the key changes, so a stale record is never served. The id and source
are not part of the key: the same article under another name is found, and restamped.

The store is one SQLite file (standard library; safe with concurrent runs: WAL and a busy
timeout), holding each record as its JSON. Records of failed documents are not stored. A
cache that cannot be opened or written is dropped with a warning: the run goes on without.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from platformdirs import user_cache_dir

import claimx
from claimx.nlp.pipeline import resolve_model_name
from claimx.read.document import InputDocument
from claimx.records.article import ArticleRecord
from claimx.run.options import ExtractOptions

log = logging.getLogger(__name__)

DATABASE_NAME = "records-v1.sqlite3"
# SQLite's default limit on host parameters in one statement is 999.
_LOOKUP_CHUNK = 500
_BUSY_TIMEOUT_SECONDS = 60.0


def default_cache_dir() -> Path:
    """The user's cache directory for claimx (e.g. ~/.cache/claimx on Linux)."""
    return Path(user_cache_dir("claimx"))


def code_fingerprint() -> str:
    """claimx's version and a digest of its files (source, bundled models), so that edits to
    an unreleased checkout count too."""
    root = Path(claimx.__file__).parent
    digest = hashlib.sha256(claimx.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def model_fingerprint(model: str | None) -> str:
    """The model that would load for `model`: its name and the digest of its meta.json."""
    name = resolve_model_name(model)
    meta = _meta_path(name)
    if meta is None:
        return name
    return f"{name}:{hashlib.sha256(meta.read_bytes()).hexdigest()}"


def _meta_path(name: str) -> Path | None:
    candidates = [Path(name) / "meta.json"]
    if not Path(name).exists():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin is not None:
            candidates.append(Path(spec.origin).parent / "meta.json")
    return next((path for path in candidates if path.is_file()), None)


def namespace(options: ExtractOptions) -> str:
    """The digest of everything besides the document that decides a record."""
    settings = asdict(options.for_records)
    settings["model"] = model_fingerprint(options.model)
    parts = {
        "claimx": code_fingerprint(),
        "spacy": importlib.metadata.version("spacy"),
        "options": settings,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class RecordCache:
    """Records by document key, within one namespace of options, versions and model."""

    def __init__(
        self, connection: sqlite3.Connection | None, namespace: str, path: Path | None = None
    ) -> None:
        self._connection = connection
        self._namespace = namespace
        self._path = path or Path(DATABASE_NAME)

    @classmethod
    @contextmanager
    def open(cls, directory: str | Path, options: ExtractOptions) -> Iterator[RecordCache]:
        """The cache in `directory` (created if need be) for records made with `options`."""
        connection = _connect(Path(directory))
        log.info("record cache: %s", Path(directory) / DATABASE_NAME)
        try:
            yield cls(connection, namespace(options), Path(directory) / DATABASE_NAME)
        finally:
            if connection is not None:
                connection.close()

    def key(self, document: InputDocument) -> str | None:
        """The key of the document's record; None for a document that could not be read."""
        if document.error is not None:
            return None
        content = [
            self._namespace,
            document.source.format,
            document.text,
            document.title,
            document.published,
            document.url,
            document.outlet,
            document.byline,
            document.dateline,
            document.reference_date,
            [b.model_dump() for b in document.boilerplate],
        ]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, ArticleRecord]:
        """The stored records among `keys`."""
        if self._connection is None or not keys:
            return {}
        found: dict[str, ArticleRecord] = {}
        try:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[start : start + _LOOKUP_CHUNK]
                rows = self._connection.execute(
                    f"SELECT key, record FROM records WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                for key, text in rows:
                    found[key] = ArticleRecord.model_validate_json(text)
        except (sqlite3.Error, ValueError) as exc:
            self._give_up(exc)
            return {}
        return found

    def put_many(self, records: Mapping[str, ArticleRecord]) -> None:
        """Store `records` by key, in one transaction."""
        if self._connection is None or not records:
            return
        rows = []
        for key, record in records.items():
            try:
                rows.append((key, record.model_dump_json()))
            except ValueError:  # text JSON cannot hold (lone surrogates): just not cached
                continue
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO records (key, record) VALUES (?, ?)", rows
                )
        except sqlite3.Error as exc:
            self._give_up(exc)

    @staticmethod
    def restamp(record: ArticleRecord, document: InputDocument) -> ArticleRecord:
        """A stored record as the record of `document`, which may have another id or path."""
        return record.model_copy(update={"id": document.id, "source": document.source})

    def _give_up(self, exc: Exception) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        if _damaged(exc):
            # A damaged database would fail again on every run: the next run starts anew.
            moved = _set_aside(self._path)
            log.warning("cache damaged (%s): moved to %s; a new one starts next run", exc, moved)
        else:
            log.warning("cache disabled for this run: %s", exc)


def through_cache(
    batches: Iterator[list[InputDocument]],
    cache: RecordCache,
    run: Callable[[Iterator[list[InputDocument]]], Iterator[list[ArticleRecord]]],
) -> Iterator[list[ArticleRecord]]:
    """`run` over the documents the cache does not know; their records are stored.

    Batches keep their order and size: cached records are put back in their places.
    """
    looked_up: deque[tuple[list[InputDocument], list[str | None], dict[str, ArticleRecord]]]
    looked_up = deque()

    def misses() -> Iterator[list[InputDocument]]:
        for batch in batches:
            keys = [cache.key(d) for d in batch]
            hits = cache.get_many([k for k in keys if k is not None])
            log.debug("cache: %d of %d documents known", len(hits), len(batch))
            looked_up.append((batch, keys, hits))
            yield [d for d, k in zip(batch, keys, strict=True) if k is None or k not in hits]

    for computed in run(misses()):
        batch, keys, hits = looked_up.popleft()
        fresh = iter(computed)
        records = []
        new: dict[str, ArticleRecord] = {}
        for document, key in zip(batch, keys, strict=True):
            if key is not None and key in hits:
                records.append(cache.restamp(hits[key], document))
                continue
            record = next(fresh)
            if key is not None and record.error is None:
                new[key] = record
            records.append(record)
        cache.put_many(new)
        yield records


def _damaged(exc: Exception) -> bool:
    """A database that is not one, or a stored record that no longer reads: not a busy lock."""
    if isinstance(exc, sqlite3.OperationalError):
        return "malformed" in str(exc) or "not a database" in str(exc)
    return isinstance(exc, sqlite3.DatabaseError | ValueError)


def _set_aside(database: Path) -> Path:
    """Move a damaged database (and its journal) out of the way; where it went."""
    aside = database.with_name(database.name + ".damaged")
    try:
        database.replace(aside)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
    except OSError as exc:
        log.debug("could not move the damaged cache aside: %s", exc)
    return aside


def _open_database(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database, timeout=_BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, record TEXT NOT NULL)"
        )
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _connect(directory: Path) -> sqlite3.Connection | None:
    database = directory / DATABASE_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True)
        try:
            return _open_database(database)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            moved = _set_aside(database)
            log.warning("cache damaged (%s): moved to %s; starting a new one", exc, moved)
            return _open_database(database)
    except (OSError, sqlite3.Error) as exc:
        log.warning("running without a cache: cannot open %s: %s", directory, exc)
        return None
