"""Train the same-claim decision (claimx.compare.equivalence) on MSRP and write it into the package.

    python benchmarks/train_claim_equivalence.py --data ../shared/data/msrp/train.tsv

Prints 5-fold cross-validated accuracy and F1 (folds seeded, stratified by label; the
threshold of each fold is chosen for accuracy by an inner 5-fold cross-validation on its own
training part), then the in-sample figures of the model fitted on the whole file, which is the
one written (its threshold chosen by 5-fold cross-validation on the whole file). The figures are
of the decision `compare` uses: pairs with different numbers are never 'same'; the model alone
(without that rule) is printed beside them. Needs scikit-learn (training only).

    python benchmarks/train_claim_equivalence.py --data ../shared/data/msrp/train.tsv --e5

fits the model `compare` uses when the `e5` extra is installed: one more feature, the cosine
of the two sentences' multilingual-e5-small vectors, written to claim_equivalence_e5.json
(encoding MSRP train takes about 13 minutes on two cores; --cache DIR keeps the vectors).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from claim_equivalence import e5_cosines, lexical_scores, read_pairs
from claimx.compare.equivalence import (
    E5_FEATURES,
    E5_MODEL_PATH,
    FEATURES,
    MODEL_PATH,
    Model,
    features,
    numbers_disagree,
    read,
)

C = 1.0  # inverse regularisation: 0.3, 1 and 10 gave the same CV accuracy within 0.002
THRESHOLDS = [i / 100 for i in range(30, 71)]


def _weights(x: np.ndarray, y: np.ndarray) -> Model:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    names = E5_FEATURES if x.shape[1] == len(E5_FEATURES) else FEATURES
    return Model(mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5, names)


def _fit(x: np.ndarray, y: np.ndarray, numbers: np.ndarray, seed: int) -> Model:
    """Weights fitted on all of x; the threshold that gives the best accuracy on probabilities
    of models that did not see the pair (inner 5-fold cross-validation)."""
    held_out = np.zeros(len(y))
    inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed + 1)
    for train, test in inner.split(x, y):
        held_out[test] = _weights(x[train], y[train]).probability(x[test])
    best = max(THRESHOLDS, key=lambda t: (_accuracy(held_out, numbers, y, t), -abs(t - 0.5)))
    fitted = _weights(x, y)
    return Model(fitted.mean, fitted.scale, fitted.weights, fitted.bias, best, fitted.features)


def _decide(probability: np.ndarray, numbers: np.ndarray, threshold: float) -> np.ndarray:
    return (probability >= threshold) & ~numbers


def _accuracy(probability: np.ndarray, numbers: np.ndarray, y: np.ndarray, t: float) -> float:
    return float((_decide(probability, numbers, t) == y).mean())


def scores(predicted: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    tp = int((predicted & (y == 1)).sum())
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int((y == 1).sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float((predicted == (y == 1)).mean()), f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="MSRP train.tsv")
    parser.add_argument("--out", type=Path, help="default: the package's model file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--e5", action="store_true", help="add e5's cosine (the model of the e5 extra)"
    )
    parser.add_argument("--cache", type=Path, help="with --e5: a directory for the vectors")
    args = parser.parse_args()
    out = args.out or (E5_MODEL_PATH if args.e5 else MODEL_PATH)
    pairs = read_pairs(args.data)
    lexical = lexical_scores(pairs)
    readings = [(read(a), read(b)) for _, a, b in pairs]
    x = np.array(
        [features(a, b, s) for (a, b), s in zip(readings, lexical, strict=True)],
        dtype=np.float64,
    )
    if args.e5:
        x = np.column_stack([x, e5_cosines(pairs, args.cache)])
    y = np.array([label for label, _, _ in pairs])
    numbers = np.array([numbers_disagree(a, b) for a, b in readings])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    predicted = np.zeros(len(y), dtype=bool)
    alone = np.zeros(len(y), dtype=bool)
    for train, test in folds.split(x, y):
        model = _fit(x[train], y[train], numbers[train], args.seed)
        predicted[test] = _decide(model.probability(x[test]), numbers[test], model.threshold)
        no_rule = _fit(x[train], y[train], np.zeros(len(train), dtype=bool), args.seed)
        alone[test] = no_rule.probability(x[test]) >= no_rule.threshold
    accuracy, f1 = scores(predicted, y)
    print(f"5-fold cross-validated: accuracy {accuracy:.3f}  F1 {f1:.3f}  ({len(y)} pairs)")
    accuracy, f1 = scores(alone, y)
    print(f"  the model alone, without the numbers rule: accuracy {accuracy:.3f}  F1 {f1:.3f}")
    model = _fit(x, y, numbers, args.seed)
    accuracy, f1 = scores(_decide(model.probability(x), numbers, model.threshold), y)
    print(f"in-sample:              accuracy {accuracy:.3f}  F1 {f1:.3f}")
    print(f"pairs with different numbers (never 'same'): {int(numbers.sum())}")
    for name, weight in zip(model.to_json()["features"], model.weights.tolist(), strict=True):  # type: ignore[call-overload]
        print(f"  {name:20s} {weight:+.3f}")
    out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} (threshold {model.threshold:.2f})")


if __name__ == "__main__":
    main()
