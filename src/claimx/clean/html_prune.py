"""Lines trafilatura kept that are page furniture all the same: learned from where they stand.

trafilatura's text of a page holds, on some sites, a caption, a "Read more" line, a share bar, a
list of related links or an author box among the article's paragraphs. What the line says is
often not enough to tell them apart (a caption reads like prose); where it stands in the page's
markup is (a figure, an aside, an element whose class names it a caption, a teaser or an author
box; text that is all links). Each line of trafilatura's text (with the lines it missed put back)
is found among the lines of the page's whole text (`page_blocks`), and gets the markup's
features of that line (`DOM_FEATURES`), the plain-text cleaner's score of the page line it falls
in, its own length and place in trafilatura's text, and some of the same of its neighbours. A
set of boosted trees (trained on both cleaning benchmarks by `benchmarks/train_html_prune.py`,
cross-validated by site in `benchmarks/boilerplate.py`) scores the lines; those scoring under
the model's threshold are dropped. Scoring is numpy alone, linear in the number of lines.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from claimx.clean.boilerplate import Line, normalise, split_lines
from claimx.clean.html_lines import block_lines
from claimx.clean.line_classifier import (
    Matrix,
    PageLines,
    Trees,
    _shifted,
    _window_mean,
)
from claimx.clean.model_files import load_model_files, save_model_files
from claimx.package_data import MODELS_DIR
from claimx.read.html_text import DOM_FEATURES, Block

MODEL_DIR = MODELS_DIR / "cleaner_html"
WEIGHTS_FILE = "prune.npz"
META_FILE = "prune.json"
# Words of a line's opening that find it among the page's lines when the whole line does not.
_OPENING_WORDS = 6
KEPT_FEATURES = (
    "matched",
    "line_score",
    "log_words",
    "ends_prose",
    "position",
    "first",
    "last",
    "kept_lines",
    "word_share",
    "page_repeats",
    "heading_like",
)
_CONTEXT = ("line_score", "link_share", "log_words", "matched")
_NEIGHBOURS = (1, 2)
CONTEXT_FEATURES = tuple(
    f"{name}_{side}{k}" for name in _CONTEXT for side in ("p", "n") for k in _NEIGHBOURS
) + tuple(f"{name}_mean3" for name in _CONTEXT)
# The cleaner's own line features (FEATURE_NAMES) are left out: with them the trees fit the
# training sites' lines (cross-validated by site, trafilatura-eval 0.930 with them, 0.932
# without, both dropping under 0.15); its score of the line stays.
PRUNE_FEATURES = (*KEPT_FEATURES, *DOM_FEATURES, *CONTEXT_FEATURES)


@dataclass(frozen=True)
class KeptLines:
    """The lines of trafilatura's text and their features (PRUNE_FEATURES), one row a line."""

    text: str
    lines: list[Line]
    features: Matrix


def _matches(lines: Sequence[Line], blocks: Sequence[Block]) -> list[int]:
    """Per line of trafilatura's text, the index of the page line it is (by its whole text, else
    by its opening words), the first such after the previous match when there are several; -1
    when none is."""
    whole: dict[str, list[int]] = {}
    opening: dict[str, list[int]] = {}
    for k, block in enumerate(blocks):
        norm = normalise(block.text)
        whole.setdefault(norm, []).append(k)
        opening.setdefault(" ".join(norm.split()[:_OPENING_WORDS]), []).append(k)
    out, previous = [], -1
    for line in lines:
        norm = normalise(line.text)
        found = whole.get(norm) or opening.get(" ".join(norm.split()[:_OPENING_WORDS])) or []
        if not norm or not found:
            out.append(-1)
            continue
        at = bisect.bisect_right(found, previous)
        k = found[at] if at < len(found) else found[0]
        out.append(k)
        previous = k
    return out


