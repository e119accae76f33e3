"""Train the line classifier of the cleaner on both cleaning benchmarks; write it into the package.

    python benchmarks/train_cleaner.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval

Every line of a page's whole text (`pages/<id>.txt`, lines as `claimx.clean.boilerplate` splits and
joins them) gets a label derived from the gold:

- article-extraction (the gold is the article body): a line of 4 words or more is body (1) when
  at least half of its 4-word shingles occur in the gold body, furniture (0) when under a fifth
  do, and is left out of training in between. A shorter line is body when it is a whole
  paragraph of the gold (compared normalised), furniture when its words occur nowhere in the
  gold, else left out ("Share" may be a word of the article).
- trafilatura-eval (the gold is snippets): the page's lines are joined with whitespace collapsed
  and each snippet is looked up; the lines a `with` snippet covers are body, the lines a
  `without` snippet covers furniture (a line in both is left out); other lines are left out
  (weight `--tf-weight` each, as these pages label few lines). `--between-weight` also takes
  the unlabelled lines between a page's first and last body line for body, with that weight;
  off by default: cross-validated, 0.5 cost 0.02 of F1 on both sets, as in-article furniture
  (ads, "read also" links) then learns to pass for body.
- clean text: the gold body of every article-extraction page, read as a text of its own, is all
  body, lines of tables and lists included: a text with no furniture around it loses nothing.

A vocabulary is learned too: for every word of short labelled lines (12 words at most), the
log-odds of furniture counted over sites (a word on body lines of 2 sites and furniture lines of
9 sites: log(9.5 / 2.5)), kept for words seen on 3 sites or more. The lines of the training pages
get its features from a vocabulary of the other sites only (grouped folds), so that the trees do
not learn to trust words the vocabulary learned from the very line.

Two sets of boosted trees are fitted (scikit-learn's HistGradientBoostingClassifier, fixed seed):
the first on the line features, the second on the same plus the first set's scores of the line
and its neighbours, taken out of fold (grouped by site) so that the second learns from scores
like those it will see. The weight of a line in the body search, (score - threshold) x (words +
word_bias), and the score under which a line inside the body is dropped, are chosen by the
benchmarks' own scores on out-of-fold second-pass scores of the training pages; then, with those
fixed, the score over which a line above the body is kept all the same (`KEEP_BEFORE`, or
never). A clean-text
detector (a logistic regression over what the text as a whole looks like: its lines'
out-of-fold scores, at its ends too, and the page features) learns to tell the clean texts from
the pages; the probability above which a text is taken as clean (nothing but whole-line
furniture labels blanked) is chosen by the same objective on its out-of-fold (by site)
probabilities, or none. The trees are stored as flat arrays (`models/cleaner/weights.npz`) that
claimx scores with numpy alone. Needs scikit-learn (training only). `benchmarks/boilerplate.py`
cross-validates this training by site.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from claimx.clean.boilerplate import PageLayout, normalise
from claimx.clean.line_classifier import (
    MODEL_DIR,
    CleanTextDetector,
    LineModel,
    PageLines,
    Trees,
    Vocabulary,
    clean_text_features,
    layout_from_scores,
    page_lines,
    score_features,
    whole_text,
)
from cleaning_sets import (
    SHINGLE,
    Page,
    collapse,
    load_article_extraction,
    load_trafilatura_eval,
    page_scores,
    snippet_counts,
)

Vector = npt.NDArray[np.float64]
_TOKEN = re.compile(r"\w+")

# Shares of a long line's shingles found in the gold that make it body / furniture.
BODY_SHARE = 0.5
FURNITURE_SHARE = 0.2
# Trees: enough to learn interactions of a hundred features, small enough to ship (~100 KB).
TREES = 100
LEAVES = 16
MAX_DEPTH = 5
LEARNING_RATE = 0.1
MIN_LEAF = 40
# Folds (by site) of the out-of-fold scores the second pass, the weight setting and the
# clean-text detector learn from: with 5 the inner models see 4/5 of the training sites and
# score like the final model (cross-validated by site, against 3: trafilatura-eval 0.874 ->
# 0.876, gold bodies blanked 2.27% -> 0.55%).
INNER_FOLDS = 5
# A word enters the vocabulary when labelled lines of this many sites hold it.
VOCABULARY_MIN_SITES = 3
# The grid of weight settings chosen on the training pages.
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
WORD_BIASES = (1.0, 3.0, 8.0)
DROP_BELOW = (0.0, 0.1, 0.2, 0.3, 0.4)
# Scores over which a line above the body is kept (an opening cut off from the rest of the
# article by a photo or a box); inf: never (first: it wins ties). Chosen after the others, which
# decide the stretch. Lines below the stretch are not given back: there, high scores are teasers
# and comment threads (on the folds' out-of-fold scores, keeping lines over 0.6 on both sides cost
# article-extraction 0.003; above only gained it 0.002 and trafilatura-eval 0.007).
KEEP_BEFORE = (math.inf, 0.5, 0.6, 0.7, 0.8, 0.9)
# The clean-text detector: a logistic regression's regularisation, and the probabilities above
# which a text may be called clean (the one chosen out of fold, or none).
DETECTOR_C = 1.0
DETECTOR_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
# Share of the clean texts' characters blanked that costs as much as one point of F1.
CLEAN_LOSS_WEIGHT = 1.0


@dataclass
class Example:
    """A page (or a clean text) with its features, labels and sample weights."""

    page: Page
    text: str
    lines: PageLines
    labels: Vector
    """1 body, 0 furniture, NaN left out."""
    weights: Vector
    clean: bool = False
    model_features: Vector = field(default_factory=lambda: np.zeros((0, 0)))
    """The first pass's input (MODEL_FEATURES), the vocabulary's columns learned out of fold."""

    @property
    def site(self) -> str:
        return self.page.site


def _ae_labels(lines: PageLayout, gold: str) -> Vector:
    tokens = _TOKEN.findall(gold)
    shingles = {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    gold_lines = {normalise(line) for line in gold.splitlines() if line.strip()}
    gold_norm = f" {normalise(gold)} "
    labels = np.full(len(lines.lines), np.nan)
    for i, line in enumerate(lines.lines):
        words = _TOKEN.findall(line.text)
        if len(words) >= SHINGLE:
            grams = [tuple(words[k : k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)]
            share = sum(g in shingles for g in grams) / len(grams)
            if share >= BODY_SHARE:
                labels[i] = 1.0
            elif share < FURNITURE_SHARE:
                labels[i] = 0.0
        else:
            norm = normalise(line.text)
            if norm in gold_lines:
                labels[i] = 1.0
            elif not norm or f" {norm} " not in gold_norm:
                labels[i] = 0.0
    return labels


def _tf_labels(lines: PageLayout, page: Page, between_weight: float) -> tuple[Vector, Vector]:
    texts = [collapse(line.text) for line in lines.lines]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    joined = " ".join(texts)
    ends = [s + len(t) for s, t in zip(starts, texts, strict=True)]

    def covered(snippet: str) -> set[int]:
        found: set[int] = set()
        snippet = collapse(snippet)
        at = joined.find(snippet) if snippet else -1
        while at >= 0:
            stop = at + len(snippet)
            found.update(i for i in range(len(texts)) if starts[i] < stop and at < ends[i])
            at = joined.find(snippet, at + 1)
        return found

    body = set().union(*(covered(s) for s in page.with_)) if page.with_ else set()
    furniture = set().union(*(covered(s) for s in page.without)) if page.without else set()
    labels = np.full(len(texts), np.nan)
    weights = np.ones(len(texts))
    for i in body - furniture:
        labels[i] = 1.0
    for i in furniture - body:
        labels[i] = 0.0
    if body and between_weight > 0:
        for i in range(min(body), max(body)):
            if np.isnan(labels[i]) and i not in furniture:
                labels[i], weights[i] = 1.0, between_weight
    return labels, weights


def examples(
    pages: Sequence[Page], *, between_weight: float, tf_weight: float, clean_texts: bool
) -> list[Example]:
    """Every page of both sets, and the article-extraction gold bodies as clean texts."""
    out = []
    for page in pages:
        lines = page_lines(page.text)
        if page.gold is not None:
            labels, weights = _ae_labels(lines.rules, page.gold), np.ones(len(lines.rules.lines))
        else:
            labels, weights = _tf_labels(lines.rules, page, between_weight)
            weights = weights * tf_weight
        out.append(Example(page, page.text, lines, labels, weights))
        if clean_texts and page.gold:
            clean = page_lines(page.gold)
            n = len(clean.rules.lines)
            out.append(Example(page, page.gold, clean, np.ones(n), np.ones(n), clean=True))
    return out


def to_trees(model: HistGradientBoostingClassifier) -> Trees:
    """The fitted trees as flat arrays (leaves point nowhere: left = right = -1)."""
    predictors = [p[0].nodes for p in model._predictors]
    width = max(len(nodes) for nodes in predictors)
    shape = (len(predictors), width)
    feature, left, right = (np.zeros(shape, np.int64), np.full(shape, -1), np.full(shape, -1))
    threshold, value = np.zeros(shape), np.zeros(shape)
    for t, nodes in enumerate(predictors):
        m, leaf = len(nodes), nodes["is_leaf"].astype(bool)
        feature[t, :m] = nodes["feature_idx"]
        threshold[t, :m] = nodes["num_threshold"]
        left[t, :m] = np.where(leaf, -1, nodes["left"].astype(np.int64))
        right[t, :m] = np.where(leaf, -1, nodes["right"].astype(np.int64))
        value[t, :m] = np.where(leaf, nodes["value"], 0.0)
    depth = max(int(nodes["depth"].max()) for nodes in predictors)
    bias = float(np.ravel(model._baseline_prediction)[0])
    return Trees(feature, threshold, left, right, value, bias, depth)


def _fit_trees(x: Vector, y: Vector, w: Vector, seed: int) -> Trees:
    model = HistGradientBoostingClassifier(
        max_iter=TREES,
        learning_rate=LEARNING_RATE,
        max_leaf_nodes=LEAVES,
        max_depth=MAX_DEPTH,
        min_samples_leaf=MIN_LEAF,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )
    with threadpool_limits(limits=1):  # on a shared machine, threads only wait for each other
        model.fit(x, y.astype(np.int64), sample_weight=w)
    return to_trees(model)


def _stack(
    items: Sequence[Example], extra: Sequence[Vector] | None = None
) -> tuple[Vector, Vector, Vector]:
    xs, ys, ws = [], [], []
    for k, item in enumerate(items):
        keep = ~np.isnan(item.labels)
        features = item.model_features
        if extra is not None:
            features = np.hstack([features, score_features(extra[k])])
        xs.append(features[keep])
        ys.append(item.labels[keep])
        ws.append(item.weights[keep])
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def _folds(items: Sequence[Example], n: int) -> list[tuple[list[int], list[int]]]:
    sites = sorted({item.site for item in items})
    site_index = {site: i for i, site in enumerate(sites)}
    groups = [site_index[item.site] for item in items]
    splitter = GroupKFold(n_splits=min(n, len(sites)))
    return [
        (list(train), list(test))
        for train, test in splitter.split(np.zeros(len(items)), groups=groups)
    ]


def _out_of_fold(
    items: Sequence[Example], seed: int, second_extra: Sequence[Vector] | None = None
) -> list[Vector]:
    """Scores of every item by trees fitted on the other sites' items (first pass, or second
    pass when `second_extra` holds out-of-fold first-pass scores)."""
    scores: list[Vector] = [np.zeros(0)] * len(items)
    for train, test in _folds(items, INNER_FOLDS):
        trees = _fit_trees(*_stack([items[i] for i in train], _pick(second_extra, train)), seed)
        for i in test:
            features = items[i].model_features
            if second_extra is not None:
                features = np.hstack([features, score_features(second_extra[i])])
            scores[i] = trees.predict(features) if len(features) else np.zeros(0)
    return scores


def vocabulary_of(items: Sequence[Example]) -> Vocabulary:
    """The log-odds of furniture of every word seen in short labelled lines on at least
    VOCABULARY_MIN_SITES sites, counting sites, not lines: one site's menu counts once."""
    sites: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for item in items:
        for label, tokens in zip(item.labels, item.lines.tokens, strict=True):
            if not np.isnan(label):
                for token in tokens.tolist():
                    sites[token][int(label)].add(item.site)
    keys = sorted(t for t, (f, b) in sites.items() if len(f) + len(b) >= VOCABULARY_MIN_SITES)
    values = [math.log((len(sites[t][0]) + 0.5) / (len(sites[t][1]) + 0.5)) for t in keys]
    return Vocabulary(np.array(keys, dtype=np.int64), np.array(values, dtype=np.float64))


