"""A small learned classifier over the lines of a page: how likely each line is article body.

The rules of `claimx.clean.boilerplate` were tuned on a few dozen pages; this model generalises
them.
Every line gets a vector of plain features: its length, words, punctuation, digits, capitals,
short (function) words, link- and label-like text, its position on the page and among the
page's prose, how often it repeats on the page, what the rules say of it (prose, furniture
reason, weight, inside the rules' body), the same for its neighbours, and what the page as a
whole looks like (a page with no furniture at all keeps its tables and lists). A set of
boosted trees scores the vector; a second set adds the neighbours' scores. The body is then
the stretch of lines with the best total weight, (score - threshold) x (words + bias), as
the rules' weights were searched before; lines inside it that score very low are dropped, and
lines above it that score very high (an opening cut off by a photo or a box) are kept. A
text that is clean as it is (a feed's body, an archive's article: no furniture around it) is
told apart by a small logistic regression over its lines' scores and the page features, and
keeps all its lines but whole-line furniture labels.

Scoring is numpy alone, linear in the number of lines. `benchmarks/train_cleaner.py` trains
the trees (about 100 KB, `models/cleaner/weights.npz`) on two public benchmarks.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimx.clean.boilerplate import (
    _COMMENT_SECTION,
    _SECTION_ENDS,
    ARTICLE_WEIGHT,
    FURNITURE_PENALTY,
    PageLayout,
    _numbered_list,
    _weight,
    best_segment,
    label_reason,
    normalise,
    page_layout,
)
from claimx.package_data import MODELS_DIR

MODEL_DIR = MODELS_DIR / "cleaner"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"

Matrix = npt.NDArray[np.float64]

_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)]*)(?=\s|$)")
_LINK_LIKE = re.compile(r"https?://|www\.|\.com\b|@\w|#\w|[|»›]|\s/\s|\.(?:jpe?g|png|gif)\b", re.I)
_BULLET = re.compile(r"^[•·▪►▶*>\-–—]\s*")
_TIME_LIKE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
)
_ENDS_PROSE = tuple(".!?:;…\"'”’»)")
_ENDS_SENTENCE = tuple(".!?…\"'”’»")
# Neighbours looked at on each side, and the windows their means are taken over.
_NEIGHBOURS = (1, 2, 3)
_WINDOWS = (3, 10)

# What is said of each line on its own.
LINE_FEATURES = (
    "log_words",
    "log_chars",
    "ends_prose",
    "ends_sentence",
    "sentences",
    "capitalised",
    "all_caps",
    "digits",
    "punctuation",
    "commas",
    "short_words",
    "word_length",
    "link_like",
    "bullet",
    "time_like",
    "label_like",
    "rule_prose",
    "rule_furniture",
    "rule_section_end",
    "rule_weight",
    "rule_body",
    "repeated",
    "numbered_list",
    "title_like",
)
# The subset whose values at the neighbours and means over windows are features too.
CONTEXT_FEATURES = ("log_words", "ends_prose", "rule_prose", "rule_furniture", "short_words",
                    "link_like", "repeated", "rule_weight")  # fmt: skip
# Where the line sits.
POSITION_FEATURES = (
    "position",
    "prose_before",
    "prose_after",
    "blank_before",
    "blank_after",
    "from_rule_body",
)
# What the page looks like as a whole.
PAGE_FEATURES = (
    "page_lines",
    "page_prose_share",
    "page_furniture_share",
    "page_repeated_share",
    "page_short_share",
    "page_mean_words",
    "page_rule_body_share",
)
_SCORE_CONTEXT = (
    "score",
    *(f"score_p{k}" for k in _NEIGHBOURS),
    *(f"score_n{k}" for k in _NEIGHBOURS),
    *(f"score_mean{w}" for w in _WINDOWS),
    "score_max_before",
    "score_max_after",
)


def _context_names() -> list[str]:
    names = []
    for name in CONTEXT_FEATURES:
        names += [f"{name}_p{k}" for k in _NEIGHBOURS] + [f"{name}_n{k}" for k in _NEIGHBOURS]
        names += [f"{name}_mean{w}" for w in _WINDOWS]
    return names


FEATURE_NAMES = (*LINE_FEATURES, *_context_names(), *POSITION_FEATURES, *PAGE_FEATURES)
# What the words of a short line say, by a table learned across sites ("Kommentare", "Tags",
# "Empfehlungen" are furniture wherever they stand): mean, max and min of the known words'
# log-odds of furniture, and the share of the line's words the table knows.
VOCABULARY_FEATURES = ("vocab_mean", "vocab_max", "vocab_min", "vocab_known")
MODEL_FEATURES = (*FEATURE_NAMES, *VOCABULARY_FEATURES)
# Only the words of lines this short are looked up (and learned): labels, headings, buttons.
VOCABULARY_MAX_WORDS = 12
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{2,}")
SCORE_FEATURE_NAMES = _SCORE_CONTEXT


@dataclass(frozen=True)
class PageLines:
    """A page's lines as the cleaner sees them, with the rules' verdict on each."""

    rules: PageLayout
    furniture: list[str | None]
    features: Matrix
    """One row per line of `rules.lines`, columns in FEATURE_NAMES order."""
    tokens: list[npt.NDArray[np.int64]]
    """Per line, the hashes of its distinct words (none for a line of more than
    VOCABULARY_MAX_WORDS words)."""


def line_tokens(text: str, words: int) -> npt.NDArray[np.int64]:
    """The distinct lower-cased words of a short line, hashed (crc32: stable across runs)."""
    if words > VOCABULARY_MAX_WORDS:
        return np.zeros(0, dtype=np.int64)
    found = {zlib.crc32(w.encode("utf-8")) for w in _VOCABULARY_WORD.findall(text.lower())}
    return np.array(sorted(found), dtype=np.int64)


@dataclass(frozen=True)
class Vocabulary:
    """Word hashes (sorted) and their log-odds of standing in a furniture line."""

    keys: npt.NDArray[np.int64]
    values: Matrix

    def features(self, tokens: Sequence[npt.NDArray[np.int64]]) -> Matrix:
        """VOCABULARY_FEATURES of each line; zeros for lines without a known word."""
        n = len(tokens)
        out = np.zeros((n, len(VOCABULARY_FEATURES)))
        counts = np.array([len(t) for t in tokens], dtype=np.int64)
        if not n or not counts.sum() or not len(self.keys):
            return out
        owners = np.repeat(np.arange(n), counts)
        flat = np.concatenate(tokens)
        at = np.searchsorted(self.keys, flat).clip(max=len(self.keys) - 1)
        known = self.keys[at] == flat
        owners, values = owners[known], self.values[at[known]]
        hits = np.bincount(owners, minlength=n)
        has = hits > 0
        out[has, 0] = np.bincount(owners, weights=values, minlength=n)[has] / hits[has]
        top, bottom = np.full(n, -np.inf), np.full(n, np.inf)
        np.maximum.at(top, owners, values)
        np.minimum.at(bottom, owners, values)
        out[has, 1], out[has, 2] = top[has], bottom[has]
        out[:, 3] = hits / np.maximum(counts, 1)
        return out


EMPTY_VOCABULARY = Vocabulary(np.zeros(0, dtype=np.int64), np.zeros(0))


def _shifted(column: Matrix, k: int) -> Matrix:
    """column[i - k] for k > 0 (the line k above), column[i + |k|] for k < 0; 0 past the ends."""
    out = np.zeros_like(column)
    if k > 0:
        out[k:] = column[:-k]
    elif k < 0:
        out[:k] = column[-k:]
    return out


def _window_mean(column: Matrix, half: int) -> Matrix:
    """Mean over lines i - half .. i + half (fewer at the ends); linear time by cumulative sums."""
    n = len(column)
    sums = np.concatenate([[0.0], np.cumsum(column)])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
    return np.asarray((sums[hi] - sums[lo]) / (hi - lo), dtype=np.float64)


def _line_row(text: str, words: int, reason: str | None, norm: str, first_norm: str) -> list[float]:
    tokens = text.split()
    n_tokens = max(len(tokens), 1)
    letters = [w[0] for w in tokens if w[0].isalpha() and w[0].lower() != w[0].upper()]
    capitalised = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    n_chars = max(len(text), 1)
    label_like = float(
        words <= 4 and not text.endswith(_ENDS_PROSE) and (capitalised >= 0.5 or not letters)
    )
    return [
        math.log1p(words),
        math.log1p(len(text)),
        float(text.endswith(_ENDS_PROSE)),
        float(text.endswith(_ENDS_SENTENCE)),
        math.log1p(len(_SENTENCE_END.findall(text))),
        capitalised,
        float(len(text) >= 3 and text.isupper()),
        len(_DIGIT.findall(text)) / n_chars,
        len(_PUNCT.findall(text)) / n_chars,
        text.count(",") / max(words, 1),
        sum(len(w) <= 3 for w in tokens) / n_tokens,
        min((n_chars - text.count(" ")) / n_tokens, 20.0) / 10.0,
        float(bool(_LINK_LIKE.search(text))),
        float(bool(_BULLET.match(text))),
        float(bool(_TIME_LIKE.search(text))),
        label_like,
        0.0,  # rule_prose, filled in by page_lines
        float(reason is not None),
        float(reason in _SECTION_ENDS),
        0.0,  # rule_weight
        0.0,  # rule_body
        0.0,  # repeated
        0.0,  # numbered_list
        float(bool(norm) and words >= 3 and norm in first_norm),
    ]


def page_lines(text: str) -> PageLines:
    """The lines of `text`, the rules' layout, and the feature matrix of the lines."""
    rules = page_layout(text)
    lines = rules.lines
    # Every line with a furniture reason has it in the rules' reasons; header/footer are not
    # furniture reasons, only where the rules' body left the line.
    furniture = [
        None if (r := rules.reasons.get(i)) in (None, "header", "footer") else r
        for i in range(len(lines))
    ]
    n = len(lines)
    if n == 0:
        return PageLines(rules, furniture, np.zeros((0, len(FEATURE_NAMES))), [])
    norms = [normalise(line.text) for line in lines]
    counts = Counter(norms)
    repeated = [counts[norm] > 1 for norm in norms]
    listed = _numbered_list(lines)
    first_norm = normalise(lines[0].text)
    rows = [
        _line_row(line.text, line.words, reason, norm, first_norm if i else "")
        for i, (line, reason, norm) in enumerate(zip(lines, furniture, norms, strict=True))
    ]
    base = np.asarray(rows, dtype=np.float64)
    col = {name: i for i, name in enumerate(LINE_FEATURES)}
    prose = np.array([line.is_prose for line in lines], dtype=np.float64)
    weights = np.array(
        [_weight(ln, r, rep, 1.0) for ln, r, rep in zip(lines, furniture, repeated, strict=True)]
    )
    base[:, col["rule_prose"]] = prose
    base[:, col["rule_weight"]] = np.sign(weights) * np.log1p(np.abs(weights))
    in_body = np.zeros(n)
    in_body[rules.body_start : rules.body_end] = 1.0
    for i in rules.reasons:
        in_body[i] = 0.0
    base[:, col["rule_body"]] = in_body
    base[:, col["repeated"]] = [
        math.log(counts[norm]) if rep else 0.0 for norm, rep in zip(norms, repeated, strict=True)
    ]
    base[:, col["numbered_list"]] = [float(i in listed) for i in range(n)]

    context = []
    for name in CONTEXT_FEATURES:
        column = base[:, col[name]]
        context += [_shifted(column, k) for k in _NEIGHBOURS]
        context += [_shifted(column, -k) for k in _NEIGHBOURS]
        context += [_window_mean(column, w) for w in _WINDOWS]

    prose_words = prose * np.array([line.words for line in lines], dtype=np.float64)
    total = max(float(prose_words.sum()), 1.0)
    before = np.concatenate([[0.0], np.cumsum(prose_words)[:-1]]) / total
    after = 1.0 - before - prose_words / total
    blank_before = [0.0] + [float(text.count("\n", a.end, b.start) > 1) for a, b in pairwise(lines)]
    blank_after = [*blank_before[1:], 0.0]
    if rules.body_end > rules.body_start:
        idx = np.arange(n)
        distance = np.maximum(rules.body_start - idx, idx - (rules.body_end - 1)).clip(min=0)
        from_body = np.log1p(distance)
    else:
        from_body = np.zeros(n)
    position = [
        np.arange(n) / max(n - 1, 1),
        before,
        after,
        np.array(blank_before),
        np.array(blank_after),
        from_body,
    ]
    word_counts = np.array([line.words for line in lines], dtype=np.float64)
    page = [
        math.log1p(n),
        float(prose.mean()),
        float(base[:, col["rule_furniture"]].mean()),
        float(np.mean(repeated)),
        float((word_counts <= 3).mean()),
        math.log1p(float(word_counts.mean())),
        float(in_body.mean()),
    ]
    features = np.column_stack([base, *context, *position, np.tile(np.array(page), (n, 1))]).astype(
        np.float64
    )
    tokens = [line_tokens(line.text, line.words) for line in lines]
    return PageLines(rules, furniture, features, tokens)


