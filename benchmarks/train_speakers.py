"""Train the no-speaker check of the quote component on PolNeAR train and write it.

    python benchmarks/train_speakers.py --data ../shared/data/polnear/train.jsonl

The quote component runs on every article (with the shipped attribution model, without a
speaker model). Every predicted quote that has a speaker and matches a gold attribution (as
`benchmarks/quotes.py` matches) is an example: positive when the gold source is empty ("is
expected to", "was asked", "seemed"). A logistic regression over
`claimx.nlp.components.speaker_model.speaker_features` is cross-validated in 5 folds grouped by
article; on the held-out articles, dropping the speaker of a quote whose probability passes the
threshold turns a wrong speaker right when the gold source is empty and a right one wrong
otherwise, so the end-to-end figures for each threshold follow without rerunning the component.
The threshold with the best cross-validated end-to-end F1 on all attributions is kept and the
model retrained on the whole file is written to `src/claimx/models/attributions/speakers.json`.
Needs scikit-learn (training only). `--docs FILE`: the parsed articles, as
`train_attributions.py` keeps them.
"""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimx.nlp.components.attribution_model import default_model
from claimx.nlp.components.quotes import QuoteExtractor
from claimx.nlp.components.speaker_model import SPEAKERS_FILE, speaker_features
from claimx.nlp.extensions import QUOTES
from quotes import Score, gold_items, match, predicted_items, speaker_right
from train_attributions import training_run

FOLDS = 5
SEED = 0
C = 0.3
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
MIN_COUNT = 2  # features seen fewer times are left out of the shipped weights
# The highest threshold whose cross-validated F1 on all attributions is this close to the
# best: near-ties keep the speaker.
MARGIN = 0.1


def fit(
    features: list[tuple[str, ...]], labels: list[int]
) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(f, 1) for f in features])
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(x, labels)
    return vectorizer, model


def shipped_weights(
    vectorizer: DictVectorizer, model: LogisticRegression, x: Any
) -> dict[str, float]:
    """The fitted weights worth shipping: of features seen MIN_COUNT times, not near zero."""
    counts = np.asarray(x.sum(axis=0)).ravel()
    return {
        str(name): round(float(w), 4)
        for name, w, n in zip(
            vectorizer.get_feature_names_out(), model.coef_[0], counts, strict=True
        )
        if n >= MIN_COUNT and abs(w) >= 1e-3
    }


def main() -> None:
    started = time.perf_counter()
    args, articles, docs = training_run(__doc__.splitlines()[0], SPEAKERS_FILE)
    extractor = QuoteExtractor(default_model())
    # (article, features, gold source empty, speaker right now, quoted)
    rows: list[tuple[int, tuple[str, ...], int, bool, bool]] = []
    everything, quoted = Score(), Score()
    for index, (doc, article) in enumerate(zip(docs, articles, strict=True)):
        extractor(doc)
        spans = list(doc.spans[QUOTES])
        gold, predicted = gold_items(article), predicted_items(doc)
        everything.add(predicted, gold)
        quoted.add([p for p in predicted if p.quoted], [g for g in gold if g.quoted])
        position = {id(p): i for i, p in enumerate(predicted)}
        for pred, ref in match(predicted, gold):
            span = spans[position[id(pred)]]
            speaker = span._.claimx_speaker
            if speaker is None:
                continue
            cue = span._.claimx_cue
            features = speaker_features(doc, (cue.start, cue.end), speaker.root.i, span.label_)
            rows.append(
                (index, features, int(not ref.sources), speaker_right(pred, ref), pred.quoted)
            )
    positives = sum(r[2] for r in rows)
    print(f"{len(articles)} articles, {len(rows)} matched quotes with a speaker, ", end="")
    print(f"{positives} with no gold source")

    order = np.random.default_rng(SEED).permutation(len(articles))
    fold_of = {int(article): k % FOLDS for k, article in enumerate(order)}
    probability = np.zeros(len(rows))
    for fold in range(FOLDS):
        train = [r for r in rows if fold_of[r[0]] != fold]
        held = [i for i, r in enumerate(rows) if fold_of[r[0]] == fold]
        vectorizer, model = fit([r[1] for r in train], [r[2] for r in train])
        x = vectorizer.transform([dict.fromkeys(rows[i][1], 1) for i in held])
        probability[held] = model.predict_proba(x)[:, 1]

    def f1(true: int, score: Score) -> float:
        return 200 * true / (score.predicted + score.gold)

    print(f"{FOLDS}-fold cross-validation by article, end to end F1 (all / quoted):")
    before = f1(everything.end_to_end, everything), f1(quoted.end_to_end, quoted)
    print(f"  {'no check':14} {before[0]:5.1f} / {before[1]:5.1f}")
    results = {}
    for threshold in THRESHOLDS:
        gain_all = gain_quoted = 0
        for (_, _, empty, right, is_quoted), p in zip(rows, probability, strict=True):
            if p >= threshold:
                change = int(bool(empty)) - int(right)
                gain_all += change
                gain_quoted += change if is_quoted else 0
        results[threshold] = (
            f1(everything.end_to_end + gain_all, everything),
            f1(quoted.end_to_end + gain_quoted, quoted),
        )
        all_f1, quoted_f1 = results[threshold]
        print(f"  threshold {threshold:<4} {all_f1:5.1f} / {quoted_f1:5.1f}")
    top = max(results[t][0] for t in THRESHOLDS)
    best = max(t for t in THRESHOLDS if results[t][0] >= top - MARGIN)

    vectorizer, model = fit([r[1] for r in rows], [r[2] for r in rows])
    x = vectorizer.transform([dict.fromkeys(r[1], 1) for r in rows])
    weights = shipped_weights(vectorizer, model, x)
    meta = {
        "trained_on": args.data.name,
        "articles": len(articles),
        "C": C,
        "threshold": best,
        "bias": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(meta, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    print(f"threshold {best}: {len(weights)} weights written to {args.out} in {seconds:.0f} s")


if __name__ == "__main__":
    main()
