"""Rank fact-checked claims for each tweet (CLEF CheckThat! 2020 task 2) and score MAP@5.

    python benchmarks/claim_matching.py --data ../shared/data/checkthat2020-claim-retrieval

For every tweet of each split asked for, all verified claims (claim and title, as one text)
are ranked by claimx's similarity; MAP@5 is computed against the split's qrels. The lexical
method always runs; with the `embeddings` extra installed, the embeddings alone and the
hybrid (what `claimx compare` uses) run too. Ties keep the collection's order.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from claimx.matching import FloatMatrix, LexicalIndex, embed, embeddings_available, fuse

CUTOFF = 5


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file with a header line, which is dropped."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))[1:]


def read_qrels(path: Path) -> dict[str, set[str]]:
    """TREC qrels: `query 0 document relevance` lines, relevant documents per query."""
    relevant: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] != "0":
            relevant.setdefault(fields[0], set()).add(fields[2])
    return relevant


def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    hits = 0
    total = 0.0
    for position, document in enumerate(ranked[:CUTOFF], start=1):
        if document in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), CUTOFF)


def mean_average_precision(
    scores: FloatMatrix,
    query_ids: Sequence[str],
    document_ids: Sequence[str],
    qrels: dict[str, set[str]],
) -> float:
    """MAP@5 over the queries that have qrels; a stable sort keeps ties in collection order."""
    total = 0.0
    judged = 0
    for row, query in enumerate(query_ids):
        if query not in qrels:
            continue
        top = np.argsort(-scores[row], kind="stable")[:CUTOFF]
        total += average_precision([document_ids[i] for i in top], qrels[query])
        judged += 1
    return total / judged if judged else 0.0


def timed(
    label: str, work: Callable[[Sequence[str]], FloatMatrix], texts: Sequence[str]
) -> FloatMatrix:
    started = time.perf_counter()
    result = work(texts)
    print(f"  {label}: {time.perf_counter() - started:.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--splits", nargs="+", default=["dev"], help="train, dev, test...")
    parser.add_argument("--lexical-only", action="store_true", help="skip the embeddings")
    args = parser.parse_args()

    claims = read_tsv(args.data / "verified_claims.docs.tsv")
    document_ids = [row[0] for row in claims]
    documents = [" ".join(row[1:3]) for row in claims]
    use_embeddings = embeddings_available() and not args.lexical_only
    print(f"{len(documents)} verified claims; embeddings: {'yes' if use_embeddings else 'no'}")

    print("timings:")
    started = time.perf_counter()
    index = LexicalIndex(documents)
    print(f"  lexical index of the claims: {time.perf_counter() - started:.1f} s")
    document_vectors = None
    if use_embeddings:
        document_vectors = timed("embeddings of the claims", embed, documents)

    for split in args.splits:
        queries = read_tsv(args.data / split / "tweets.queries.tsv")
        qrels = read_qrels(args.data / split / "tweet-vclaim-pairs.qrels")
        query_ids = [row[0] for row in queries]
        texts = [row[1] for row in queries]
        print(f"{split}: {len(texts)} tweets")
        results = {"lexical": timed("lexical scores", index.scores, texts)}
        if document_vectors is not None:
            vectors = timed("embeddings of the tweets", embed, texts)
            semantic = vectors @ document_vectors.T
            results["embeddings"] = semantic
            results["hybrid"] = fuse(results["lexical"], semantic)
        for method, scores in results.items():
            score = mean_average_precision(scores, query_ids, document_ids, qrels)
            print(f"  {split} MAP@{CUTOFF} {method}: {score:.4f}")


if __name__ == "__main__":
    main()
