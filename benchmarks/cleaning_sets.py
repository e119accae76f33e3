"""The two cleaning benchmarks, read from their folders, and their standard scores.

article-extraction: `pages/<id>.txt` (whole-page text), `html/<id>.html.gz`, `gold.jsonl`
`{id, url, article_body}`; score: 4-gram word shingles of prediction vs gold per page, precision
and recall averaged over pages, F1 of the two means.
trafilatura-eval: the same files, `gold.jsonl` `{id, url, with, without}`; score (trafilatura's):
over all snippets, whitespace collapsed, a `with` snippet in the kept text is a true positive,
missing a false negative; a `without` snippet kept is a false positive.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
# Second-level labels under which sites register (bbc.co.uk, prensa.com.pa).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "gob", "or", "ne"})


@dataclass(frozen=True)
class Page:
    """One page of either set: `gold` for article-extraction, `with_`/`without` otherwise."""

    set: str
    id: str
    url: str
    text: str
    html_path: Path
    gold: str | None = None
    with_: tuple[str, ...] = field(default=())
    without: tuple[str, ...] = field(default=())

    @property
    def site(self) -> str:
        return site_of(self.url)


def site_of(url: str) -> str:
    """The site a page belongs to: its registered domain ("bbc.co.uk", "nytimes.com").
    trafilatura-eval names a few pages "hard::site.tld-slug.html"."""
    if url.startswith("hard::"):
        host = url.removeprefix("hard::").split("-")[0].removesuffix(".html")
    else:
        host = urlparse(url).hostname or url
    labels = host.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def load_article_extraction(data: Path) -> list[Page]:
    with (data / "gold.jsonl").open(encoding="utf-8") as lines:
        rows = {row["id"]: row for row in map(json.loads, lines)}
    return [
        Page(
            "article-extraction",
            page_id,
            rows[page_id]["url"],
            (data / "pages" / f"{page_id}.txt").read_text(encoding="utf-8"),
            data / "html" / f"{page_id}.html.gz",
            gold=rows[page_id]["article_body"],
        )
        for page_id in sorted(rows)
    ]


def load_trafilatura_eval(data: Path) -> list[Page]:
    with (data / "gold.jsonl").open(encoding="utf-8") as lines:
        rows = {row["id"]: row for row in map(json.loads, lines)}
    return [
        Page(
            "trafilatura-eval",
            page_id,
            rows[page_id]["url"],
            (data / "pages" / f"{page_id}.txt").read_text(encoding="utf-8"),
            data / "html" / f"{page_id}.html.gz",
            with_=tuple(rows[page_id]["with"]),
            without=tuple(rows[page_id]["without"]),
        )
        for page_id in sorted(rows)
    ]


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))


def page_scores(gold: str, prediction: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the benchmark leaves the page out."""
    true, predicted = _shingles(gold), _shingles(prediction)
    tp = sum((true & predicted).values())
    fp = sum((predicted - true).values())
    fn = sum((true - predicted).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def shingle_score(pages: Sequence[Page], predictions: Sequence[str]) -> tuple[float, float, float]:
    pairs = [page_scores(p.gold or "", pred) for p, pred in zip(pages, predictions, strict=True)]
    precision = statistics.mean(p for p, _ in pairs if p is not None)
    recall = statistics.mean(r for _, r in pairs if r is not None)
    return precision, recall, 2 * precision * recall / (precision + recall)


def collapse(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(page: Page, prediction: str) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives) of one page's snippets."""
    kept = collapse(prediction)
    tp = sum(collapse(s) in kept for s in page.with_)
    fp = sum(collapse(s) in kept for s in page.without)
    return tp, len(page.with_) - tp, fp


def snippet_score(pages: Sequence[Page], predictions: Sequence[str]) -> tuple[float, float, float]:
    tp = fn = fp = 0
    for page, prediction in zip(pages, predictions, strict=True):
        a, b, c = snippet_counts(page, prediction)
        tp, fn, fp = tp + a, fn + b, fp + c
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(pages: Sequence[Page], predictions: Sequence[str]) -> tuple[float, float, float]:
    """The set's own score; all pages must come from one set."""
    sets = {page.set for page in pages}
    if sets == {"article-extraction"}:
        return shingle_score(pages, predictions)
    if sets == {"trafilatura-eval"}:
        return snippet_score(pages, predictions)
    raise ValueError(f"pages of several sets: {sorted(sets)}")
