"""Check-worthiness: how likely a sentence is a factual claim worth checking, in [0, 1].

A logistic regression over two blocks of hashed, TF-IDF weighted features of the parsed
sentence, each L2-normalised on its own: lowercased words and word bigrams, fine-grained POS tag
uni- to trigrams and entity labels; and the character 2- to 5-grams of its lowercased text
(hashed by numpy, a few array operations a sentence). The tags and entities come free from the
spaCy pipeline that already ran, so scoring costs a few hashes and dot products per sentence.
A second stage (`checkworthiness_dense.DenseHead`) reads that score beside counts of what the
sentence names (and, if trained with them, its pooled token vectors), and turns the result into a
calibrated probability.
`benchmarks/train_checkworthiness.py` trains both on ClaimBuster and writes the weights and the
decision threshold into `models/checkworthiness/`.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc, Span

from claimx.nlp.checkworthiness.dense import DenseHead, dense_features
from claimx.nlp.doc_text import span_text
from claimx.package_data import MODELS_DIR

MODEL_DIR = MODELS_DIR / "checkworthiness"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"

# 2**20 buckets keep hash collisions rare among the ~100k distinct training features;
# only the buckets seen in training are stored, so the size on disk does not depend on it.
N_BUCKETS = 1 << 20
Array32 = npt.NDArray[np.float32]
# Character n-grams of these lengths; spelling, digits and punctuation ("9/11", "%", "$4")
# that whole words miss.
CHAR_NGRAMS = range(2, 6)
_FNV_OFFSET = np.uint64(14695981039346656037)
_FNV_PRIME = np.uint64(1099511628211)


class DocTokens:
    """What `sentence_features` reads of each token of a Doc, read once for the whole Doc with
    `Doc.to_array`: a document's sentences then cost list slices, not a Token object and
    string lookups per token and attribute."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        space, lower, tag, iob, label = doc.to_array([IS_SPACE, LOWER, TAG, ENT_IOB, ENT_TYPE]).T
        kept = (space == 0).tolist()
        # Non-space tokens before each token: a span's own are kept[start:end] of these.
        self._before = [0, *accumulate(kept)]
        names: dict[int, str] = {}

        def name(key: int) -> str:
            found = names.get(key)
            if found is None:
                found = names[key] = strings[key]
            return found

        rows = zip(kept, lower.tolist(), tag.tolist(), iob.tolist(), label.tolist(), strict=True)
        self.words: list[str] = []
        self.tags: list[str] = []
        self.entities: list[str | None] = []
        for is_kept, word, tag_key, iob_code, label_key in rows:
            if is_kept:
                self.words.append(name(word))
                self.tags.append(name(tag_key))
                # ENT_IOB 3 is "B": an entity starts here.
                self.entities.append(name(label_key) if iob_code == 3 else None)

    def kept(self, start: int, end: int) -> tuple[int, int]:
        """The range of the non-space tokens among tokens start..end-1."""
        return self._before[start], self._before[end]


def sentence_features(span: Span | Doc, tokens: DocTokens | None = None) -> list[str]:
    """The features of one parsed sentence: words, word bigrams, tag n-grams, entity labels.
    `tokens`: its Doc's, when the caller has them."""
    doc = span if isinstance(span, Doc) else span.doc
    tokens = DocTokens(doc) if tokens is None else tokens
    first, last = (
        tokens.kept(0, len(doc)) if isinstance(span, Doc) else tokens.kept(span.start, span.end)
    )
    words = tokens.words[first:last]
    tags = ["<s>", *tokens.tags[first:last], "</s>"]
    features = [f"w:{w}" for w in words]
    features += [f"w2:{a} {b}" for a, b in pairwise(words)]
    features += [f"t:{t}" for t in tags]
    features += [f"t2:{a} {b}" for a, b in pairwise(tags)]
    features += [f"t3:{a} {b} {c}" for a, b, c in zip(tags, tags[1:], tags[2:], strict=False)]
    # Entities starting inside the span; cheaper than `span.ents`, which walks the whole Doc.
    features += [f"e:{e}" for e in tokens.entities[first:last] if e is not None]
    return features


