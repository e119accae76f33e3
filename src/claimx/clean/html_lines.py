"""Lines of an HTML page that trafilatura left out but a learned model reads as article body.

trafilatura is the better reader of most pages, but it misses paragraphs of some (a lead set in
another element, a list, the second half of an article). The page's whole text is split into
lines as the plain-text cleaner splits it; each line gets the cleaner's features (length,
punctuation, position, repetition, neighbours, ...) plus what trafilatura kept: the share of the
line's word n-grams found in trafilatura's text, the same over windows of neighbours, at the
neighbours, and over the page; and where the line stands in the page's markup (`DOM_FEATURES` of
`page_blocks`: the element it starts in, a figure, an aside or a list around it, class and id
words, links, how much text and links its element and their parents hold); and its share in
trafilatura's reading of the page for recall (its default, which keeps more than the
`favor_precision` reading claimx takes: `claimx.read.html.recall_text`). A set of boosted
trees (trained on both cleaning benchmarks by `benchmarks/train_html_lines.py`, cross-validated
by site in `benchmarks/boilerplate.py`) scores the lines, a second set adds the first's scores
of the line and its neighbours; those trafilatura did not keep that score above the model's
threshold are put back into trafilatura's text, before the next line it kept. trafilatura's
text stays otherwise as it is (it has the better precision). Scoring is numpy alone, linear in
the number of lines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimx.clean.boilerplate import Line
from claimx.clean.line_classifier import (
    FEATURE_NAMES,
    Matrix,
    PageLines,
    Trees,
    _shifted,
    _window_mean,
    page_lines,
    score_features,
)
from claimx.clean.model_files import load_model_files, save_model_files
from claimx.package_data import MODELS_DIR
from claimx.read.html_text import DOM_FEATURES, Block

MODEL_DIR = MODELS_DIR / "cleaner_html"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"

_TOKEN = re.compile(r"\w+")
# A line counts as kept by trafilatura when this share of its n-grams is in trafilatura's text.
KEPT_SHARE = 0.5
# n of the n-grams compared (shorter lines: all their words as one gram).
GRAM = 4
# How far past the previous kept line (beyond twice its length) the next one is looked for.
SEARCH_SLACK = 2000
COVERAGE_FEATURES = (
    "kept",
    "kept_p1",
    "kept_n1",
    "kept_mean1",
    "kept_mean3",
    "kept_mean10",
    "kept_page",
    "kept_before",
    "kept_after",
)
# The same shares of the lines in trafilatura's reading for recall (`html.recall_text`).
RECALL_FEATURES = ("recall", "recall_mean1", "recall_mean3", "recall_page")
HTML_FEATURES = (*FEATURE_NAMES, *COVERAGE_FEATURES, *DOM_FEATURES, *RECALL_FEATURES)


def _grams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def coverage(lines: Sequence[Line], kept: str) -> Matrix:
    """Per line, the share of its word n-grams (n = min(GRAM, its words)) found in `kept`."""
    tokens = _TOKEN.findall(kept.lower())
    known = {n: set(_grams(tokens, n)) for n in range(1, GRAM + 1)}
    out = np.zeros(len(lines))
    for i, line in enumerate(lines):
        words = _TOKEN.findall(line.text.lower())
        if words:
            grams = _grams(words, min(GRAM, len(words)))
            out[i] = sum(g in known[len(g)] for g in grams) / len(grams)
    return out


def coverage_columns(share: Matrix) -> Matrix:
    """COVERAGE_FEATURES of every line from the lines' shares kept by trafilatura."""
    n = len(share)
    if not n:
        return np.zeros((0, len(COVERAGE_FEATURES)))
    kept = (share >= KEPT_SHARE).astype(np.float64)
    before = np.concatenate([[0.0], np.cumsum(kept)[:-1]]) > 0
    after = np.concatenate([np.cumsum(kept[::-1])[:-1][::-1], [0.0]]) > 0
    columns = [
        share,
        _shifted(share, 1),
        _shifted(share, -1),
        _window_mean(share, 1),
        _window_mean(share, 3),
        _window_mean(share, 10),
        np.full(n, float(kept.mean())),
        before.astype(np.float64),
        after.astype(np.float64),
    ]
    return np.column_stack(columns)


def block_lines(text: str, blocks: Sequence[Block], page: PageLines) -> list[int]:
    """Per page block, the index of the cleaner's line of `text` it falls in (-1: not found)."""
    starts = [line.start for line in page.rules.lines]
    out, position = [], 0
    for block in blocks:
        at = text.find(block.text, position)
        if at < 0 or not starts:
            out.append(-1)
            continue
        position = at + len(block.text)
        out.append(max(bisect.bisect_right(starts, at) - 1, 0))
    return out


def line_markup(page: PageLines, text: str, blocks: Sequence[Block]) -> Matrix:
    """Per line of `page` (the cleaner's lines of the page's whole text `text`, as `page_blocks`
    gives it with `blocks`), the DOM_FEATURES of the first block in it; zeros for none."""
    out = np.zeros((len(page.rules.lines), len(DOM_FEATURES)))
    seen = np.zeros(len(out), dtype=bool)
    for block, k in zip(blocks, block_lines(text, blocks, page), strict=True):
        if k >= 0 and not seen[k]:
            out[k], seen[k] = block.features, True
    return out


