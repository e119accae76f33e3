"""Would a learned linear map on the MiniLM embeddings help `claimx match`? (CheckThat! 2020 task 2)

    python benchmarks/match_adapter.py --data ../shared/data/checkthat2020-claim-retrieval \
        --cache /tmp/match-embeddings

An experiment, not a training script: nothing is written into the package. The adapter is a
384 x 384 matrix W = I + M applied to both sides (tweet and fact-check vectors, made unit
length again), fitted with PyTorch on train tweet -> claim pairs: softmax over all 10,375
claims (and, a second term, all titles) as negatives, Adam from the identity, a few steps
(early stopping is the only regularisation). Reported: MAP@5 / recall@5 of the cosine with the
claim alone and of the hybrid score `match` uses (its fixed weights, 0.6 BM25 + 0.3 claim
cosine + 0.1 title cosine), without and with the adapter: 5-fold cross-validation on train
(folds seeded, by tweet: 114 train claims answer 2 to 7 tweets, so a fold can be scored on a
claim the adapter was fitted on; benchmarks/match_finetune.py groups its folds by claim), and dev
held out (adapter fitted on all of train; 55 of dev's claims also answer train tweets).

Encoding the claims and titles takes 10-25 minutes on two cores: --cache keeps the vectors
(`claims.npy`, `titles.npy`, `tweets_<split>.npy`, as `claimx.compare.similarity.embed` gives
them) and reuses them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from claim_matching import read_qrels, read_tsv
from claimx.compare.factchecks import FactCheck
from claimx.compare.match_index import MatchIndex
from claimx.compare.similarity import embed

CUTOFF = 5
# The hybrid's weights with MiniLM alone, as `match` shipped them before e5 joined (0.926 on train).
LEXICAL_WEIGHT, CLAIM_WEIGHT, TITLE_WEIGHT = 0.6, 0.3, 0.1
FOLDS = 5
SCALE = 20.0  # softmax temperature of the cosines


def cached(path: Path, texts: list[str]) -> np.ndarray:
    if path.exists():
        return np.load(path)
    vectors = embed(texts)
    np.save(path, vectors)
    return vectors


def map_recall(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """MAP@5 and recall@5 with one relevant fact-check per query (as in CheckThat! 2020)."""
    right = scores[np.arange(len(gold)), gold]
    rank = (scores > right[:, None]).sum(axis=1) + 1
    return float(np.where(rank <= CUTOFF, 1.0 / rank, 0.0).mean()), float((rank <= CUTOFF).mean())


def fit(
    queries: np.ndarray,
    gold: np.ndarray,
    claims: np.ndarray,
    titles: np.ndarray,
    steps: int,
    rate: float,
) -> np.ndarray:
    torch.manual_seed(0)
    size = queries.shape[1]
    change = torch.nn.Parameter(torch.zeros(size, size))
    optimiser = torch.optim.Adam([change], lr=rate)
    q, c, t = (torch.tensor(a) for a in (queries, claims, titles))
    target = torch.tensor(gold)
    unit = torch.nn.functional.normalize
    for _ in range(steps):
        matrix = torch.eye(size) + change
        qa = unit(q @ matrix, dim=1)
        loss = torch.nn.functional.cross_entropy(SCALE * qa @ unit(c @ matrix, dim=1).T, target)
        loss = loss + torch.nn.functional.cross_entropy(
            SCALE * qa @ unit(t @ matrix, dim=1).T, target
        )
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return (torch.eye(size) + change).detach().numpy()


def cosines(queries: np.ndarray, documents: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    q, d = queries @ matrix, documents @ matrix
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    return q @ d.T


def measure(queries, gold, bm25, claims, titles, matrix) -> tuple[tuple[float, float], ...]:
    claim_cos = cosines(queries, claims, matrix)
    title_cos = cosines(queries, titles, matrix)
    hybrid = (
        LEXICAL_WEIGHT * bm25
        + CLAIM_WEIGHT * np.clip(claim_cos, 0, 1)
        + TITLE_WEIGHT * np.clip(title_cos, 0, 1)
    )
    return map_recall(claim_cos, gold), map_recall(hybrid, gold)


def show(name: str, figures: tuple[tuple[float, float], ...]) -> None:
    (cm, cr), (hm, hr) = figures
    print(f"  {name}: cosine MAP@5 {cm:.4f} R@5 {cr:.4f} | hybrid MAP@5 {hm:.4f} R@5 {hr:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--cache", type=Path, required=True, help="keep the vectors here")
    parser.add_argument("--steps", type=int, default=30, help="Adam steps (full batch)")
    parser.add_argument("--rate", type=float, default=1e-4, help="Adam learning rate")
    args = parser.parse_args()
    torch.set_num_threads(1)
    args.cache.mkdir(parents=True, exist_ok=True)

    rows = read_tsv(args.data / "verified_claims.docs.tsv")
    position = {row[0]: i for i, row in enumerate(rows)}
    claims = cached(args.cache / "claims.npy", [row[1] for row in rows])
    titles = cached(args.cache / "titles.npy", [row[2] or row[1] for row in rows])
    index = MatchIndex.build([FactCheck(id=r[0], claim=r[1], title=r[2] or None) for r in rows])
    data = {}
    for split in ("train", "dev"):
        tweets = read_tsv(args.data / split / "tweets.queries.tsv")
        qrels = read_qrels(args.data / split / "tweet-vclaim-pairs.qrels")
        gold = np.array([position[min(qrels[t[0]])] for t in tweets])
        bm25 = np.zeros((len(tweets), len(rows)), dtype=np.float32)
        for i, tweet in enumerate(tweets):
            docs, scores = index.lexical(" ".join(tweet[1].split()))  # as match reads a tweet
            bm25[i, docs] = scores
        vectors = cached(args.cache / f"tweets_{split}.npy", [t[1] for t in tweets])
        data[split] = (vectors, gold, bm25)

    identity = np.eye(claims.shape[1], dtype=np.float32)
    vectors, gold, bm25 = data["train"]
    folds = np.arange(len(gold)) % FOLDS
    np.random.default_rng(0).shuffle(folds)
    adapted = []
    for fold in range(FOLDS):
        train = folds != fold
        matrix = fit(vectors[train], gold[train], claims, titles, args.steps, args.rate)
        test = ~train
        adapted.append(measure(vectors[test], gold[test], bm25[test], claims, titles, matrix))
    print(f"train, {FOLDS}-fold CV (adapter: {args.steps} steps, rate {args.rate}):")
    show("MiniLM as is", measure(vectors, gold, bm25, claims, titles, identity))
    show("adapter     ", tuple(tuple(np.mean(adapted, axis=0)[i]) for i in range(2)))
    matrix = fit(vectors, gold, claims, titles, args.steps, args.rate)
    show("adapter, in-sample", measure(vectors, gold, bm25, claims, titles, matrix))
    print("dev, held out (adapter fitted on all of train):")
    show("MiniLM as is", measure(*data["dev"], claims, titles, identity))
    show("adapter     ", measure(*data["dev"], claims, titles, matrix))


if __name__ == "__main__":
    main()
