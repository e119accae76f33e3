"""Train the model that puts back the lines of an HTML page trafilatura missed; write it into the
package (`models/cleaner_html`).

    python benchmarks/train_html_lines.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval

For every page of both sets: trafilatura's text (`read_html`, favor_precision) and the page's
whole text from its HTML (`page_blocks`), split into lines as the plain-text cleaner splits them.
Lines are labelled as `train_cleaner.py` labels them (shingles of the gold body for article-
extraction; the lines the `with` / `without` snippets cover for trafilatura-eval, weight `--tf-
weight`). Features: the cleaner's line features, the coverage of each line by trafilatura's
text and by its reading for recall (`recall_text`), and where the line stands in the page's
markup (`claimx.clean.html_lines`). Two sets of
boosted trees (scikit-learn, fixed seed) are fitted, the second on the same features plus the
first's scores of the line and its neighbours, taken out of fold (grouped by site); the score
above which a missed line is put back is chosen on out-of-fold scores of the training pages
(folds grouped by site) by the two sets' F1 of trafilatura's text with the lines put back,
weighted by their pages (`objective`). `benchmarks/boilerplate.py` cross-validates
this training by site. Needs scikit-learn (training only).
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimx.clean.boilerplate import Line, PageLayout
from claimx.clean.html_lines import (
    MODEL_DIR,
    HtmlLineModel,
    added_mask,
    coverage,
    html_features,
    line_markup,
    merge,
)
from claimx.clean.line_classifier import Trees, page_lines, score_features
from claimx.read import html
from claimx.read.html_text import page_blocks
from cleaning_sets import (
    Page,
    load_article_extraction,
    load_trafilatura_eval,
    page_scores,
    score,
    snippet_counts,
)
from train_cleaner import Vector, _ae_labels, _fit_trees, _folds, _tf_labels, sets_f1

# Folds of the out-of-fold scores the threshold is chosen on: with 5, the inner models are
# trained on 4/5 of the training sites and score like the final model; with 3 they chose too
# high a threshold (cross-validated by site: trafilatura-eval 0.927 with 3, 0.932 with 5).
INNER_FOLDS = 5
THRESHOLDS = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)


@dataclass
class HtmlExample:
    page: Page
    kept: str
    """trafilatura's text ("" when it finds none)."""
    lines: list[Line]
    share: Vector
    features: Vector
    labels: Vector
    weights: Vector

    @property
    def site(self) -> str:
        return self.page.site


def labelled(layout: PageLayout, page: Page, tf_weight: float) -> tuple[Vector, Vector]:
    """Labels and weights of the lines as `train_cleaner.py` labels a page's lines."""
    if page.gold is not None:
        return _ae_labels(layout, page.gold), np.ones(len(layout.lines))
    labels, weights = _tf_labels(layout, page, 0.0)
    return labels, weights * tf_weight


def html_example(page: Page, tf_weight: float) -> HtmlExample:
    markup = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", errors="replace")
    article = html.read_html(markup)  # at call time: boilerplate.py caches it
    kept = article.text if article is not None else ""
    text, blocks = page_blocks(markup)
    lines = page_lines(text)
    share = coverage(lines.rules.lines, kept)
    recall = coverage(lines.rules.lines, html.recall_text(markup))
    features = html_features(lines, share, line_markup(lines, text, blocks), recall)
    labels, weights = labelled(lines.rules, page, tf_weight)
    return HtmlExample(page, kept, list(lines.rules.lines), share, features, labels, weights)


def html_examples(pages: Sequence[Page], tf_weight: float) -> list[HtmlExample]:
    return [html_example(page, tf_weight) for page in pages]


def prediction(item: HtmlExample, scores: Vector, threshold: float) -> str:
    added = added_mask(scores, item.share, threshold)
    if not added.any():
        return item.kept
    return merge(item.kept, item.lines, item.share, added.tolist())


def objective(items: Sequence[HtmlExample], predictions: Sequence[str]) -> float:
    """The two sets' F1 (the sets' own scores), weighted by their pages: every page counts the
    same. (The mean of the two, before, counted an article-extraction page five times a
    trafilatura-eval page and chose thresholds that put back fewer lines: cross-validated by
    site, trafilatura-eval 0.934, article-extraction 0.971.)"""
    ae_p, ae_r, tf = [], [], [0, 0, 0]
    for item, text in zip(items, predictions, strict=True):
        if item.page.gold is not None:
            p, r = page_scores(item.page.gold, text)
            ae_p += [p] if p is not None else []
            ae_r += [r] if r is not None else []
        else:
            tf = [a + b for a, b in zip(tf, snippet_counts(item.page, text), strict=True)]
    ae_pages = sum(item.page.gold is not None for item in items)
    tf_pages = len(items) - ae_pages
    ae_f1 = sets_f1(ae_p, ae_r, [0, 0, 0])
    tf_f1 = sets_f1([], [], tf)
    return (ae_pages * ae_f1 + tf_pages * tf_f1) / max(len(items), 1)


