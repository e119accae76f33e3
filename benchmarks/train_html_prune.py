"""Train the model that drops furniture lines from trafilatura's text of an HTML page; write it into
the package (`models/cleaner_html/prune.npz`, `prune.json`).

    python benchmarks/train_html_prune.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval --cache /tmp/cleaning-folds [--cv]

For every page of both sets, trafilatura's text with the lines it missed put back, as claimx reads
it (`html_readings`), by the models of the page's fold (`train_cleaner.py` and
`train_html_lines.py` trained on the other sites only, folds grouped by site as in
`benchmarks/boilerplate.py`), so that the plain-text cleaner's scores among the features look as
they will on a page never seen. Each of its lines gets the features of `claimx.clean.html_prune`
(where it stands in the page's markup, how much text and links the elements around it hold,
the cleaner's score of its page line, its place in trafilatura's text) and a label as
`train_cleaner.py` labels lines: shingles of the gold body (article-extraction); the lines the
`with` / `without` snippets cover (trafilatura-eval, weight `--tf-weight`). A set of boosted
trees (scikit-learn, fixed seed) is fitted; the score under which a line is dropped is chosen on
out-of-fold scores of the training pages (folds grouped by site) by the two sets' F1 of the text
left, weighted by their pages (`train_html_lines.objective`), or none. `--cv` also
cross-validates it by site over the same folds. Needs scikit-learn (training only).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimx.clean.boilerplate import PageLayout
from claimx.clean.html_prune import MODEL_DIR, KeptLines, PruneModel, without
from cleaning_sets import (
    Page,
)
from train_cleaner import Vector, _folds
from train_html_fallback import Choice, fold_setup, report_sets, set_gains
from train_html_lines import _fit as fit_trees
from train_html_lines import labelled, objective

# Folds of the out-of-fold scores the threshold is chosen on.
INNER_FOLDS = 5
# Scores under which a line is dropped (0: never, first: it wins ties).
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)


@dataclass
class PruneExample:
    """A page's lines of trafilatura's text, labelled; `site` and `features` as the examples of
    `train_html_lines.py` have them, for its fitting."""

    page: Page
    kept: KeptLines
    labels: Vector
    weights: Vector

    def __post_init__(self) -> None:
        self.site = self.page.site
        self.features = self.kept.features


def prune_example(page: Page, kept: KeptLines, tf_weight: float) -> PruneExample:
    layout = PageLayout(kept.lines, 0, len(kept.lines), {})
    return PruneExample(page, kept, *labelled(layout, page, tf_weight))


def prune_examples(choices: Sequence[Choice], tf_weight: float) -> list[PruneExample]:
    """The pages whose trafilatura text has lines to drop (where the decision has a choice)."""
    return [
        prune_example(c.page, c.kept, tf_weight)
        for c in choices
        if c.kept is not None and c.kept.lines
    ]


def _fit(items: Sequence[PruneExample], seed: int) -> PruneModel:
    # The examples have what train_html_lines' examples have: features, labels, weights, page.
    return PruneModel(fit_trees(items, seed), 0.0)  # type: ignore[arg-type]


def _text(item: PruneExample, scores: Vector, threshold: float) -> str:
    drop = scores < threshold
    return without(item.kept, drop.tolist()) if drop.any() else item.kept.text


def train(items: Sequence[PruneExample], seed: int) -> PruneModel:
    """The trees on all `items`; the threshold chosen on out-of-fold scores."""
    oof: list[Vector] = [np.zeros(0)] * len(items)
    for train_idx, test_idx in _folds(items, INNER_FOLDS):  # type: ignore[arg-type]
        model = _fit([items[i] for i in train_idx], seed)
        for i in test_idx:
            oof[i] = model.scores(items[i].kept.features)
    best = max(
        THRESHOLDS,
        key=lambda t: objective(
            items,  # type: ignore[arg-type]
            [_text(it, s, t) for it, s in zip(items, oof, strict=True)],
        ),
    )
    return PruneModel(_fit(items, seed).trees, best)


def pruned_by_fold(
    choices: Sequence[Choice], folds: int, seed: int, tf_weight: float
) -> list[float]:
    """Each choice's trafilatura text pruned by a model trained on the other folds' sites only
    (folds as the line models); the gains of falling back measured again. The thresholds the
    folds chose."""
    items = {item.page.id: item for item in prune_examples(choices, tf_weight)}
    chosen = []
    for train_idx, test_idx in _folds(choices, folds):  # type: ignore[arg-type]
        picked = [items[choices[i].page.id] for i in train_idx if choices[i].page.id in items]
        model = train(picked, seed)
        chosen.append(model.threshold)
        for i in test_idx:
            item = items.get(choices[i].page.id)
            if item is not None:
                choices[i].trafilatura = model.pruned(item.kept)[0]
    set_gains(choices)
    return chosen


def pruned_by(choices: Sequence[Choice], model: PruneModel | None) -> None:
    """Each choice's trafilatura text pruned by `model`; the gains measured again."""
    if model is None:
        return
    for c in choices:
        if c.kept is not None and c.kept.lines:
            c.trafilatura = model.pruned(c.kept)[0]
    set_gains(choices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args, choices, started = fold_setup(parser)
    items = prune_examples(choices, args.tf_weight)
    print(f"{len(items)} pages read ({time.perf_counter() - started:.0f} s)", flush=True)
    model = train(items, args.seed)
    setting = {"seed": args.seed, "tf_weight": args.tf_weight, "inner_folds": INNER_FOLDS}
    model.save(args.out, {"pages": len(items), **setting})
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s): threshold {model.threshold}")
    if args.cv:
        unpruned = [c.trafilatura for c in choices]
        in_sample = [model.pruned(c.kept)[0] if c.kept else c.trafilatura for c in choices]
        chosen = pruned_by_fold(choices, args.folds, args.seed, args.tf_weight)
        print(f"thresholds chosen by the folds: {chosen}")
        cross = [c.trafilatura for c in choices]
        report_sets(
            choices, {"unpruned": unpruned, "in-sample": in_sample, "cross-validated": cross}
        )


if __name__ == "__main__":
    main()