def recall_columns(recall: Matrix) -> Matrix:
    """RECALL_FEATURES from the lines' shares in trafilatura's reading for recall."""
    n = len(recall)
    kept = (recall >= KEPT_SHARE).astype(np.float64)
    page = np.full(n, float(kept.mean()) if n else 0.0)
    columns = [recall, _window_mean(recall, 1), _window_mean(recall, 3), page]
    return np.column_stack(columns) if n else np.zeros((0, len(RECALL_FEATURES)))


def html_features(
    page: PageLines, share: Matrix, markup: Matrix | None = None, recall: Matrix | None = None
) -> Matrix:
    """The model's input (HTML_FEATURES): the cleaner's line features, the coverage ones,
    where each line stands in the page's markup (`line_markup`; zeros when only the page's
    text is known) and the lines' shares in trafilatura's reading for recall (`coverage` of
    `html.recall_text`; zeros when not known)."""
    if markup is None:
        markup = np.zeros((len(share), len(DOM_FEATURES)))
    if recall is None:
        recall = np.zeros(len(share))
    return np.hstack([page.features, coverage_columns(share), markup, recall_columns(recall)])


@dataclass(frozen=True)
class HtmlLineModel:
    """Two passes of trees, the second adding the first's scores of the line and its
    neighbours, and the score above which a line trafilatura left out is put back."""

    trees: Trees
    second: Trees
    threshold: float

    def scores(self, features: Matrix) -> Matrix:
        if not len(features):
            return np.zeros(0)
        first = self.trees.predict(features)
        return self.second.predict(np.hstack([features, score_features(first)]))

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        arrays = {**self.trees.arrays("trees"), **self.second.arrays("second")}
        meta = {**meta, "threshold": self.threshold, "features": list(HTML_FEATURES)}
        save_model_files(directory / WEIGHTS_FILE, directory / META_FILE, arrays, meta)


@cache
def load_html_model(directory: Path = MODEL_DIR) -> HtmlLineModel | None:
    """The shipped model, or None when its files are missing or stale (nothing is added)."""
    found = load_model_files(directory / WEIGHTS_FILE, directory / META_FILE, HTML_FEATURES)
    if found is None:
        return None
    arrays, meta = found
    return HtmlLineModel(
        Trees.from_arrays(arrays, "trees"),
        Trees.from_arrays(arrays, "second"),
        float(meta["threshold"]),
    )


def _opening(line: Line) -> re.Pattern[str] | None:
    words = _TOKEN.findall(line.text)[:4]
    if not words:
        return None
    return re.compile(r"\W+".join(re.escape(w) for w in words))


def merge(kept: str, lines: Sequence[Line], share: Matrix, added: Sequence[bool]) -> str:
    """trafilatura's text with the `added` lines put back, each before the next line kept (found
    by its first words), in page order; at the end when none follows. Each kept line is looked
    for only a little past the previous one (linear time)."""
    pieces: list[str] = []
    position = looked = 0  # text copied up to `position`; the previous kept line found at `looked`
    reach, pending = SEARCH_SLACK, []
    for i, line in enumerate(lines):
        if share[i] < KEPT_SHARE:
            if added[i]:
                pending.append(line.text)
            continue
        pattern = _opening(line)
        found = pattern.search(kept, looked, looked + reach) if pattern is not None else None
        if found is None:
            continue
        if pending:
            at = max(kept.rfind("\n", position, found.start()) + 1, position)
            pieces += [kept[position:at], *(f"{text}\n" for text in pending)]
            position, pending = at, []
        looked, reach = found.start(), 2 * len(line.text) + SEARCH_SLACK
    pieces.append(kept[position:])
    if pending:
        pieces.append("".join(f"\n{text}" for text in pending))
    return "".join(pieces)


def with_missed_lines(
    kept: str,
    page: str,
    model: HtmlLineModel | None = None,
    lines: PageLines | None = None,
    share: Matrix | None = None,
    blocks: Sequence[Block] | None = None,
    recall: Matrix | None = None,
) -> tuple[str, int]:
    """trafilatura's text `kept` with the lines of the page's whole text `page` it missed and
    the model reads as body; and how many lines were added. `lines`: `page_lines(page)`, and
    `share`: `coverage(lines.rules.lines, kept)`, when the caller has them already; `blocks`:
    the page's lines and where they stand in its markup (`page_blocks`), when it is known;
    `recall`: `coverage(lines.rules.lines, recall_text(markup))`, when it is known."""
    model = model if model is not None else load_html_model()
    if model is None or not page.strip():
        return kept, 0
    lines = lines if lines is not None else page_lines(page)
    if not lines.rules.lines:
        return kept, 0
    share = share if share is not None else coverage(lines.rules.lines, kept)
    markup = line_markup(lines, page, blocks) if blocks is not None else None
    scores = model.scores(html_features(lines, share, markup, recall))
    added = (scores > model.threshold) & (share < KEPT_SHARE)
    if not added.any():
        return kept, 0
    return merge(kept, lines.rules.lines, share, added.tolist()), int(added.sum())


def added_mask(scores: Matrix, share: Matrix, threshold: float) -> npt.NDArray[np.bool_]:
    return np.asarray((scores > threshold) & (share < KEPT_SHARE))