def feature_buckets(features: Iterable[str]) -> npt.NDArray[np.int64]:
    """The hash bucket of each feature; crc32 is stable across processes, unlike `hash`."""
    hashes = np.fromiter((zlib.crc32(f.encode("utf-8")) for f in features), dtype=np.int64)
    return hashes % N_BUCKETS


def char_ngram_buckets(text: str) -> npt.NDArray[np.int64]:
    """The hash bucket of each character 2- to 5-gram of the lowercased text, whitespace runs
    collapsed to one space and a space at each end (so a word's first and last letters count).

    FNV-1a over code points, vectorised over positions: the hashes of the n-grams of one length
    extend those one shorter by a character, so each length costs one array pass; the same
    buckets in every process.
    """
    padded = " " + " ".join(text.lower().split()) + " "
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts = []
    with np.errstate(over="ignore"):
        hashes = (np.full(len(codes), _FNV_OFFSET, dtype=np.uint64) ^ codes) * _FNV_PRIME
        for n in range(2, CHAR_NGRAMS.stop):
            count = len(codes) - n + 1
            if count <= 0:
                break
            hashes = (hashes[:count] ^ codes[n - 1 : n - 1 + count]) * _FNV_PRIME
            if n in CHAR_NGRAMS:
                parts.append(hashes ^ (hashes >> np.uint64(29)))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return (np.concatenate(parts) % np.uint64(N_BUCKETS)).astype(np.int64)


