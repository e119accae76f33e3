"""Would fine-tuning MiniLM itself make `claimx match` better? (CheckThat! 2020 task 2)

    python benchmarks/match_finetune.py --data ../shared/data/checkthat2020-claim-retrieval \
        --cache /tmp/match-states [--layers 1] [--epochs 2] [--rate 1e-4]

An experiment, not a training script: nothing is written into the package. The top `--layers`
transformer layers of all-MiniLM-L6-v2 (the shipped encoder; mean pooling, unit length) are
fine-tuned on train tweet -> claim pairs with a softmax over the batch's claims and titles plus,
for each tweet, one of the ten best wrong claims of the shipped hybrid (hard negatives). The
lower layers stay frozen, so their token states are computed once and cached (`--cache`: 10-25
minutes on two cores) and a fold re-encodes the 20,750 claims and titles through the trained
layers only.

Reported, with the hybrid score `match` uses (its fixed weights: 0.6 BM25 + 0.3 claim cosine +
0.1 title cosine) and the claim cosine alone: 5-fold cross-validation on train with folds
grouped by claim (114 train claims answer 2 to 7 tweets: a claim's tweets share a fold, so no
fold is scored on a claim it was tuned on), with a paired bootstrap 95% interval of the
difference from MiniLM as is; then dev held out (tuned on all of train), overall and split by
whether the dev tweet's claim is also the answer of a train tweet (55 of dev's claims are).
"""

from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from claim_matching import read_tsv
from claimx.compare.similarity import _URL, _plain_quotes
from claimx.nlp.minilm import minilm_package
from match_encoders import answers_and_bm25, folds_by_claim, interval, precision, ranks

CUTOFF = 5
# The hybrid's weights with MiniLM alone, as `match` shipped them before e5 joined (0.926 on train).
LEXICAL_WEIGHT, CLAIM_WEIGHT, TITLE_WEIGHT = 0.6, 0.3, 0.1
FOLDS = 5
LAYERS = 6  # all-MiniLM-L6-v2
CACHED_LAYER = 4  # token states entering layer 4 are cached: up to two layers can be tuned
HARD_POOL = 10  # a tweet's hard negative is one of the hybrid's ten best wrong claims
SIZE = 384
START = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - START:5.0f} s] {message}", flush=True)