def _set_model_features(items: Sequence[Example]) -> None:
    """Each item's first-pass input, with vocabulary columns from the other sites' items."""
    for train_idx, test_idx in _folds(items, INNER_FOLDS):
        vocabulary = vocabulary_of([items[i] for i in train_idx])
        for i in test_idx:
            page = items[i].lines
            items[i].model_features = np.hstack([page.features, vocabulary.features(page.tokens)])


def _pick(values: Sequence[Vector] | None, indices: Sequence[int]) -> list[Vector] | None:
    return None if values is None else [values[i] for i in indices]


def kept_text(text: str, layout: PageLayout) -> str:
    """The text without the lines the layout does not keep."""
    kept, position = [], 0
    for i in sorted(layout.reasons):
        line = layout.lines[i]
        kept.append(text[position : line.start])
        position = line.end
    kept.append(text[position:])
    return "".join(kept)


Setting = tuple[float, float, float, float]
"""threshold, word_bias, drop_below, keep_before (`layout_from_scores`)."""


def _layout(item: Example, scores: Vector, setting: Setting) -> PageLayout:
    return layout_from_scores(item.lines, scores, *setting)


def sets_f1(ae_p: list[float], ae_r: list[float], tf: list[int]) -> float:
    """Mean F1 of the two sets: article-extraction's from its pages' mean precision and recall,
    trafilatura-eval's from its snippet counts (true positives, false negatives, false
    positives); a set with nothing to score is left out."""
    f1s = []
    if ae_p and ae_r:
        p, r = float(np.mean(ae_p)), float(np.mean(ae_r))
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    if sum(tf):
        tp, fn, fp = tf
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