def tfidf_rows(
    rows: Sequence[npt.NDArray[np.int64]], idf: npt.NDArray[np.float32]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Sublinear TF times IDF, L2-normalised per row, as (row, bucket, value) triples.

    Buckets unseen in training have IDF 0 and drop out, as unknown words do in a vocabulary.
    All rows are done at once, so a document's sentences cost a few numpy calls.
    """
    lengths = [len(r) for r in rows]
    owners = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    buckets = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    keys, counts = np.unique(owners * N_BUCKETS + buckets, return_counts=True)
    row, bucket = np.divmod(keys, N_BUCKETS)
    values = (1.0 + np.log(counts)) * idf[bucket]
    norms = np.sqrt(np.bincount(row, weights=values * values, minlength=len(rows)))
    values = np.divide(values, norms[row], out=np.zeros_like(values), where=norms[row] > 0)
    keep = values != 0
    return row[keep], bucket[keep], values[keep]


@dataclass(frozen=True)
class Rows:
    """The hashed features of some sentences: word/tag/entity buckets and character n-gram
    buckets, one array per sentence in each."""

    words: Sequence[npt.NDArray[np.int64]]
    chars: Sequence[npt.NDArray[np.int64]]

    @classmethod
    def of(cls, spans: Sequence[Span | Doc]) -> Rows:
        # A Doc's tokens are read once for all its sentences.
        tokens: dict[int, DocTokens] = {}
        words = []
        for span in spans:
            doc = span if isinstance(span, Doc) else span.doc
            if id(doc) not in tokens:
                tokens[id(doc)] = DocTokens(doc)
            words.append(feature_buckets(sentence_features(span, tokens[id(doc)])))
        return cls(words, [char_ngram_buckets(span_text(span)) for span in spans])

    def subset(self, indices: Sequence[int]) -> Rows:
        return Rows([self.words[i] for i in indices], [self.chars[i] for i in indices])

    def __len__(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class CheckworthinessModel:
    """Per-bucket IDF and weights (0 for buckets unseen in training), bias and threshold.

    `idf` and `weights` are the word block's; `char_idf` and `char_weights` the character
    n-gram block's (None: a model of words alone). With a `dense` head, the word model's logit
    is its input and the head's calibrated probability the score; without one, the word
    model's own probability is.
    """

    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]
    bias: float
    threshold: float
    dense: DenseHead | None = None
    char_idf: npt.NDArray[np.float32] | None = None
    char_weights: npt.NDArray[np.float32] | None = None

    def logits(self, rows: Rows) -> npt.NDArray[np.float64]:
        """The word model's raw score for each sentence's feature buckets."""
        count = len(rows)
        row, bucket, values = tfidf_rows(rows.words, self.idf)
        weighted = values * self.weights[bucket]
        logits = self.bias + np.bincount(row, weights=weighted, minlength=count)
        if self.char_idf is not None and self.char_weights is not None:
            row, bucket, values = tfidf_rows(rows.chars, self.char_idf)
            logits += np.bincount(row, weights=values * self.char_weights[bucket], minlength=count)
        return np.asarray(logits, dtype=np.float64)

    def probabilities(self, rows: Rows) -> npt.NDArray[np.float64]:
        """The word model's probability of the positive class for each sentence."""
        probabilities: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-self.logits(rows)))
        return probabilities

    def word_scores(self, spans: Sequence[Span | Doc]) -> list[float]:
        """The word model's probability for each parsed sentence, without the dense head."""
        return [float(p) for p in self.probabilities(Rows.of(spans))]

    def score(self, spans: Sequence[Span | Doc]) -> list[float]:
        """The probability that each parsed sentence is a check-worthy claim."""
        if self.dense is None:
            return self.word_scores(spans)
        dense, present = dense_features(spans, self.dense.width)
        return [float(p) for p in self.dense_scores(Rows.of(spans), dense, present)]

    def dense_scores(
        self,
        rows: Rows,
        dense: npt.NDArray[np.float64],
        present: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.float64]:
        """The dense head's probabilities from features computed beforehand."""
        if self.dense is None:
            return self.probabilities(rows)
        return self.dense.probabilities(self.logits(rows), dense, present)

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        """Write the model (compressed, trained buckets only) and its metadata."""
        directory.mkdir(parents=True, exist_ok=True)
        (buckets,) = np.nonzero(self.idf)
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "buckets": buckets.astype(np.int32),
            "idf": self.idf[buckets].astype(np.float32),
            "weights": self.weights[buckets].astype(np.float32),
            "bias": np.array([self.bias], dtype=np.float64),
        }
        if self.char_idf is not None and self.char_weights is not None:
            (chars,) = np.nonzero(self.char_idf)
            arrays["char_buckets"] = chars.astype(np.int32)
            arrays["char_idf"] = self.char_idf[chars].astype(np.float32)
            arrays["char_weights"] = self.char_weights[chars].astype(np.float32)
        if self.dense is not None:
            arrays.update(self.dense.arrays())
        np.savez_compressed(directory / WEIGHTS_FILE, allow_pickle=False, **arrays)
        meta = {**meta, "threshold": self.threshold, "n_buckets": N_BUCKETS}
        (directory / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> CheckworthinessModel:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))

        def spread(buckets: npt.NDArray[np.int32], values: npt.NDArray[np.float32]) -> Array32:
            full = np.zeros(N_BUCKETS, dtype=np.float32)
            full[buckets] = values
            return full

        char_idf = char_weights = None
        with np.load(directory / WEIGHTS_FILE) as arrays:
            idf = spread(arrays["buckets"], arrays["idf"])
            weights = spread(arrays["buckets"], arrays["weights"])
            bias = float(arrays["bias"][0])
            if "char_buckets" in arrays.files:
                char_idf = spread(arrays["char_buckets"], arrays["char_idf"])
                char_weights = spread(arrays["char_buckets"], arrays["char_weights"])
            dense = DenseHead.from_arrays(dict(arrays)) if "dense_weights" in arrays.files else None
        return cls(
            idf=idf,
            weights=weights,
            bias=bias,
            threshold=float(meta["threshold"]),
            dense=dense,
            char_idf=char_idf,
            char_weights=char_weights,
        )


@cache
def shipped_model() -> CheckworthinessModel:
    """The model in the package, loaded once per process on first use."""
    return CheckworthinessModel.load(MODEL_DIR)