class States:
    """Token states of each distinct text at one layer, flat: text i is [ptr[i], ptr[i + 1])."""

    def __init__(self, flat: np.ndarray, ptr: np.ndarray) -> None:
        self.flat, self.ptr = flat, ptr

    def batch(self, rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = self.ptr[rows + 1] - self.ptr[rows]
        states = torch.zeros(len(rows), int(lengths.max()), SIZE)
        mask = torch.zeros(len(rows), int(lengths.max()), dtype=torch.long)
        for i, row in enumerate(rows):
            part = np.asarray(self.flat[self.ptr[row] : self.ptr[row + 1]], dtype=np.float32)
            states[i, : lengths[i]] = torch.from_numpy(part)
            mask[i, : lengths[i]] = 1
        return states, mask


def through(layers: Any, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Token states through transformer `layers`, padding masked out of attention."""
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for layer in layers:
        states = layer(states, attention_mask=additive)
        states = states[0] if isinstance(states, tuple) else states
    return states


def forward(layers: Any, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Token states through `layers`, then mean-pooled and made unit length (as MiniLM encodes)."""
    states = through(layers, states, mask)
    weights = mask.unsqueeze(-1).float()
    pooled = (states * weights).sum(1) / weights.sum(1)
    return torch.nn.functional.normalize(pooled, dim=1)


def cache_states(model: Any, tokenizer: Any, texts: list[str], cache: Path) -> States:
    """The states entering layer CACHED_LAYER of each text, computed once into `cache`."""
    if not (cache / "states.npy").exists():
        ids = tokenizer(texts, truncation=True, max_length=256)["input_ids"]
        lengths = np.array([len(i) for i in ids])
        ptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(lengths, out=ptr[1:])
        flat = np.lib.format.open_memmap(
            cache / "partial.npy", mode="w+", dtype=np.float16, shape=(int(ptr[-1]), SIZE)
        )
        order = np.argsort(lengths, kind="stable")
        with torch.inference_mode():
            for first in range(0, len(order), 32):
                batch = order[first : first + 32]
                padded = tokenizer.pad({"input_ids": [ids[i] for i in batch]}, return_tensors="pt")
                out = model(**padded, output_hidden_states=True)
                hidden = out.hidden_states[CACHED_LAYER].numpy()
                for j, i in enumerate(batch):
                    flat[ptr[i] : ptr[i + 1]] = hidden[j, : lengths[i]]
        flat.flush()
        np.save(cache / "ptr.npy", ptr)
        (cache / "partial.npy").rename(cache / "states.npy")
    return States(np.load(cache / "states.npy", mmap_mode="r"), np.load(cache / "ptr.npy"))


def encode(layers: Any, states: States, rows: np.ndarray) -> np.ndarray:
    vectors = np.zeros((len(rows), SIZE), dtype=np.float32)
    order = np.argsort(states.ptr[rows + 1] - states.ptr[rows], kind="stable")
    for layer in layers:
        layer.eval()
    with torch.inference_mode():
        for first in range(0, len(order), 64):
            part = order[first : first + 64]
            vectors[part] = forward(layers, *states.batch(rows[part])).numpy()
    return vectors


def hybrid(tweets: np.ndarray, claims: np.ndarray, titles: np.ndarray, bm25: np.ndarray) -> Any:
    return (
        LEXICAL_WEIGHT * bm25
        + CLAIM_WEIGHT * np.clip(tweets @ claims.T, 0, 1)
        + TITLE_WEIGHT * np.clip(tweets @ titles.T, 0, 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--cache", type=Path, required=True, help="keep the token states here")
    parser.add_argument("--layers", type=int, default=1, choices=(1, 2), help="top layers tuned")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--rate", type=float, default=1e-4, help="AdamW learning rate")
    parser.add_argument("--batch", type=int, default=32, help="tweets per step")
    args = parser.parse_args()
    torch.set_num_threads(1)
    args.cache.mkdir(parents=True, exist_ok=True)

    gold, bm25 = answers_and_bm25(args.data)
    rows = read_tsv(args.data / "verified_claims.docs.tsv")
    texts = {"claims": [r[1] for r in rows], "titles": [r[2] or r[1] for r in rows]}
    for split in ("train", "dev"):
        texts[split] = [t[1] for t in read_tsv(args.data / split / "tweets.queries.tsv")]
    # Texts cleaned as claimx.compare.similarity.embed cleans them, each encoded once.
    cleaned = {k: [_plain_quotes(_URL.sub(" ", t)) for t in v] for k, v in texts.items()}
    unique = sorted({t for v in cleaned.values() for t in v})
    where = {t: i for i, t in enumerate(unique)}
    text_rows = {k: np.array([where[t] for t in v]) for k, v in cleaned.items()}

    encoder = minilm_package("fine-tuning").load_model(device="cpu")
    model = encoder[0].auto_model.eval()
    states = cache_states(model, encoder.tokenizer, unique, args.cache)
    first = LAYERS - args.layers
    if first > CACHED_LAYER:  # the frozen layers between the cache and the tuned ones, once
        frozen = model.encoder.layer[CACHED_LAYER:first]
        flat = np.zeros_like(states.flat)
        with torch.inference_mode():
            for start in range(0, len(unique), 64):
                part = np.arange(start, min(start + 64, len(unique)))
                hidden, mask = states.batch(part)
                hidden = through(frozen, hidden, mask)
                for i, row in enumerate(part):
                    length = states.ptr[row + 1] - states.ptr[row]
                    flat[states.ptr[row] : states.ptr[row + 1]] = hidden[i, :length].numpy()
        states = States(flat, states.ptr)
    base_layers = model.encoder.layer[first:]
    log("token states ready")

    def vectors(layers: Any, name: str, subset: np.ndarray | None = None) -> np.ndarray:
        chosen = text_rows[name] if subset is None else text_rows[name][subset]
        return encode(layers, states, chosen)

    base = {"claims": vectors(base_layers, "claims"), "titles": vectors(base_layers, "titles")}
    base_scores = {}
    for split in ("train", "dev"):
        base[split] = vectors(base_layers, split)
        base_scores[split] = hybrid(base[split], base["claims"], base["titles"], bm25[split])

    def tune(queries: np.ndarray) -> Any:
        layers = copy.deepcopy(base_layers)
        parameters = [p for layer in layers for p in layer.parameters()]
        optimiser = torch.optim.AdamW(parameters, lr=args.rate, weight_decay=0.01)
        rng = np.random.default_rng(0)
        torch.manual_seed(0)
        answers = gold["train"][queries]
        wrong = base_scores["train"][queries].copy()
        wrong[np.arange(len(queries)), answers] = -1
        hard = np.argsort(-wrong, axis=1)[:, :HARD_POOL]
        order = np.concatenate([rng.permutation(len(queries)) for _ in range(args.epochs)])
        for layer in layers:
            layer.train()
        for start in range(0, len(order), args.batch):
            batch = order[start : start + args.batch]
            negatives = hard[batch, rng.integers(HARD_POOL, size=len(batch))]
            claim_rows = text_rows["claims"][np.concatenate([answers[batch], negatives])]
            tweet = forward(layers, *states.batch(text_rows["train"][queries[batch]]))
            claim = forward(layers, *states.batch(claim_rows))
            title = forward(layers, *states.batch(text_rows["titles"][answers[batch]]))
            target = torch.arange(len(batch))
            loss = torch.nn.functional.cross_entropy(20.0 * tweet @ claim.T, target)
            loss = loss + torch.nn.functional.cross_entropy(20.0 * tweet @ title.T, target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        return layers

    folds = folds_by_claim(gold["train"], FOLDS)
    held = {"hybrid": np.zeros(len(folds)), "cosine": np.zeros(len(folds))}
    for fold in range(FOLDS):
        tuned = tune(np.flatnonzero(folds != fold))
        test = np.flatnonzero(folds == fold)
        claim_vectors, title_vectors = vectors(tuned, "claims"), vectors(tuned, "titles")
        tweets = vectors(tuned, "train", test)
        answers = gold["train"][test]
        scores = hybrid(tweets, claim_vectors, title_vectors, bm25["train"][test])
        held["hybrid"][test] = precision(ranks(scores, answers))
        held["cosine"][test] = precision(ranks(tweets @ claim_vectors.T, answers))
        log(f"fold {fold} done")
    as_is = precision(ranks(base_scores["train"], gold["train"]))
    cosine_as_is = precision(ranks(base["train"] @ base["claims"].T, gold["train"]))
    print(
        f"train, {FOLDS}-fold CV grouped by claim ({args.layers} layer(s), {args.epochs} epochs,"
        f" rate {args.rate}):\n"
        f"  hybrid MAP@5 {as_is.mean():.4f} -> {held['hybrid'].mean():.4f}:"
        f" {interval(held['hybrid'] - as_is)}\n"
        f"  claim cosine alone {cosine_as_is.mean():.4f} -> {held['cosine'].mean():.4f}"
    )
    tuned = tune(np.arange(len(folds)))
    claim_vectors, title_vectors = vectors(tuned, "claims"), vectors(tuned, "titles")
    seen = np.isin(gold["dev"], gold["train"])
    for split in ("train", "dev"):
        scores = hybrid(vectors(tuned, split), claim_vectors, title_vectors, bm25[split])
        rank = ranks(scores, gold[split])
        before = precision(ranks(base_scores[split], gold[split]))
        after = precision(rank)
        label = "in-sample" if split == "train" else "held out"
        print(
            f"{split} ({label}): hybrid MAP@5 {before.mean():.4f} -> {after.mean():.4f}"
            f" R@5 {(rank <= CUTOFF).mean():.4f}: {interval(after - before)}"
        )
        if split == "dev":
            for name, part in (("claim seen in train", seen), ("claim unseen", ~seen)):
                print(
                    f"  {name} ({part.sum()} tweets): {before[part].mean():.4f} ->"
                    f" {after[part].mean():.4f}"
                )


if __name__ == "__main__":
    main()