def objective(items: Sequence[Example], predictions: Sequence[str]) -> float:
    """Mean of the two sets' F1, less the share of clean text blanked."""
    ae_p, ae_r, tf = [], [], [0, 0, 0]
    blanked = total = 0
    for item, prediction in zip(items, predictions, strict=True):
        if item.clean:
            blanked += len(item.text.strip()) - len(prediction.strip())
            total += len(item.text.strip())
        elif item.page.gold is not None:
            p, r = page_scores(item.page.gold, prediction)
            if p is not None:
                ae_p.append(p)
            if r is not None:
                ae_r.append(r)
        else:
            tf = [a + b for a, b in zip(tf, snippet_counts(item.page, prediction), strict=True)]
    return sets_f1(ae_p, ae_r, tf) - CLEAN_LOSS_WEIGHT * blanked / max(total, 1)


def _value(items: Sequence[Example], scores: Sequence[Vector], setting: Setting) -> float:
    predictions = [
        kept_text(item.text, _layout(item, s, setting))
        for item, s in zip(items, scores, strict=True)
    ]
    return objective(items, predictions)


def choose_setting(items: Sequence[Example], scores: Sequence[Vector]) -> Setting:
    """The stretch's weights and drop_below on the whole grid, then keep_before with them."""
    grid = [(*s, math.inf) for s in product(THRESHOLDS, WORD_BIASES, DROP_BELOW)]
    best = max(grid, key=lambda setting: _value(items, scores, setting))
    return max(
        [(*best[:3], keep) for keep in KEEP_BEFORE],
        key=lambda setting: _value(items, scores, setting),
    )


