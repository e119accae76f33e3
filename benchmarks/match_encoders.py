"""Would another sentence encoder make `claimx match` better? (CheckThat! 2020 task 2)

    python benchmarks/match_encoders.py --data ../shared/data/checkthat2020-claim-retrieval \
        --vectors minilm=/tmp/match-embeddings e5=/tmp/e5-embeddings [--together]

An experiment, not a training script: nothing is written into the package. Each `--vectors`
directory holds one encoder's unit-length vectors, rows in the data's order: `claims.npy` and
`titles.npy` (the claim's when a fact-check has none) of the 10,375 verified claims, and
`tweets_train.npy`, `tweets_dev.npy`. `benchmarks/match_adapter.py --cache DIR` writes them
for the shipped MiniLM; any other encoder's can be made in its own environment (its package
need not be installed here). For each encoder, the hybrid score `match` uses (BM25 + cosine
with the claim + cosine with the title) has its weights chosen on a grid on train (steps of
0.05; 0.1 with `--together`, which also fuses all encoders' cosines in one score, as shipping
two encoders would). Reported: MAP@5 / recall@5 under 5-fold cross-validation on train (the
weights chosen on four folds, folds as in match_adapter.py), in-sample on train, and on dev
held out with the weights chosen on all of train.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from claim_matching import read_qrels, read_tsv
from claimx.compare.factchecks import FactCheck
from claimx.compare.match_index import MatchIndex

CUTOFF = 5
FOLDS = 5


def ranks(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Rank of each query's relevant fact-check (ties counted in its favour, as in the adapter)."""
    right = scores[np.arange(len(gold)), gold]
    return np.asarray((scores > right[:, None]).sum(axis=1) + 1)


def precision(rank: np.ndarray) -> np.ndarray:
    """Average precision at 5 with one relevant fact-check per query."""
    return np.where(rank <= CUTOFF, 1.0 / rank, 0.0)


def weight_grid(parts: int, step: float) -> list[np.ndarray]:
    """All weight vectors of `parts` non-negative weights summing to 1, in steps of `step`."""
    steps = round(1 / step)
    return [
        np.array((steps - sum(w), *w)) / steps
        for w in itertools.product(range(steps + 1), repeat=parts - 1)
        if sum(w) <= steps
    ]


def interval(difference: np.ndarray) -> str:
    """Mean of paired per-query differences, with a bootstrap 95% interval (seeded)."""
    rng = np.random.default_rng(1)
    means = [
        difference[rng.integers(len(difference), size=len(difference))].mean() for _ in range(2000)
    ]
    low, high = np.percentile(means, [2.5, 97.5])
    return f"{difference.mean():+.4f} (95% CI {low:+.4f} to {high:+.4f})"


def folds_by_claim(gold: np.ndarray, folds: int) -> np.ndarray:
    """Each query's fold (seeded), all queries answered by one fact-check in one fold."""
    claims = np.unique(gold)
    claim_fold = np.arange(len(claims)) % folds
    np.random.default_rng(0).shuffle(claim_fold)
    return np.asarray(claim_fold[np.searchsorted(claims, gold)])


def fused(parts: list[np.ndarray], weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    total = np.zeros((len(rows), parts[0].shape[1]), dtype=np.float32)
    for weight, part in zip(weights, parts, strict=True):
        if weight > 0:
            total += np.float32(weight) * part[rows]
    return total


def compare(
    name: str, train: list[np.ndarray], dev: list[np.ndarray], gold: dict, step: float
) -> None:
    """Weights by CV on train, then dev held out; `train`/`dev`: BM25 first, then cosines."""
    grid = weight_grid(len(train), step)
    every = np.arange(len(gold["train"]))
    ranked = np.array([ranks(fused(train, w, every), gold["train"]) for w in grid])
    scores = precision(ranked)  # [weights, queries]
    folds = every % FOLDS
    np.random.default_rng(0).shuffle(folds)
    held = np.zeros(len(every), dtype=np.int64)
    for fold in range(FOLDS):
        chosen = scores[:, folds != fold].mean(axis=1).argmax()
        held[folds == fold] = ranked[chosen, folds == fold]
    best = int(scores.mean(axis=1).argmax())
    dev_rank = ranks(fused(dev, grid[best], np.arange(len(gold["dev"]))), gold["dev"])
    cosine_only = ranks(dev[1], gold["dev"])
    print(
        f"{name}: weights (BM25, cosines) {np.round(grid[best], 2).tolist()}\n"
        f"  train {FOLDS}-fold CV MAP@5 {precision(held).mean():.4f}"
        f" R@5 {(held <= CUTOFF).mean():.4f}"
        f" | in-sample {scores[best].mean():.4f}"
        f" | dev MAP@5 {precision(dev_rank).mean():.4f} R@5 {(dev_rank <= CUTOFF).mean():.4f}"
        f" (claim cosine alone {precision(cosine_only).mean():.4f})"
    )


def answers_and_bm25(data: Path) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per split: each tweet's fact-check (its position), and the BM25 scores [tweets, claims]."""
    rows = read_tsv(data / "verified_claims.docs.tsv")
    position = {row[0]: i for i, row in enumerate(rows)}
    index = MatchIndex.build([FactCheck(id=r[0], claim=r[1], title=r[2] or None) for r in rows])
    gold, bm25 = {}, {}
    for split in ("train", "dev"):
        tweets = read_tsv(data / split / "tweets.queries.tsv")
        qrels = read_qrels(data / split / "tweet-vclaim-pairs.qrels")
        gold[split] = np.array([position[min(qrels[t[0]])] for t in tweets])
        bm25[split] = np.zeros((len(tweets), len(rows)), dtype=np.float32)
        for i, tweet in enumerate(tweets):
            docs, scores = index.lexical(" ".join(tweet[1].split()))  # as match reads a tweet
            bm25[split][i, docs] = scores
    return gold, bm25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--vectors", nargs="+", required=True, help="NAME=DIR, one per encoder")
    parser.add_argument("--together", action="store_true", help="also all encoders in one score")
    args = parser.parse_args()
    encoders = dict(item.split("=", 1) for item in args.vectors)

    gold, bm25 = answers_and_bm25(args.data)

    cosines: dict[str, dict[str, list[np.ndarray]]] = {}
    for name, directory in encoders.items():
        claims = np.load(Path(directory) / "claims.npy").astype(np.float32)
        titles = np.load(Path(directory) / "titles.npy").astype(np.float32)
        cosines[name] = {}
        for split in ("train", "dev"):
            tweets = np.load(Path(directory) / f"tweets_{split}.npy").astype(np.float32)
            cosines[name][split] = [np.clip(tweets @ m.T, 0, 1) for m in (claims, titles)]
        compare(name, *([bm25[s]] + cosines[name][s] for s in ("train", "dev")), gold, 0.05)
    if args.together and len(encoders) > 1:
        both = {s: [bm25[s]] + [c for name in encoders for c in cosines[name][s]] for s in gold}
        compare(" + ".join(encoders), both["train"], both["dev"], gold, 0.1)


if __name__ == "__main__":
    main()
