"""How alike two claims are: a lexical method always, sentence embeddings when installed.

The lexical method is TF-IDF over stemmed words, with the normalisation news
text needs (links, hashtags, numbers written many ways); it needs only numpy. With the
`embeddings` extra installed (the all-MiniLM-L6-v2 model, shipped inside a PyPI package and
loaded offline), the hybrid method fuses both scores, which catches paraphrases that share
few words as well as rare names and numbers that embeddings blur.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
import snowballstemmer  # type: ignore[import-untyped]

from claimx.compare.stop_words import STOP_WORDS
from claimx.nlp.minilm import SentenceEncoder, load_sentence_encoder, minilm_available

Matcher = Literal["auto", "lexical", "embeddings"]
Method = Literal["lexical", "embeddings"]
FloatMatrix = npt.NDArray[np.float32]

EMBEDDING_SIZE = 384
# Texts per forward pass: small batches pad less (texts are sorted by length within the call);
# 16 encoded 300 CheckThat! tweets in 2.4 s against 3.1 s with 64 (2 cores).
ENCODE_BATCH = 16
# Padded word pieces per forward pass when indexing fact-checks (`embed(..., bulk=True)`),
# texts batched by length: about 100 claims or titles a pass. OpenVINO runs two passes at once,
# one a core: 30,000 made-up claims and titles, 2 quiet cores, two rounds each, 2,048 pieces
# 808-865 texts a second, 1,024 826-840, 4,096 778-794. A budget of pieces rather than of texts
# bounds the memory of a batch of long texts. (PyTorch, without OpenVINO, did best at 4,096:
# fewer per-layer synchronisations of its two threads.)
BULK_TOKENS = 2048
# Texts encoded between two reports of progress (a whole number of batches): about 10 s of
# MiniLM on two cores, 40 s of e5; and about 10 s of MiniLM's bulk encoding, whose two
# streams each call ends one batch alone (on 1,024 texts a call, about a tenth of the time).
PROGRESS_CHUNK = 64 * ENCODE_BATCH
BULK_PROGRESS_CHUNK = 8 * PROGRESS_CHUNK
# Told after each chunk: texts encoded so far, texts in all.
EncodingProgress = Callable[[int, int], None]
# Weight of the lexical score in the hybrid: embeddings carry paraphrase, words carry names
# and numbers. Chosen on CheckThat! 2020 train (0.4: 0.917, 0.5: 0.918, 0.6: 0.919 MAP@5).
LEXICAL_WEIGHT = 0.5

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
# British -ise spellings to -ize, so 'normalisation' meets 'normalization' at one stem.
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)\b")
_PERCENT = re.compile(r"%|\bper ?cent\b", re.IGNORECASE)
_QUOTE_MARKS = str.maketrans(dict.fromkeys("‘’‚‛“”„‟«»`'", '"'))
_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: 'signed', 'signing', 'signs' all give 'sign'."""
    return str(_STEMMER.stemWord(word))


