"""Sparse nearest neighbours and average-linkage clustering on a sparse graph.

`compare` never builds a dense all-pairs matrix: each text's candidate neighbours come from
the postings of the terms it holds in the lexical index, leaving out terms so common that
their postings would make every text a candidate of every other (they still count in the
exact score of a candidate). Each text keeps its `k` best neighbours, scored exactly. With
embeddings, candidates also come from the cosine scores computed block by block.

Clustering then runs on that graph: two clusters are as close as the sum of the scores of
their pairs divided by the number of pairs, a pair missing from the graph counting as 0
(or as a fixed score given per pair kind, see `average_linkage`). When every pair with a
score above 0 is in the graph, the clusters are exactly those of dense average linkage.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from claimx.compare.similarity import LEXICAL_WEIGHT, FloatMatrix, LexicalIndex, terms

# A term in more texts than this share (and than COMMON_TERM_MIN texts) proposes no candidates.
COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN = 200
NEIGHBOURS = 100  # best neighbours kept per text
EMBEDDING_BLOCK = 256  # rows of cosine scores computed at once


@dataclass
class Graph:
    """A symmetric sparse similarity graph over `size` items: edges[i][j] == edges[j][i]."""

    size: int
    edges: list[dict[int, float]] = field(default_factory=list)
    # The TF-IDF cosine of each edge, where the edges' scores fuse it with embeddings (None
    # where they are that cosine already): the same-claim model was fitted on it alone.
    lexical: list[dict[int, float]] | None = None

    def __post_init__(self) -> None:
        if not self.edges:
            self.edges = [{} for _ in range(self.size)]

    def get(self, i: int, j: int) -> float:
        return self.edges[i].get(j, 0.0)

    def lexical_score(self, i: int, j: int) -> float:
        """The TF-IDF cosine of the pair (its edge's score in a graph of that cosine alone)."""
        if self.lexical is None:
            return self.get(i, j)
        return self.lexical[i].get(j, 0.0)

    def set(self, i: int, j: int, value: float) -> None:
        self.edges[i][j] = value
        self.edges[j][i] = value

    def map(self, score: Callable[[int, int, float], float]) -> Graph:
        """A graph with each edge rescored by score(i, j, value); self-edges kept as they are."""
        mapped = Graph(self.size)
        for i, row in enumerate(self.edges):
            for j, value in row.items():
                if j >= i:
                    mapped.set(i, j, value if i == j else score(i, j, value))
        return mapped

    @classmethod
    def from_dense(cls, similarity: FloatMatrix) -> Graph:
        """The non-zero cells of a square matrix (for tests and small inputs)."""
        graph = cls(len(similarity))
        rows, cols = np.nonzero(similarity)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            graph.edges[i][j] = float(similarity[i, j])
        return graph


@lru_cache(maxsize=200_000)
def term_tuple(text: str) -> tuple[str, ...]:
    """claimx.compare.similarity.terms, remembered: stories and claims read the same wordings."""
    return tuple(terms(text))


def lexical_neighbours(
    texts: Sequence[str], *, k: int = NEIGHBOURS, semantic: FloatMatrix | None = None
) -> Graph:
    """Each text's `k` most similar texts (and itself), by TF-IDF cosine, fused with the
    embedding cosine when `semantic` (unit rows, one per text) is given.

    Scores are summed term by term in float32, in the order LexicalIndex.scores sums them,
    so that where no term is left out they are the very scores of the dense matrix.
    """
    n = len(texts)
    graph = Graph(n)
    if n == 0:
        return graph
    index = LexicalIndex(texts, [Counter(term_tuple(t)) for t in texts])
    docs_of, values_of = index._docs, index._values
    common = max(COMMON_TERM_MIN, COMMON_TERM_SHARE * n)
    semantic_candidates = _semantic_candidates(semantic, k) if semantic is not None else None
    row = np.zeros(n, dtype=np.float32)
    rows: list[dict[int, float]] = [{} for _ in range(n)]
    lexical_rows: list[dict[int, float]] = [{} for _ in range(n)]
    for i, weights in enumerate(index.vectors):
        touched = [np.array([i], dtype=np.int64)]
        deferred = []
        for term, weight in weights.items():
            docs = docs_of[term]
            if len(docs) > common:
                deferred.append((term, weight))
                continue
            row[docs] += weight * values_of[term]
            touched.append(docs)
        if semantic_candidates is not None:
            touched.append(np.asarray(semantic_candidates[i], dtype=np.int64))
        candidates = np.unique(np.concatenate(touched))
        scores = row[candidates]
        row[candidates] = 0.0
        for term, weight in deferred:  # common terms count only for the candidates
            docs = docs_of[term]
            at = np.minimum(np.searchsorted(docs, candidates), len(docs) - 1)
            hit = docs[at] == candidates
            scores[hit] += weight * values_of[term][at[hit]]
        lexical = scores
        if semantic is not None:
            cosine = semantic[candidates] @ semantic[i]
            scores = (
                LEXICAL_WEIGHT * scores + (1 - LEXICAL_WEIGHT) * np.clip(cosine, 0.0, 1.0)
            ).astype(np.float32)
        keep = (scores > 0) | (candidates == i)
        candidates, scores, lexical = candidates[keep], scores[keep], lexical[keep]
        if len(candidates) > k + 1:
            # Best first, lower index first among equals (np.lexsort: last key is primary).
            best = np.lexsort((candidates, -scores))[: k + 1]
            candidates, scores, lexical = candidates[best], scores[best], lexical[best]
        rows[i] = dict(zip(candidates.tolist(), scores.tolist(), strict=True))
        lexical_rows[i] = dict(zip(candidates.tolist(), lexical.tolist(), strict=True))
    if semantic is not None:
        graph.lexical = [{} for _ in range(n)]
    for i, found in enumerate(rows):
        for j, value in found.items():
            graph.edges[i][j] = value
            if graph.lexical is not None:
                graph.lexical[i][j] = lexical_rows[i][j]
            if i not in rows[j]:
                graph.edges[j][i] = value
                if graph.lexical is not None:
                    graph.lexical[j][i] = lexical_rows[i][j]
    return graph


def _semantic_candidates(vectors: FloatMatrix, k: int) -> list[list[int]]:
    """The `k` nearest rows of each row by cosine, computed a block of rows at a time."""
    n = len(vectors)
    found: list[list[int]] = []
    keep = min(k + 1, n)
    for start in range(0, n, EMBEDDING_BLOCK):
        block = vectors[start : start + EMBEDDING_BLOCK] @ vectors.T
        top = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        found.extend(row.tolist() for row in top)
    return found


def average_linkage(
    graph: Graph,
    threshold: float,
    *,
    known: Sequence[bool] | None = None,
    default_unknown: float = 0.0,
) -> list[list[int]]:
    """Average-linkage clusters on a sparse graph: merge the closest pair of clusters while
    the mean score of their pairs is >= threshold; ties go to the lowest indices, as dense
    average linkage breaks them.

    A pair missing from the graph scores 0, or `default_unknown` when an item of it is not
    `known` (quotes of an unknown speaker); edges are then taken to hold the score without
    that default, which the mean adds back for every such pair.
    """
    n = graph.size
    flags = [True] * n if known is None else list(known)
    members: list[list[int]] = [[i] for i in range(n)]
    sizes = [1] * n
    known_sizes = [1 if f else 0 for f in flags]
    totals: list[dict[int, float]] = [
        {j: v for j, v in row.items() if j != i} for i, row in enumerate(graph.edges)
    ]
    version = [0] * n

    def mean(i: int, j: int) -> float:
        pairs = sizes[i] * sizes[j]
        unknown_pairs = pairs - known_sizes[i] * known_sizes[j]
        return (totals[i].get(j, 0.0) + default_unknown * unknown_pairs) / pairs

    heap: list[tuple[float, int, int, int, int]] = []
    for i in range(n):
        for j in totals[i]:
            if i < j:
                value = mean(i, j)
                if value >= threshold:
                    heap.append((-value, i, j, 0, 0))
    heapq.heapify(heap)
    while heap:
        _, i, j, vi, vj = heapq.heappop(heap)
        if vi != version[i] or vj != version[j] or not members[i] or not members[j]:
            continue
        # Merge j into i (i < j): only i's scores change, and j leaves.
        for other, value in totals[j].items():
            if other == i:
                continue
            totals[i][other] = totals[i].get(other, 0.0) + value
            totals[other][i] = totals[i][other]
            del totals[other][j]
        totals[i].pop(j, None)
        totals[j] = {}
        members[i] += members[j]
        members[j] = []
        sizes[i] += sizes[j]
        known_sizes[i] += known_sizes[j]
        version[i] += 1
        version[j] += 1
        for other in totals[i]:
            value = mean(i, other)
            if value >= threshold:
                a, b = (i, other) if i < other else (other, i)
                heapq.heappush(heap, (-value, a, b, version[a], version[b]))
    return sorted((sorted(m) for m in members if m), key=min)


def components(graph: Graph, threshold: float) -> list[list[int]]:
    """Connected components of the edges scoring >= threshold."""
    seen = [False] * graph.size
    found = []
    for root in range(graph.size):
        if seen[root]:
            continue
        stack, group = [root], []
        seen[root] = True
        while stack:
            node = stack.pop()
            group.append(node)
            for other, value in graph.edges[node].items():
                if not seen[other] and value >= threshold:
                    seen[other] = True
                    stack.append(other)
        found.append(sorted(group))
    return found