def score_features(scores: Matrix) -> Matrix:
    """The second pass's extra columns: a line's first-pass score and its neighbours'."""
    n = len(scores)
    columns = [scores]
    columns += [_shifted(scores, k) for k in _NEIGHBOURS]
    columns += [_shifted(scores, -k) for k in _NEIGHBOURS]
    columns += [_window_mean(scores, w) for w in _WINDOWS]
    if n:
        columns.append(np.concatenate([[0.0], np.maximum.accumulate(scores)[:-1]]))
        columns.append(np.concatenate([np.maximum.accumulate(scores[::-1])[:-1][::-1], [0.0]]))
    else:
        columns += [scores, scores]
    return np.column_stack(columns) if n else np.zeros((0, len(SCORE_FEATURE_NAMES)))


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees on the log-odds, as flat arrays: node n of tree t tests
    `feature[t, n] <= threshold[t, n]` and goes to `left`/`right`, until a leaf (left = -1)
    whose `value` adds to the log-odds."""

    feature: npt.NDArray[np.int64]
    threshold: Matrix
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: Matrix
    bias: float
    depth: int

    def log_odds(self, features: Matrix) -> Matrix:
        """All lines through all trees at once: `depth` steps of flat array lookups."""
        n_trees, width = self.feature.shape
        offsets = (np.arange(n_trees) * width)[None, :]
        left_of, right_of = self.left.ravel(), self.right.ravel()
        feature_of, threshold_of = self.feature.ravel(), self.threshold.ravel()
        rows = (np.arange(len(features)) * features.shape[1])[:, None]
        flat = features.ravel()
        node = np.repeat(offsets, len(features), axis=0)  # flat index of each line's node
        for _ in range(self.depth):
            left = left_of[node]
            goes_left = flat[rows + feature_of[node]] <= threshold_of[node]
            step = np.where(goes_left, left, right_of[node]) + offsets
            node = np.where(left >= 0, step, node)
        return np.asarray(self.bias + self.value.ravel()[node].sum(axis=1), dtype=np.float64)

    def predict(self, features: Matrix) -> Matrix:
        z = np.clip(self.log_odds(features), -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def arrays(self, prefix: str) -> dict[str, npt.NDArray[np.generic]]:
        return {
            f"{prefix}_feature": self.feature.astype(np.int16),
            f"{prefix}_threshold": self.threshold.astype(np.float32),
            f"{prefix}_left": self.left.astype(np.int16),
            f"{prefix}_right": self.right.astype(np.int16),
            f"{prefix}_value": self.value.astype(np.float32),
            f"{prefix}_bias": np.array([self.bias, self.depth], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]], prefix: str) -> Trees:
        bias, depth = arrays[f"{prefix}_bias"].tolist()
        return cls(
            arrays[f"{prefix}_feature"].astype(np.int64),
            arrays[f"{prefix}_threshold"].astype(np.float64),
            arrays[f"{prefix}_left"].astype(np.int64),
            arrays[f"{prefix}_right"].astype(np.int64),
            arrays[f"{prefix}_value"].astype(np.float64),
            float(bias),
            int(depth),
        )


# What a text as a whole looks like to the line model: clean text (a feed's body, an archive's
# article) has no furniture around it, a copied page has menus at its ends.
CLEAN_TEXT_FEATURES = (
    "mean_score",
    "low_share",
    "very_low_share",
    "head_score",
    "tail_score",
    "min_score",
    *PAGE_FEATURES,
)
# Lines at each end whose scores make head_score and tail_score.
_ENDS = 3


def clean_text_features(page: PageLines, scores: Matrix) -> Matrix:
    """CLEAN_TEXT_FEATURES of a text from its lines' scores and the page features."""
    if not len(scores):
        return np.zeros(len(CLEAN_TEXT_FEATURES))
    page_columns = page.features[0, len(FEATURE_NAMES) - len(PAGE_FEATURES) :]
    summary = [
        float(scores.mean()),
        float((scores < 0.5).mean()),
        float((scores < 0.2).mean()),
        float(scores[:_ENDS].mean()),
        float(scores[-_ENDS:].mean()),
        float(scores.min()),
    ]
    return np.concatenate([summary, page_columns])