def normalise(text: str) -> str:
    """Text as the lexical method reads it: no links, hashtags split, plain numbers, -ize."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    text = _THOUSANDS.sub("", text)
    text = _PERCENT.sub(" percent ", text)
    return _BRITISH.sub(r"iz\1", text.lower())


def terms(text: str) -> list[str]:
    """The indexing terms of a text: stemmed content words.

    Word pairs were tried too: they lowered MAP@5 of the lexical method on CheckThat! train
    (0.825 against 0.853), as paraphrases reorder words.
    """
    return [stem(w) for w in _WORD.findall(normalise(text)) if w not in STOP_WORDS]


class LexicalIndex:
    """TF-IDF vectors (sublinear term frequency, unit length) of a fixed set of texts."""

    def __init__(self, texts: Sequence[str], counts: Sequence[Counter[str]] | None = None) -> None:
        counts = list(counts) if counts is not None else [Counter(terms(t)) for t in texts]
        document_frequency: Counter[str] = Counter()
        for c in counts:
            document_frequency.update(c.keys())
        n = len(texts)
        self.vocabulary = {term: i for i, term in enumerate(document_frequency)}
        self.idf = np.array(
            [math.log((1 + n) / (1 + document_frequency[t])) + 1 for t in self.vocabulary],
            dtype=np.float32,
        )
        self.size = n
        self.texts = list(texts)
        # Inverted index: for each term, the texts holding it and their weights.
        postings: list[list[tuple[int, float]]] = [[] for _ in self.vocabulary]
        self.vectors = [self._weights(c) for c in counts]  # each text's weights, by term
        for doc, vector in enumerate(self.vectors):
            for term, weight in vector.items():
                postings[term].append((doc, weight))
        self._docs = [np.array([d for d, _ in p], dtype=np.int64) for p in postings]
        self._values = [np.array([w for _, w in p], dtype=np.float32) for p in postings]

    def _weights(self, c: Counter[str]) -> dict[int, float]:
        known = {self.vocabulary[t]: 1 + math.log(f) for t, f in c.items() if t in self.vocabulary}
        weighted = {i: tf * float(self.idf[i]) for i, tf in known.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {i: w / norm for i, w in weighted.items()}

    def scores(self, queries: Sequence[str]) -> FloatMatrix:
        """Cosine similarity of each query (rows) to each indexed text (columns)."""
        result = np.zeros((len(queries), self.size), dtype=np.float32)
        for row, query in enumerate(queries):
            for term, weight in self._weights(Counter(terms(query))).items():
                result[row, self._docs[term]] += weight * self._values[term]
        return result


def embeddings_available() -> bool:
    """Whether the optional embedding model is installed."""
    return minilm_available()


def resolve_matcher(matcher: Matcher) -> Method:
    """`auto` means embeddings when the extra is installed, else lexical."""
    if matcher == "auto":
        return "embeddings" if embeddings_available() else "lexical"
    return matcher


@cache
def _embedding_model() -> SentenceEncoder:
    return load_sentence_encoder("matching by embeddings")


def _plain_quotes(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


def embed(
    texts: Sequence[str],
    encoder: Callable[[Sequence[str]], FloatMatrix] | None = None,
    progress: EncodingProgress | None = None,
    *,
    bulk: bool = False,
) -> FloatMatrix:
    """Unit-length sentence embeddings, one row per text: MiniLM's, or `encoder`'s.

    Texts are encoded once each after links and quote-mark variants are normalised, so
    copies of a text get exactly equal vectors and tie instead of ranking by float noise.
    With `progress`, they are encoded a chunk at a time, longest first, and each chunk told.
    `bulk` (many texts: an index) runs MiniLM in its faster bulk mode, whose vectors agree
    with the default's to a cosine of 0.9999.
    """
    cleaned = [_plain_quotes(_URL.sub(" ", t)) for t in texts]
    unique = sorted(set(cleaned))
    if not unique:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    encode = encoder or (_encode_minilm_bulk if bulk else _encode_minilm)
    if progress is None:
        vectors = encode(unique)
    else:
        size = BULK_PROGRESS_CHUNK if encode is _encode_minilm_bulk else PROGRESS_CHUNK
        vectors = _encode_in_chunks(encode, unique, progress, size)
    if unique == cleaned:  # distinct and sorted (an index's texts): no copy of all vectors
        return vectors
    row = {text: i for i, text in enumerate(unique)}
    return vectors[[row[t] for t in cleaned]]


def _encode_minilm(texts: Sequence[str]) -> FloatMatrix:
    return _embedding_model().encode(texts, batch_size=ENCODE_BATCH)


def _encode_minilm_bulk(texts: Sequence[str]) -> FloatMatrix:
    return _embedding_model().encode_bulk(texts, max_tokens=BULK_TOKENS)


def _encode_in_chunks(
    encode: Callable[[Sequence[str]], FloatMatrix],
    texts: Sequence[str],
    progress: EncodingProgress,
    size: int,
) -> FloatMatrix:
    # Longest first across chunks too, so that each batch pads as little as in one call.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    progress(0, len(texts))
    # Each chunk's vectors go straight to their rows: no second copy of them all (for an
    # index of 200,000 texts, 300 MB).
    vectors: FloatMatrix | None = None
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        part = encode([texts[i] for i in chunk])
        if vectors is None:
            vectors = np.empty_like(part, shape=(len(texts), part.shape[1]))
        vectors[chunk] = part
        progress(start + len(chunk), len(texts))
    assert vectors is not None, "no texts to encode"
    return vectors


class Similarity:
    """Scores texts against a fixed collection, by the lexical or the hybrid method."""

    def __init__(self, documents: Sequence[str], method: Method) -> None:
        self.method = method
        self._lexical = LexicalIndex(documents)
        self._vectors = embed(documents) if method == "embeddings" else None

    def scores(self, queries: Sequence[str]) -> FloatMatrix:
        """Similarity in [0, 1] of each query (rows) to each document (columns)."""
        lexical = self._lexical.scores(queries)
        if self._vectors is None:
            return lexical
        semantic = embed(queries) @ self._vectors.T
        return fuse(lexical, semantic)

    def among_documents(self) -> FloatMatrix:
        """The documents' similarity to one another, without encoding them again."""
        lexical = self._lexical.scores(self._lexical.texts)
        if self._vectors is None:
            return lexical
        return fuse(lexical, self._vectors @ self._vectors.T)


def fuse(lexical: FloatMatrix, semantic: FloatMatrix) -> FloatMatrix:
    """The hybrid score: a weighted mean of the lexical and the (non-negative) cosine scores."""
    fused = LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * np.clip(semantic, 0.0, 1.0)
    return fused.astype(np.float32)
