"""Check-worthiness: how likely a sentence is a factual claim worth checking, in [0, 1].

A logistic regression over hashed, TF-IDF weighted features of the parsed sentence: lowercased
words and word bigrams, fine-grained POS tag uni- to trigrams, and entity labels. The tags and
entities come free from the spaCy pipeline that already ran, so scoring costs a few hashes and
a dot product per sentence. `benchmarks/train_checkworthiness.py` trains it on ClaimBuster and
writes the weights and the decision threshold into `models/checkworthiness/`.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

MODEL_DIR = Path(__file__).parent / "models" / "checkworthiness"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"

# 2**20 buckets keep hash collisions rare among the ~100k distinct training features;
# only the buckets seen in training are stored, so the size on disk does not depend on it.
N_BUCKETS = 1 << 20


def sentence_features(span: Span | Doc) -> list[str]:
    """The features of one parsed sentence: words, word bigrams, tag n-grams, entity labels."""
    tokens = [t for t in span if not t.is_space]
    words = [t.lower_ for t in tokens]
    tags = ["<s>", *(t.tag_ for t in tokens), "</s>"]
    features = [f"w:{w}" for w in words]
    features += [f"w2:{a} {b}" for a, b in pairwise(words)]
    features += [f"t:{t}" for t in tags]
    features += [f"t2:{a} {b}" for a, b in pairwise(tags)]
    features += [f"t3:{a} {b} {c}" for a, b, c in zip(tags, tags[1:], tags[2:], strict=False)]
    features += [f"e:{ent.label_}" for ent in span.ents]
    return features


def hashed_counts(features: Iterable[str]) -> Counter[int]:
    """Feature counts by bucket; crc32 is stable across processes, unlike `hash`."""
    return Counter(zlib.crc32(f.encode("utf-8")) % N_BUCKETS for f in features)


def tfidf_vector(counts: Counter[int], idf: dict[int, float]) -> dict[int, float]:
    """Sublinear TF times IDF, L2-normalised; buckets unseen in training are dropped."""
    values = {b: (1.0 + math.log(n)) * idf[b] for b, n in counts.items() if b in idf}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {b: v / norm for b, v in values.items()} if norm else {}


@dataclass(frozen=True)
class CheckworthinessModel:
    """Weights over the buckets seen in training, their IDF, and the claim threshold."""

    idf: dict[int, float]
    weights: dict[int, float]
    bias: float
    threshold: float

    def score(self, spans: Sequence[Span | Doc]) -> list[float]:
        """The probability that each parsed sentence is a check-worthy claim."""
        scores = []
        for span in spans:
            vector = tfidf_vector(hashed_counts(sentence_features(span)), self.idf)
            logit = self.bias + sum(self.weights.get(b, 0.0) * v for b, v in vector.items())
            scores.append(1.0 / (1.0 + math.exp(-logit)))
        return scores

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        """Write the model (compressed, only trained buckets) and its metadata."""
        directory.mkdir(parents=True, exist_ok=True)
        buckets = sorted(self.idf)
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            buckets=np.array(buckets, dtype=np.int32),
            idf=np.array([self.idf[b] for b in buckets], dtype=np.float32),
            weights=np.array([self.weights.get(b, 0.0) for b in buckets], dtype=np.float32),
            bias=np.array([self.bias], dtype=np.float64),
        )
        meta = {**meta, "threshold": self.threshold, "n_buckets": N_BUCKETS}
        (directory / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> CheckworthinessModel:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE) as arrays:
            buckets = arrays["buckets"].tolist()
            idf = dict(zip(buckets, arrays["idf"].tolist(), strict=True))
            weights = dict(zip(buckets, arrays["weights"].tolist(), strict=True))
            bias = float(arrays["bias"][0])
        return cls(idf=idf, weights=weights, bias=bias, threshold=float(meta["threshold"]))


@cache
def shipped_model() -> CheckworthinessModel:
    """The model in the package, loaded once per process on first use."""
    return CheckworthinessModel.load(MODEL_DIR)
