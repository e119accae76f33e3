"""Train the carry-on decision of the quote component on PolNeAR train and write it.

    python benchmarks/train_continuations.py --data ../shared/data/polnear/train.jsonl

The quote component runs on every article (with the shipped attribution layer and speaker
check) and lets every quotation no cue introduces carry on the quote before it, as it does
without this model; each such decision is an example, positive when the gold attribution whose
content overlaps the previous quote's most also holds at least half of the quotation's
characters. A logistic regression over
`claimx.nlp.components.continuation_model.continuation_features` is cross-validated in 5 folds
grouped by article: each fold's model runs inside the quote component on its held-out articles,
scored end to end as `benchmarks/quotes.py` scores, for each threshold of a grid. The model
retrained on the whole file, with THRESHOLD, is written to
`src/claimx/models/attributions/continuations.json`. Needs scikit-learn (training only).
`--docs FILE`: the parsed articles, as `train_attributions.py` keeps them.
"""

from __future__ import annotations

import json
import time

import numpy as np
from spacy.tokens import Doc

from claimx.nlp.components.attribution_model import default_model
from claimx.nlp.components.continuation_model import CONTINUATIONS_FILE, ContinuationModel
from claimx.nlp.components.quotes import QuoteExtractor
from claimx.nlp.components.speaker_model import default_speaker_model
from quotes import Score, content_chars, gold_items, predicted_items
from train_attributions import f1, prf, training_run
from train_speakers import C, shipped_weights
from train_speakers import fit as logistic

FOLDS = 5
SEED = 0
GRID = (0.3, 0.4, 0.5, 0.6)
# Cross-validated on train, end to end F1 all / quoted: every quotation carrying on 69.11 /
# 86.04; 0.3 69.17 / 86.25, 0.4 69.17 / 86.28, 0.5 69.16 / 86.29, 0.6 69.14 / 86.24. So 0.4:
# the best on all attributions, quoted within a hundredth of the best.
THRESHOLD = 0.4


def _chars(doc: Doc, tokens: tuple[int, int]) -> frozenset[int]:
    first, last = doc[tokens[0]], doc[tokens[1] - 1]
    return content_chars(doc.text, [(first.idx, last.idx + len(last))])


class Collector(ContinuationModel):
    """Records each decision with its label, and lets every quotation carry on."""

    def __init__(self) -> None:
        super().__init__({}, 0.0, 0.0)
        self.rows: list[tuple[int, tuple[str, ...], int]] = []
        self.article = 0
        self.doc: Doc | None = None
        self.gold: list[frozenset[int]] = []

    def carries_on(
        self, features: tuple[str, ...], previous: tuple[int, int], quotation: tuple[int, int]
    ) -> bool:
        assert self.doc is not None
        before, quoted = _chars(self.doc, previous), _chars(self.doc, quotation)
        overlap, label = 0, 0
        for content in self.gold:
            if len(content & before) > overlap:
                overlap = len(content & before)
                label = int(2 * len(content & quoted) >= len(quoted))
        self.rows.append((self.article, features, label))
        return True


def fit(rows: list[tuple[int, tuple[str, ...], int]]) -> tuple[ContinuationModel, int]:
    vectorizer, model = logistic([r[1] for r in rows], [r[2] for r in rows])
    x = vectorizer.transform([dict.fromkeys(r[1], 1) for r in rows])
    weights = shipped_weights(vectorizer, model, x)
    bias = round(float(model.intercept_[0]), 4)
    return ContinuationModel(weights, bias, THRESHOLD), len(weights)


def main() -> None:
    started = time.perf_counter()
    args, articles, docs = training_run(__doc__.splitlines()[0], CONTINUATIONS_FILE)
    layer, speakers = default_model(), default_speaker_model()
    collector = Collector()
    extractor = QuoteExtractor(layer, speakers, collector)
    for index, (doc, article) in enumerate(zip(docs, articles, strict=True)):
        collector.article, collector.doc = index, doc
        collector.gold = [g.content for g in gold_items(article)]
        extractor(doc)
    rows = collector.rows
    print(f"{len(articles)} articles, {len(rows)} decisions, {sum(r[2] for r in rows)} carry on")

    order = np.random.default_rng(SEED).permutation(len(articles))
    fold_of = {int(article): k % FOLDS for k, article in enumerate(order)}
    settings: list[float | None] = [None, *GRID]
    totals = {s: (Score(), Score()) for s in settings}
    for fold in range(FOLDS):
        model, _ = fit([r for r in rows if fold_of[r[0]] != fold])
        for setting in settings:
            if setting is not None:
                model.threshold = setting
            extractor = QuoteExtractor(layer, speakers, model if setting is not None else None)
            everything, quoted = totals[setting]
            for i in (i for i in range(len(articles)) if fold_of[i] == fold):
                predicted, gold = predicted_items(extractor(docs[i])), gold_items(articles[i])
                everything.add(predicted, gold)
                quoted.add([p for p in predicted if p.quoted], [g for g in gold if g.quoted])
    print(f"{FOLDS}-fold cross-validation by article, end to end P / R / F1 (all; quoted):")
    for setting, (everything, quoted) in totals.items():
        name = "every one carries on" if setting is None else f"threshold {setting}"
        print(
            f"  {name:22} {prf(everything)}; {prf(quoted)}"
            f"  ({f1(everything):.2f} / {f1(quoted):.2f})"
        )

    model, n_weights = fit(rows)
    settings_kept = {"C": C, "threshold": THRESHOLD, "bias": model.bias}
    weights = dict(sorted(model.weights.items()))
    about = {"trained_on": args.data.name, "articles": len(articles)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(about | settings_kept | {"weights": weights}, indent=0, ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    print(f"threshold {THRESHOLD}: {n_weights} weights written to {args.out} in {seconds:.0f} s")


if __name__ == "__main__":
    main()
