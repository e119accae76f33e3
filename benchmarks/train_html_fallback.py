"""Train the decision between trafilatura's reading of an HTML page and the plain-text cleaner's;
write it into the package (`models/cleaner_html/fallback.json`).

    python benchmarks/train_html_fallback.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval --cache /tmp/cleaning-folds

For every page of both sets, the two readings claimx chooses between (`html_readings`):
trafilatura's text with the lines it missed put back, and the plain-text cleaner's body of the
page's whole text; both by the models of the page's fold (`train_cleaner.py` and
`train_html_lines.py` trained on the other sites only, folds grouped by site as in
`benchmarks/boilerplate.py`), so that the features look as they will on a page never seen. Each
page's gain from falling back is measured in its set's own score: the page's shingle F1
(article-extraction) over the set's pages; true positives less false positives over the set's
`with` snippets (trafilatura-eval). A logistic regression (scikit-learn, training only; features
standardised) is fitted on the pages where the choice matters, weighted by the gain or loss;
trafilatura's text loses the lines the model of `train_html_prune.py` (trained on the other
folds' sites) drops as furniture before the gains are measured. `--cv` also cross-validates it
by site over the same folds. Pages where one reading finds no
text are not choices. `--cache` keeps the fold models and trafilatura's readings between runs.
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from claimx.clean.fallback_decision import MODEL_FILE, FallbackModel
from claimx.clean.html_lines import HtmlLineModel
from claimx.clean.html_prune import KeptLines
from claimx.clean.line_classifier import LineModel
from claimx.read.html_fallback import falls_back, html_readings
from cleaning_folds import body_of, cache_trafilatura, cleaned, fold_models, html_fold_models
from cleaning_sets import (
    Page,
    load_article_extraction,
    load_trafilatura_eval,
    page_scores,
    score,
    snippet_counts,
)
from train_cleaner import Vector, _folds, add_training_arguments, examples

# Regularisation of the logistic regression (scikit-learn's C): a few hundred pages, ten features.
C = 1.0


@dataclass
class Choice:
    """One page's two readings, what the decision sees, and what falling back gains."""

    page: Page
    features: Vector | None
    """None: no choice, `forced` decides."""
    forced: bool
    trafilatura: str
    fallback: str
    gain: float = 0.0
    kept: KeptLines | None = None
    """trafilatura's lines (before any are dropped as furniture) and their features."""

    @property
    def site(self) -> str:
        return self.page.site


@cache
def _markup(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def choice(page: Page, model: LineModel, html_model: HtmlLineModel) -> Choice:
    markup = _markup(page.html_path)
    readings = html_readings(markup, model=model, html_model=html_model, prune=False)
    forced = falls_back(readings, None)
    kept = readings.article.text if readings.article is not None else ""
    needed = readings.features is not None or forced
    fallback = body_of(cleaned(page.id, readings.text, model)) if needed else kept
    return Choice(page, readings.features, forced, kept, fallback, kept=readings.kept)


def _page_f1(gold: str, text: str) -> float:
    p, r = page_scores(gold, text)
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def set_gains(choices: Sequence[Choice]) -> None:
    """Each page's gain from falling back, in units of its set's F1."""
    ae_pages = sum(c.page.gold is not None for c in choices)
    with_snippets = sum(len(c.page.with_) for c in choices if c.page.gold is None)
    for c in choices:
        if c.features is None:
            continue
        if c.page.gold is not None:
            gain = _page_f1(c.page.gold, c.fallback) - _page_f1(c.page.gold, c.trafilatura)
            c.gain = gain / max(ae_pages, 1)
        else:
            tp_b, _, fp_b = snippet_counts(c.page, c.fallback)
            tp_a, _, fp_a = snippet_counts(c.page, c.trafilatura)
            c.gain = ((tp_b - fp_b) - (tp_a - fp_a)) / max(with_snippets, 1)


def choices_by_fold(
    pages: Sequence[Page],
    model_of: Callable[[Page], LineModel],
    html_model_of: Callable[[Page], HtmlLineModel],
) -> list[Choice]:
    out = [choice(page, model_of(page), html_model_of(page)) for page in pages]
    set_gains(out)
    return out


def fit(choices: Sequence[Choice]) -> FallbackModel:
    """The logistic regression on the pages where falling back gains or costs something."""
    picked = [c for c in choices if c.features is not None and c.gain != 0]
    x = np.vstack([c.features for c in picked if c.features is not None])
    y = np.array([c.gain > 0 for c in picked], dtype=np.int64)
    w = np.array([abs(c.gain) for c in picked])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=C, max_iter=1000)
    regression.fit((x - mean) / scale, y, sample_weight=w / w.mean())
    return FallbackModel(mean, scale, regression.coef_[0], float(regression.intercept_[0]))


