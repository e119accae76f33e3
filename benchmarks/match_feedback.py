"""Would pseudo-relevance feedback on the embeddings help `claimx match`? (CheckThat! 2020 task 2)

    python benchmarks/match_feedback.py --data ../shared/data/checkthat2020-claim-retrieval \
        --vectors /tmp/match-embeddings

An experiment, not a training script: nothing is written into the package. Rocchio's feedback
in embedding space: the tweet's vector moves towards the claim and title vectors of the
hybrid's `m` best fact-checks (weighted by their scores, times `beta`), is made unit length
again, and the hybrid `match` uses (fixed weights 0.6 BM25 + 0.3 claim cosine + 0.1 title
cosine) is scored a second time with it. `--vectors` is a directory as
benchmarks/match_adapter.py's --cache writes it. (beta, m) are chosen on a grid: 5-fold
cross-validation on train (folds grouped by claim), in-sample on train, dev held out with the
pair chosen on all of train.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from match_encoders import answers_and_bm25, folds_by_claim, interval, precision, ranks

# The hybrid's weights with MiniLM alone, as `match` shipped them before e5 joined (0.926 on train).
LEXICAL_WEIGHT, CLAIM_WEIGHT, TITLE_WEIGHT = 0.6, 0.3, 0.1

FOLDS = 5
GRID = [(0.0, 1), *itertools.product((0.1, 0.25, 0.5, 1.0), (1, 3, 5, 10))]


def hybrid(
    tweets: np.ndarray, claims: np.ndarray, titles: np.ndarray, bm25: np.ndarray
) -> np.ndarray:
    return np.asarray(
        LEXICAL_WEIGHT * bm25
        + CLAIM_WEIGHT * np.clip(tweets @ claims.T, 0, 1)
        + TITLE_WEIGHT * np.clip(tweets @ titles.T, 0, 1)
    )


def with_feedback(
    tweets: np.ndarray,
    claims: np.ndarray,
    titles: np.ndarray,
    bm25: np.ndarray,
    beta: float,
    m: int,
) -> np.ndarray:
    first = hybrid(tweets, claims, titles, bm25)
    if beta == 0:
        return first
    top = np.argsort(-first, axis=1)[:, :m]
    weights = np.take_along_axis(first, top, axis=1)
    weights /= weights.sum(axis=1, keepdims=True)
    feedback = ((claims[top] + titles[top]) * weights[..., None]).sum(axis=1)
    moved = tweets + beta * feedback
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    return hybrid(moved, claims, titles, bm25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--vectors", type=Path, required=True, help="MiniLM's vectors (a cache)")
    args = parser.parse_args()
    gold, bm25 = answers_and_bm25(args.data)
    claims, titles = (
        np.load(args.vectors / f"{n}.npy").astype(np.float32) for n in ("claims", "titles")
    )
    tweets = {s: np.load(args.vectors / f"tweets_{s}.npy").astype(np.float32) for s in gold}

    def scored(split: str, beta: float, m: int) -> np.ndarray:
        scores = with_feedback(tweets[split], claims, titles, bm25[split], beta, m)
        return precision(ranks(scores, gold[split]))

    train = {pair: scored("train", *pair) for pair in GRID}
    folds = folds_by_claim(gold["train"], FOLDS)
    held = np.zeros(len(folds))
    for fold in range(FOLDS):
        chosen = max(GRID, key=lambda pair: train[pair][folds != fold].mean())
        held[folds == fold] = train[chosen][folds == fold]
    best = max(GRID, key=lambda pair: train[pair].mean())
    before = train[GRID[0]]
    print(
        f"train, {FOLDS}-fold CV grouped by claim: hybrid MAP@5 {before.mean():.4f} ->"
        f" {held.mean():.4f}: {interval(held - before)} | in-sample {train[best].mean():.4f}"
        f" (beta {best[0]}, m {best[1]})"
    )
    dev_before, dev_after = scored("dev", *GRID[0]), scored("dev", *best)
    print(
        f"dev (held out): {dev_before.mean():.4f} -> {dev_after.mean():.4f}:"
        f" {interval(dev_after - dev_before)}"
    )


if __name__ == "__main__":
    main()