def kept_lines(
    kept: str, page_text: str, blocks: Sequence[Block], page: PageLines, scores: Matrix
) -> KeptLines:
    """trafilatura's text `kept` split into lines with their PRUNE_FEATURES: `blocks` and `page`
    are the page's whole text `page_text` as `page_blocks` and `page_lines` read it, `scores`
    the plain-text cleaner's scores of `page`'s lines."""
    lines = split_lines(kept)
    n = len(lines)
    if not n:
        return KeptLines(kept, lines, np.zeros((0, len(PRUNE_FEATURES))))
    matched = _matches(lines, blocks)
    of_block = block_lines(page_text, blocks, page)
    dom = np.zeros((n, len(DOM_FEATURES)))
    line_score = np.full(n, -1.0)
    for i, k in enumerate(matched):
        if k >= 0:
            dom[i] = blocks[k].features
            if of_block[k] >= 0:
                line_score[i] = scores[of_block[k]]
    words = np.array([line.words for line in lines], dtype=np.float64)
    counts = Counter(normalise(block.text) for block in blocks)
    own = np.column_stack(
        [
            np.array([k >= 0 for k in matched], dtype=np.float64),
            line_score,
            np.log1p(words),
            np.array([line.text.endswith(tuple(".!?:;…\"'”’»)")) for line in lines], float),
            np.arange(n) / max(n - 1, 1),
            (np.arange(n) == 0).astype(np.float64),
            (np.arange(n) == n - 1).astype(np.float64),
            np.full(n, math.log1p(n)),
            words / max(float(words.sum()), 1.0),
            np.log1p([counts.get(normalise(line.text), 0) for line in lines]),
            np.array([line.words <= 12 and not line.is_prose for line in lines], float),
        ]
    )
    link = dom[:, DOM_FEATURES.index("link_share")]
    by_name = {"line_score": line_score, "link_share": link, "log_words": own[:, 2]}
    by_name["matched"] = own[:, 0]
    context = [
        _shifted(by_name[name], s * k) for name in _CONTEXT for s in (1, -1) for k in _NEIGHBOURS
    ]
    context += [_window_mean(by_name[name], 1) for name in _CONTEXT]
    features = np.column_stack([own, dom, *context])
    return KeptLines(kept, lines, features)


def without(kept: KeptLines, drop: Sequence[bool]) -> str:
    """trafilatura's text without the `drop` lines (each with its line break)."""
    pieces, position = [], 0
    for line, gone in zip(kept.lines, drop, strict=True):
        if gone:
            end = kept.text.find("\n", line.end)
            pieces.append(kept.text[position : line.start])
            position = len(kept.text) if end < 0 else end + 1
    pieces.append(kept.text[position:])
    return "".join(pieces)


@dataclass(frozen=True)
class PruneModel:
    """Boosted trees over PRUNE_FEATURES and the score under which a kept line is dropped."""

    trees: Trees
    threshold: float

    def scores(self, features: Matrix) -> Matrix:
        return self.trees.predict(features) if len(features) else np.zeros(0)

    def pruned(self, kept: KeptLines) -> tuple[str, int]:
        """The text without the lines scoring under the threshold, and how many were dropped."""
        drop = self.scores(kept.features) < self.threshold
        if not drop.any():
            return kept.text, 0
        return without(kept, drop.tolist()), int(drop.sum())

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        settings = {"threshold": self.threshold, "features": list(PRUNE_FEATURES)}
        files = (directory / WEIGHTS_FILE, directory / META_FILE)
        save_model_files(*files, self.trees.arrays("trees"), {**meta, **settings})


@cache
def load_prune_model(directory: Path = MODEL_DIR) -> PruneModel | None:
    """The shipped model, or None when its files are missing or stale (nothing is dropped)."""
    found = load_model_files(directory / WEIGHTS_FILE, directory / META_FILE, PRUNE_FEATURES)
    if found is None:
        return None
    return PruneModel(Trees.from_arrays(found[0], "trees"), float(found[1]["threshold"]))
