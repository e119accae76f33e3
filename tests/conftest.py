"""Shared fixtures: a blank English pipeline for unit tests, the real one for integration."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimx.nlp.extensions  # noqa: F401 - registers the Doc/Span extensions
from claimx.records import ArticleRecord

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read or write the user's record cache (subprocesses inherit this too)."""
    os.environ["CLAIMX_CACHE"] = tempfile.mkdtemp(prefix="claimx-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's cache goes with it: a developer's /tmp does not fill up run after run."""
    shutil.rmtree(os.environ.pop("CLAIMX_CACHE", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="session")
def make_doc(blank_nlp: Language) -> Callable[..., Doc]:
    """A Doc from words, with entity IOB tags given as (start, end, label) token ranges."""

    def build(words: list[str], ents: list[tuple[int, int, str]] = (), **kwargs: object) -> Doc:  # type: ignore[assignment]
        tags = ["O"] * len(words)
        for start, end, label in ents:
            tags[start] = f"B-{label}"
            for i in range(start + 1, end):
                tags[i] = f"I-{label}"
        return Doc(blank_nlp.vocab, words=words, ents=tags, **kwargs)

    return build


@pytest.fixture(scope="session")
def real_nlp() -> Language:
    from claimx.nlp.pipeline import PipelineOptions, load_pipeline

    return load_pipeline(PipelineOptions())


@pytest.fixture
def tracked_records(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records a command passed through the progress bar's tracking."""
    from claimx.run import progress

    tracked: list[str] = []

    def track(
        records: Iterable[ArticleRecord], paths: list[str], **options: object
    ) -> Iterator[ArticleRecord]:
        for record in records:
            tracked.append(record.id)
            yield record

    monkeypatch.setattr(progress, "track", track)
    return tracked