def _fit_detector(x: Vector, y: Vector, threshold: float) -> CleanTextDetector:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=DETECTOR_C, max_iter=1000, class_weight="balanced")
    regression.fit((x - mean) / scale, y.astype(np.int64))
    return CleanTextDetector(
        mean, scale, regression.coef_[0], float(regression.intercept_[0]), threshold
    )


def choose_detector(
    items: Sequence[Example], scores: Sequence[Vector], setting: Setting
) -> CleanTextDetector | None:
    """The clean-text detector, its threshold chosen by the objective on out-of-fold (by site)
    probabilities of the training texts; None when no threshold does better than none."""
    x = np.vstack(
        [clean_text_features(item.lines, s) for item, s in zip(items, scores, strict=True)]
    )
    y = np.array([item.clean for item in items], dtype=np.float64)
    probabilities = np.zeros(len(items))
    for train_idx, test_idx in _folds(items, INNER_FOLDS):
        detector = _fit_detector(x[train_idx], y[train_idx], 0.5)
        for i in test_idx:
            probabilities[i] = detector.probability(x[i])
    searched = [
        kept_text(item.text, _layout(item, s, setting))
        for item, s in zip(items, scores, strict=True)
    ]
    best, best_value = math.inf, objective(items, searched)
    for threshold in DETECTOR_THRESHOLDS:
        predictions = [
            kept_text(item.text, whole_text(item.lines)) if p > threshold else kept
            for item, p, kept in zip(items, probabilities, searched, strict=True)
        ]
        value = objective(items, predictions)
        if value > best_value:
            best, best_value = threshold, value
    return None if best == math.inf else _fit_detector(x, y, best)