@dataclass(frozen=True)
class CleanTextDetector:
    """Logistic regression on standardised CLEAN_TEXT_FEATURES: above `threshold`, the text
    is clean and nothing of it is furniture."""

    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float
    threshold: float

    def probability(self, features: Matrix) -> float:
        z = float((features - self.mean) / self.scale @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def is_clean(self, features: Matrix) -> bool:
        return self.probability(features) > self.threshold


@dataclass(frozen=True)
class LineModel:
    """The two passes and how their score becomes a line's weight in the body search."""

    first: Trees
    second: Trees
    threshold: float
    """A line scoring above this adds to the body, below it costs."""
    word_bias: float
    """Weight = (score - threshold) x (words + word_bias): long lines count more."""
    drop_below: float
    """Inside the body, a line scoring under this is furniture all the same (an ad, a caption)."""
    keep_before: float = math.inf
    """Above the body, a line scoring over this is kept all the same (a lead, an opening
    paragraph cut off from the rest by a photo or an embedded box)."""
    vocabulary: Vocabulary = EMPTY_VOCABULARY
    clean_text: CleanTextDetector | None = None
    """Says when a text is clean as it is (none: every text is searched for its body)."""

    def features(self, page: PageLines) -> Matrix:
        """The first pass's input: the page's features and the vocabulary's (MODEL_FEATURES)."""
        return np.hstack([page.features, self.vocabulary.features(page.tokens)])

    def scores(self, page: PageLines) -> Matrix:
        """Each line's probability of being article body."""
        if not len(page.features):
            return np.zeros(0)
        features = self.features(page)
        first = self.first.predict(features)
        return self.second.predict(np.hstack([features, score_features(first)]))

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {
            **self.first.arrays("first"),
            **self.second.arrays("second"),
            "vocabulary_keys": self.vocabulary.keys.astype(np.uint32),
            "vocabulary_values": self.vocabulary.values.astype(np.float32),
        }
        np.savez_compressed(directory / WEIGHTS_FILE, **arrays)  # type: ignore[arg-type]
        meta = {
            **meta,
            "threshold": self.threshold,
            "word_bias": self.word_bias,
            "drop_below": self.drop_below,
            "keep_before": None if math.isinf(self.keep_before) else self.keep_before,
            "features": list(MODEL_FEATURES),
        }
        if self.clean_text is not None:
            detector = self.clean_text
            meta["clean_text"] = {
                "features": list(CLEAN_TEXT_FEATURES),
                "mean": detector.mean.tolist(),
                "scale": detector.scale.tolist(),
                "weights": detector.weights.tolist(),
                "bias": detector.bias,
                "threshold": detector.threshold,
            }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


@cache
def load_model(directory: Path = MODEL_DIR) -> LineModel | None:
    """The shipped model, or None when its files are missing (the rules alone then decide)."""
    weights, meta_file = directory / WEIGHTS_FILE, directory / META_FILE
    if not weights.is_file() or not meta_file.is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if list(meta.get("features", [])) != list(MODEL_FEATURES):
        return None  # trained on other features: the rules decide until it is retrained
    with np.load(weights) as data:
        arrays = {name: data[name] for name in data.files}
    detector = meta.get("clean_text")
    if detector is not None and detector["features"] != list(CLEAN_TEXT_FEATURES):
        detector = None
    return LineModel(
        Trees.from_arrays(arrays, "first"),
        Trees.from_arrays(arrays, "second"),
        float(meta["threshold"]),
        float(meta["word_bias"]),
        float(meta["drop_below"]),
        math.inf if meta.get("keep_before") is None else float(meta["keep_before"]),
        Vocabulary(
            arrays["vocabulary_keys"].astype(np.int64),
            arrays["vocabulary_values"].astype(np.float64),
        ),
        None
        if detector is None
        else CleanTextDetector(
            np.array(detector["mean"]),
            np.array(detector["scale"]),
            np.array(detector["weights"]),
            float(detector["bias"]),
            float(detector["threshold"]),
        ),
    )


def _before_comments(
    weights: Matrix, words: Matrix, furniture: Sequence[str | None]
) -> tuple[int, int]:
    """The best stretch of the first section of the page (up to a comment label) that holds an
    article's worth of words; else of the whole page. Comments come after the article: however
    long and prose-like the thread, it is not the body."""
    article = np.where(weights > 0, words, weights)
    section = 0
    for i in range(len(furniture) + 1):
        if i == len(furniture) or furniture[i] in _COMMENT_SECTION:
            if best_segment(article[section:i].tolist())[2] >= ARTICLE_WEIGHT:
                start, end, _ = best_segment(weights[section:i].tolist())
                return section + start, section + end
            section = i + 1
    start, end, _ = best_segment(weights.tolist())
    return start, end


def layout_from_scores(
    page: PageLines,
    scores: Matrix,
    threshold: float,
    word_bias: float,
    drop_below: float,
    keep_before: float = math.inf,
) -> PageLayout:
    """The body as the scores see it: the best stretch of lines weighted (score - threshold) x
    (words + word_bias), minus lines inside it scoring under `drop_below`, plus lines above it
    scoring over `keep_before` that the rules do not call furniture. The stretch is one: an
    article split by a photo or a box loses its opening to it, which the lines above it scoring
    high give back (below the stretch they would be teasers and comments).

    The rules keep the word where they are sure: a line that closes an article (comments,
    related lists, cookie notice, copyright) weighs as heavily against the body as it did,
    a comment thread never joins it, a furniture line inside it (a counter, a caption, "READ
    MORE:") is dropped, and the body opens on running prose: headings and bylines above its
    first prose line are the header, where the metadata reads them. Reasons as the rules name
    them, else header/footer (or furniture, inside the body)."""
    lines = page.rules.lines
    if not lines:
        return page.rules
    words = np.array([line.words for line in lines], dtype=np.float64)
    weights = (scores - threshold) * (words + word_bias)
    for i, reason in enumerate(page.furniture):
        if reason in _SECTION_ENDS:
            weights[i] = min(weights[i], -FURNITURE_PENALTY)
    start, end = _before_comments(weights, words, page.furniture)
    if end <= start:  # nothing reads as body: keep it all, as the rules do
        start, end = 0, len(lines)
    else:
        start = next(
            (i for i in range(start, end) if lines[i].is_prose and page.furniture[i] is None),
            start,
        )
    reasons: dict[int, str] = {}
    for i, reason in enumerate(page.furniture):
        if i < start and reason is None and scores[i] > keep_before:
            continue
        if not start <= i < end:
            reasons[i] = reason or ("header" if i < start else "footer")
        elif reason is not None or scores[i] < drop_below:
            reasons[i] = reason or "furniture"
    return PageLayout(lines, start, end, reasons)


def whole_text(page: PageLines) -> PageLayout:
    """A clean text's layout: only lines that are nothing but a furniture label are furniture
    (tables, lists, credits and sentences that read like a prompt stay). The body opens on
    running prose, as in `layout_from_scores`, so that the metadata reads the headline and
    byline above it; the lines it does not name stay."""
    lines = page.rules.lines
    start = next((i for i, line in enumerate(lines) if line.is_prose), 0)
    reasons = {i: r for i, line in enumerate(lines) if (r := label_reason(line)) is not None}
    return PageLayout(lines, start, len(lines), reasons)


def learned_layout(page: PageLines, model: LineModel) -> PageLayout:
    """The body of the page as the model scores its lines; all of it when the text is clean."""
    scores = model.scores(page)
    detector = model.clean_text
    if detector is not None and detector.is_clean(clean_text_features(page, scores)):
        return whole_text(page)
    return layout_from_scores(
        page, scores, model.threshold, model.word_bias, model.drop_below, model.keep_before
    )


def clean_layout(text: str, model: LineModel | None = None) -> PageLayout:
    """Where the body of `text` is: by the given or shipped model, by the rules without one."""
    model = model if model is not None else load_model()
    if model is None:
        return page_layout(text)
    return learned_layout(page_lines(text), model)