def falls(c: Choice, model: FallbackModel | None) -> bool:
    """Whether the page falls back under `model` (None: only where trafilatura finds nothing)."""
    if c.features is None:
        return c.forced
    return model is not None and model.falls_back(c.features)


def decided(c: Choice, model: FallbackModel | None) -> str:
    """The text claimx keeps for the page under `model`."""
    return c.fallback if falls(c, model) else c.trafilatura


def cross_validated(choices: Sequence[Choice], folds: int) -> list[FallbackModel]:
    """For each page, the decision fitted on the other folds' sites (folds as the line models)."""
    models: list[FallbackModel] = [FallbackModel(*(np.zeros(0),) * 3, 0.0)] * len(choices)
    for train_idx, test_idx in _folds(choices, folds):  # type: ignore[arg-type]
        model = fit([choices[i] for i in train_idx])
        for i in test_idx:
            models[i] = model
    return models


def fold_choices(
    pages: Sequence[Page], args: argparse.Namespace, cache_dir: Path | None
) -> list[Choice]:
    """Every page's choice with the features of the models of its fold."""
    items = examples(
        pages,
        between_weight=args.between_weight,
        tf_weight=args.tf_weight,
        clean_texts=not args.no_clean_texts,
    )
    models = fold_models(items, args.folds, args.seed, cache_dir)
    html_models = html_fold_models(pages, args.folds, args.seed, args.tf_weight, cache_dir)
    return choices_by_fold(pages, lambda p: models[p.site], lambda p: html_models[p.site])


def fold_setup(
    parser: argparse.ArgumentParser,
) -> tuple[argparse.Namespace, list[Choice], float]:
    """The arguments of the scripts fitted on every page's choice, the choices (features from
    the models of each page's fold) and when the work started."""
    add_training_arguments(parser)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="folder for fold models (outside the repo)")
    parser.add_argument("--cv", action="store_true", help="also cross-validate by site")
    args = parser.parse_args()
    started = time.perf_counter()
    cache_trafilatura(args.cache)
    pages = load_article_extraction(args.data_ae) + load_trafilatura_eval(args.data_tf)
    return args, fold_choices(pages, args, args.cache), started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args, choices, started = fold_setup(parser)
    # What falling back gains over trafilatura's text as claimx reads it: its furniture lines
    # dropped by the model of the page's fold (`train_html_prune.py`).
    from train_html_prune import pruned_by_fold

    pruned_by_fold(choices, args.folds, args.seed, args.tf_weight)
    model = fit(choices)
    meta: dict[str, object] = {
        "pages": len(choices),
        "choices": sum(c.features is not None and c.gain != 0 for c in choices),
        "folds": args.folds,
        "seed": args.seed,
        "C": C,
    }
    model.save(args.out, meta)
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s)")
    if args.cv:
        cv = cross_validated(choices, args.folds)
        rows = {
            "never": [decided(c, None) for c in choices],
            "in-sample": [decided(c, model) for c in choices],
            "cross-validated": [decided(c, d) for c, d in zip(choices, cv, strict=True)],
        }
        report_sets(choices, rows)


def report_sets(choices: Sequence[Choice], rows: dict[str, list[str]]) -> None:
    """Each set's scores of the texts of every row (one text per choice)."""
    for name in ("article-extraction", "trafilatura-eval"):
        idx = [i for i, c in enumerate(choices) if c.page.set == name]
        pages = [choices[i].page for i in idx]
        for label, texts in rows.items():
            p, r, f = score(pages, [texts[i] for i in idx])
            print(f"{name:<20} {label:<16} P={p:.3f}  R={r:.3f}  F1={f:.3f}")


if __name__ == "__main__":
    main()