def train(items: Sequence[Example], seed: int) -> tuple[LineModel, dict[str, object]]:
    """Both passes on all `items`, the weight setting and the clean-text detector chosen out of
    fold."""
    _set_model_features(items)
    first_oof = _out_of_fold(items, seed)
    second_oof = _out_of_fold(items, seed, second_extra=first_oof)
    setting = choose_setting(items, second_oof)
    detector = choose_detector(items, second_oof, setting)
    first = _fit_trees(*_stack(items), seed)
    second = _fit_trees(*_stack(items, first_oof), seed)
    model = LineModel(first, second, *setting, vocabulary=vocabulary_of(items), clean_text=detector)
    chosen: dict[str, object] = {
        "threshold": setting[0],
        "word_bias": setting[1],
        "drop_below": setting[2],
        "keep_before": None if math.isinf(setting[3]) else setting[3],
        "clean_text_threshold": None if detector is None else detector.threshold,
    }
    return model, chosen


def training_examples(
    ae: Path | None, tf: Path | None, *, between_weight: float, tf_weight: float, clean: bool
) -> list[Example]:
    pages = []
    if ae is not None:
        pages += load_article_extraction(ae)
    if tf is not None:
        pages += load_trafilatura_eval(tf)
    return examples(pages, between_weight=between_weight, tf_weight=tf_weight, clean_texts=clean)


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-ae", type=Path, required=True, help="article-extraction folder")
    parser.add_argument("--data-tf", type=Path, required=True, help="trafilatura-eval folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--between-weight", type=float, default=0.0)
    parser.add_argument("--tf-weight", type=float, default=3.0)
    parser.add_argument("--no-clean-texts", action="store_true")


def _digest(path: Path) -> str:
    return hashlib.sha256((path / "gold.jsonl").read_bytes()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_training_arguments(parser)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    started = time.perf_counter()
    items = training_examples(
        args.data_ae,
        args.data_tf,
        between_weight=args.between_weight,
        tf_weight=args.tf_weight,
        clean=not args.no_clean_texts,
    )
    model, setting = train(items, args.seed)
    meta: dict[str, object] = {
        "trained_on": {
            "article-extraction": f"gold.jsonl sha256 {_digest(args.data_ae)}",
            "trafilatura-eval": f"gold.jsonl sha256 {_digest(args.data_tf)}",
        },
        "pages": sum(not item.clean for item in items),
        "clean_texts": sum(item.clean for item in items),
        "seed": args.seed,
        "between_weight": args.between_weight,
        "tf_weight": args.tf_weight,
        "trees": TREES,
        "leaves": LEAVES,
        "inner_folds": INNER_FOLDS,
        "chosen_out_of_fold": setting,
    }
    model.save(args.out, meta)
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s): {setting}")


if __name__ == "__main__":
    main()