def _inputs(item: HtmlExample, first: Vector | None) -> Vector:
    if first is None:
        return item.features
    return np.hstack([item.features, score_features(first)])


def _fit(items: Sequence[HtmlExample], seed: int, first: Sequence[Vector] | None = None) -> Trees:
    keep = [~np.isnan(item.labels) for item in items]
    inputs = [_inputs(it, None if first is None else first[k]) for k, it in enumerate(items)]
    x = np.vstack([f[k] for f, k in zip(inputs, keep, strict=True)])
    y = np.concatenate([item.labels[k] for item, k in zip(items, keep, strict=True)])
    w = np.concatenate([item.weights[k] for item, k in zip(items, keep, strict=True)])
    return _fit_trees(x, y, w, seed)


def _out_of_fold(
    items: Sequence[HtmlExample], seed: int, first: Sequence[Vector] | None = None
) -> list[Vector]:
    """Scores of every item by trees fitted on the other sites' items (the first pass, or the
    second when `first` holds out-of-fold first-pass scores)."""
    oof: list[Vector] = [np.zeros(0)] * len(items)
    for train_idx, test_idx in _folds(items, INNER_FOLDS):  # type: ignore[arg-type]
        picked = None if first is None else [first[i] for i in train_idx]
        trees = _fit([items[i] for i in train_idx], seed, picked)
        for i in test_idx:
            x = _inputs(items[i], None if first is None else first[i])
            oof[i] = trees.predict(x) if len(x) else np.zeros(0)
    return oof


def train(items: Sequence[HtmlExample], seed: int) -> HtmlLineModel:
    """Both passes on all `items` (the second on out-of-fold first-pass scores); the threshold
    chosen on out-of-fold second-pass scores."""
    first_oof = _out_of_fold(items, seed)
    oof = _out_of_fold(items, seed, first_oof)
    best, best_value = THRESHOLDS[-1], -1.0
    for threshold in THRESHOLDS:
        value = objective(
            items, [prediction(it, s, threshold) for it, s in zip(items, oof, strict=True)]
        )
        if value > best_value:
            best, best_value = threshold, value
    return HtmlLineModel(_fit(items, seed), _fit(items, seed, first_oof), best)


def cross_validated(
    items: Sequence[HtmlExample], folds: int, seed: int
) -> tuple[list[str], list[float]]:
    """Each page's text with the lines put back by a model trained on the other folds' sites
    only; the thresholds the folds chose."""
    texts = [""] * len(items)
    chosen = []
    for train_idx, test_idx in _folds(items, folds):  # type: ignore[arg-type]
        model = train([items[i] for i in train_idx], seed)
        chosen.append(model.threshold)
        for i in test_idx:
            texts[i] = prediction(items[i], model.scores(items[i].features), model.threshold)
    return texts, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-ae", type=Path, required=True)
    parser.add_argument("--data-tf", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tf-weight", type=float, default=3.0)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--cv", type=int, default=0, help="also cross-validate by site, N folds")
    args = parser.parse_args()
    started = time.perf_counter()
    pages = load_article_extraction(args.data_ae) + load_trafilatura_eval(args.data_tf)
    items = html_examples(pages, args.tf_weight)
    print(f"{len(items)} pages read ({time.perf_counter() - started:.0f} s)", flush=True)
    cross: list[str] | None = None
    if args.cv:
        cross, chosen = cross_validated(items, args.cv, args.seed)
        print(f"thresholds chosen by the folds: {chosen}", flush=True)
    model = train(items, args.seed)
    meta: dict[str, object] = {
        "pages": len(items),
        "seed": args.seed,
        "tf_weight": args.tf_weight,
        "inner_folds": INNER_FOLDS,
    }
    model.save(args.out, meta)
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s): threshold {model.threshold}")
    if cross is not None:
        in_sample = [prediction(it, model.scores(it.features), model.threshold) for it in items]
        report(
            items,
            {
                "trafilatura": [it.kept for it in items],
                "in-sample": in_sample,
                "cross-validated": cross,
            },
        )


def report(items: Sequence[HtmlExample], predictions: dict[str, list[str]]) -> None:
    """Each set's figures, trafilatura-eval also for English pages and the rest."""
    from boilerplate import is_english

    ae = [i for i, it in enumerate(items) if it.page.gold is not None]
    tf = [i for i, it in enumerate(items) if it.page.gold is None]
    english = [i for i in tf if is_english(items[i].page)]
    other = [i for i in tf if not is_english(items[i].page)]
    groups = {
        "article-extraction": ae,
        "trafilatura-eval": tf,
        f"  English ({len(english)})": english,
        f"  other languages ({len(other)})": other,
    }
    for name, idx in groups.items():
        for label, texts in predictions.items():
            p, r, f = score([items[i].page for i in idx], [texts[i] for i in idx])
            print(f"{name:<26} {label:<16} P={p:.3f}  R={r:.3f}  F1={f:.3f}")


if __name__ == "__main__":
    main()
