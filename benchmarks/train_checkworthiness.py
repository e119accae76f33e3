"""Train the check-worthiness model on ClaimBuster and write it into the package.

    python benchmarks/train_checkworthiness.py --data ../shared/data/claimbuster/adv_train.json

A seeded shuffle holds out a fifth of the file: the model trained on the other four fifths is
scored on it (positive-class precision, recall, F1) and the threshold that maximises F1 there
becomes the claim threshold. The shipped model is then retrained on the whole file with the same
settings and that threshold. Needs scikit-learn (training only; claimx itself does not).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from collections import Counter
from pathlib import Path

import spacy
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from claimx.checkworthiness import (
    MODEL_DIR,
    CheckworthinessModel,
    hashed_counts,
    sentence_features,
    tfidf_vector,
)
from claimx.pipeline import resolve_model_name

# Inverse regularisation strength, picked by 5-fold cross-validation on the training fifths.
DEFAULT_C = 10.0
THRESHOLDS = [i / 100 for i in range(5, 96)]


def fit(
    counts: list[Counter[int]], labels: list[int], *, c: float, seed: int
) -> CheckworthinessModel:
    """IDF from the document frequencies, then a class-balanced logistic regression."""
    df: Counter[int] = Counter()
    for sentence in counts:
        df.update(sentence.keys())
    n = len(counts)
    idf = {b: math.log((1 + n) / (1 + d)) + 1.0 for b, d in df.items()}
    column = {b: i for i, b in enumerate(sorted(idf))}
    rows, cols, values = [], [], []
    for row, sentence in enumerate(counts):
        for bucket, value in tfidf_vector(sentence, idf).items():
            rows.append(row)
            cols.append(column[bucket])
            values.append(value)
    matrix = csr_matrix((values, (rows, cols)), shape=(n, len(column)))
    classifier = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, random_state=seed
    ).fit(matrix, labels)
    coefficients = classifier.coef_[0]
    weights = {b: float(coefficients[i]) for b, i in column.items() if coefficients[i]}
    return CheckworthinessModel(
        idf=idf, weights=weights, bias=float(classifier.intercept_[0]), threshold=0.5
    )


def score(model: CheckworthinessModel, counts: Counter[int]) -> float:
    vector = tfidf_vector(counts, model.idf)
    logit = model.bias + sum(model.weights.get(b, 0.0) * v for b, v in vector.items())
    return 1.0 / (1.0 + math.exp(-logit))


def prf(scores: list[float], labels: list[int], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    predicted = [s >= threshold for s in scores]
    tp = sum(p and y == 1 for p, y in zip(predicted, labels, strict=True))
    precision = tp / max(sum(predicted), 1)
    recall = tp / max(sum(labels), 1)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster adv_train.json")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--c", type=float, default=DEFAULT_C)
    args = parser.parse_args()

    raw = args.data.read_bytes()
    items = json.loads(raw)
    texts = [item["text"] for item in items]
    labels = [int(item["label"]) for item in items]

    started = time.perf_counter()
    # The features need tags and entities only; the parser does not change either.
    nlp = spacy.load(resolve_model_name(None), disable=["parser", "lemmatizer"])
    counts = [hashed_counts(sentence_features(doc)) for doc in nlp.pipe(texts, batch_size=256)]
    print(f"parsed {len(texts)} sentences in {time.perf_counter() - started:.1f}s")

    order = list(range(len(items)))
    random.Random(args.seed).shuffle(order)
    held_out, training = order[: len(order) // 5], order[len(order) // 5 :]

    started = time.perf_counter()
    model = fit(
        [counts[i] for i in training], [labels[i] for i in training], c=args.c, seed=args.seed
    )
    held_scores = [score(model, counts[i]) for i in held_out]
    held_labels = [labels[i] for i in held_out]
    threshold = max(THRESHOLDS, key=lambda t: (prf(held_scores, held_labels, t)[2], -abs(t - 0.5)))
    precision, recall, f1 = prf(held_scores, held_labels, threshold)
    p50, r50, f50 = prf(held_scores, held_labels, 0.5)
    elapsed = time.perf_counter() - started
    print(f"trained on {len(training)}, held out {len(held_out)} in {elapsed:.1f}s")
    print(f"held-out fifth, threshold 0.50: P {p50:.3f} R {r50:.3f} F1 {f50:.3f}")
    print(
        f"held-out fifth, threshold {threshold:.2f}: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )

    final = fit(counts, labels, c=args.c, seed=args.seed)
    final = CheckworthinessModel(
        idf=final.idf, weights=final.weights, bias=final.bias, threshold=threshold
    )
    final.save(
        args.out,
        {
            "trained_on": f"{args.data.name} (sha256 {hashlib.sha256(raw).hexdigest()[:16]}), "
            f"all {len(items)} sentences",
            "c": args.c,
            "seed": args.seed,
            "held_out_fifth": {
                "threshold": threshold,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
            },
        },
    )
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB), threshold {threshold:.2f}")


if __name__ == "__main__":
    main()
