"""Find the fact-checked claim for each tweet (CLEF CheckThat! 2020 task 2), as `claimx match` does.

    python benchmarks/claim_matching.py --data ../shared/data/checkthat2020-claim-retrieval
    python benchmarks/claim_matching.py --data ... --synthetic 100000   # index size and speed

The 10,375 verified claims (claim and title) become fact-checks, indexed with claimx's
MatchIndex, saved to a directory and loaded back memory-mapped, as `claimx index` and
`claimx match --against DIR` do. Each tweet is an article in which no claim was found, so it
is matched by its whole text, through `claimx.compare.factcheck_match.match_records`: the
real `match` path without the pipeline run. MAP@5 and recall@5 against the split's qrels, for
the lexical method (BM25 over claim and title) and, with the `embeddings` extra, the hybrid (BM25
fused with the cosines of the tweet with the claim and with the title: MiniLM's, and e5's too
with the `e5` extra; `--fusion minilm` measures MiniLM alone with it installed). The BM25
parameters and the hybrid weights were chosen on the train split: dev figures are held out.

With --synthetic N, N fact-checks are made up from the verified claims' words (seeded), and
the time to index them (lexical) and to match 1,000 tweets against them are measured; with
the extra, random unit vectors stand in for their embeddings to time hybrid queries.

With --build N, N made-up fact-checks, each with a made-up title (the claims' and the titles'
words reshuffled, lengths kept), are written to a JSON Lines file and indexed WITH their
embeddings as `claimx index FILE -o DIR` does (read, BM25, encoding, save; model loading
included), in a process of its own: its wall time and peak memory are reported.

    python benchmarks/claim_matching.py --data ... --build 10000 --fusion minilm
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from claimx.compare.factcheck_match import MatchOptions, build_index, match_records
from claimx.compare.factchecks import FactCheck
from claimx.compare.match_index import FUSIONS, MatchIndex, has_embeddings_extra, installed_fusion
from claimx.compare.similarity import EMBEDDING_SIZE
from claimx.nlp.spacy_import import import_spacy
from claimx.records import ArticleRecord, Source

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


def recall(ranked: Sequence[str], relevant: set[str]) -> float:
    return len(set(ranked[:CUTOFF]) & relevant) / len(relevant)


def tweet_records(rows: list[list[str]]) -> list[ArticleRecord]:
    """Tweets as records of articles with no claim found: matched by their whole text."""
    return [
        ArticleRecord(id=row[0], source=Source(path="tweets", format="jsonl"), text=row[1])
        for row in rows
    ]


def ranked_ids(
    index: MatchIndex, records: list[ArticleRecord], matcher: str
) -> dict[str, list[str]]:
    options = MatchOptions(k=CUTOFF, min_score=0.0, matcher=matcher)  # type: ignore[arg-type]
    return {
        line.article: [m.id for m in line.matches]
        for line in match_records(records, index, options)
    }


def evaluate(ranked: dict[str, list[str]], qrels: dict[str, set[str]]) -> tuple[float, float]:
    judged = [q for q in ranked if q in qrels]
    if not judged:
        return 0.0, 0.0
    ap = sum(average_precision(ranked[q], qrels[q]) for q in judged) / len(judged)
    rc = sum(recall(ranked[q], qrels[q]) for q in judged) / len(judged)
    return ap, rc


def synthetic(
    factchecks: list[FactCheck], size: int, seed: int = 13, *, titles: bool = False
) -> list[FactCheck]:
    """`size` made-up fact-checks: real claims' words reshuffled, lengths kept; with `titles`,
    a title each too, made the same way from the real titles (drawn after the claims, so the
    claims are those made without titles)."""
    rng = random.Random(seed)
    words = [w for f in factchecks for w in f.claim.split()]
    made = []
    for i in range(size):
        length = len(rng.choice(factchecks).claim.split())
        made.append(
            FactCheck(
                id=f"s{i}",
                claim=" ".join(rng.choice(words) for _ in range(length)),
                url=f"https://example.org/{i}",
                published=f"20{rng.randrange(10, 21)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
            )
        )
    if titles:
        headed = [f for f in factchecks if f.title]
        title_words = [w for f in headed for w in (f.title or "").split()]
        for i, factcheck in enumerate(made):
            length = len((rng.choice(headed).title or "").split())
            title = " ".join(rng.choice(title_words) for _ in range(length))
            made[i] = FactCheck(
                id=factcheck.id,
                claim=factcheck.claim,
                title=title,
                url=factcheck.url,
                published=factcheck.published,
            )
    return made


def _time_build(args: argparse.Namespace, factchecks: list[FactCheck], scratch: Path) -> None:
    """Index `args.build` made-up fact-checks with titles and embeddings, as `claimx index`
    does, in a process of its own; report its wall time and peak memory."""
    made = synthetic(factchecks, args.build, titles=True)
    collection = scratch / "build.jsonl"
    with collection.open("w", encoding="utf-8") as handle:
        for factcheck in made:
            handle.write(json.dumps(factcheck.to_json(), ensure_ascii=False) + "\n")
    texts = len({f.claim for f in made} | {f.title or f.claim for f in made})
    print(
        f"build: {len(made)} made-up fact-checks with titles ({texts} distinct texts), "
        f"fusion {args.fusion.name}"
    )
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        elapsed, stages, peak = pool.submit(
            _build_index, collection, scratch / "built", args.fusion.name
        ).result()
    for stage, seconds in stages.items():
        print(f"  {stage}: {seconds:.1f} s")
    per_text = elapsed / texts
    print(
        f"  index with embeddings built and saved in {elapsed:.1f} s "
        f"({1000 * per_text:.2f} ms a distinct text), peak memory {peak:.0f} MB"
    )
    if len(made) != 100_000:
        estimate = elapsed * 100_000 / len(made)
        print(f"  100,000 fact-checks, extrapolated linearly (not run): {estimate / 60:.1f} min")


def _build_index(
    collection: Path, directory: Path, fusion: str
) -> tuple[float, dict[str, float], float]:
    """`claimx index collection -o directory` with the fusion `fusion`: seconds in all,
    seconds in each encoding stage, this process's peak memory (MB)."""
    import_spacy()
    stages: dict[str, float] = {}
    current: list[object] = [None, 0.0]

    def told(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if current[0] != stage:
            current[:] = [stage, now]
        stages[stage] = now - float(current[1])  # type: ignore[arg-type]

    started = time.perf_counter()
    index = build_index(collection, "embeddings", progress=told, fusion=FUSIONS[fusion])
    index.save(directory)
    return time.perf_counter() - started, stages, _peak_mb()


def _score_splits(
    args: argparse.Namespace, factchecks: list[FactCheck], use_embeddings: bool, scratch: Path
) -> None:
    """MAP@5 and recall@5 of each split's tweets against the verified claims' index."""
    directory = args.index or scratch / "index"
    if (directory / "meta.json").exists():
        print(f"  reusing the index in {directory}")
    else:
        started = time.perf_counter()
        lexical_index = MatchIndex.build(factchecks)
        print(f"  lexical index of the claims: {time.perf_counter() - started:.1f} s")
        built = lexical_index
        if use_embeddings:
            started = time.perf_counter()
            built = MatchIndex.build(factchecks, embeddings=True, fusion=args.fusion)
            print(f"  index with embeddings: {time.perf_counter() - started:.1f} s")
        built.save(directory)
    index = MatchIndex.load(directory)
    methods = ["lexical"] + (["embeddings"] if use_embeddings else [])
    if use_embeddings and index.vectors is None:
        sys.exit(f"{directory} holds no embeddings: delete it or use --lexical-only")

    for split in args.splits:
        rows = read_tsv(args.data / split / "tweets.queries.tsv")
        qrels = read_qrels(args.data / split / "tweet-vclaim-pairs.qrels")
        records = tweet_records(rows)
        print(f"{split}: {len(records)} tweets")
        for method in methods:
            started = time.perf_counter()
            ranked = ranked_ids(index, records, method)
            elapsed = time.perf_counter() - started
            ap, rc = evaluate(ranked, qrels)
            name = "hybrid" if method == "embeddings" else method
            print(
                f"  {split} {name}: MAP@{CUTOFF} {ap:.4f}  recall@{CUTOFF} {rc:.4f}"
                f"  ({elapsed:.1f} s)"
            )
    index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the checkthat2020 folder")
    parser.add_argument("--splits", nargs="+", default=["dev"], help="train, dev, test...")
    parser.add_argument("--lexical-only", action="store_true", help="skip the embeddings")
    parser.add_argument(
        "--index", type=Path, help="keep the index here (reused if present): saves the embeddings"
    )
    parser.add_argument("--synthetic", type=int, default=0, help="also time N made-up checks")
    parser.add_argument(
        "--synthetic-only",
        action="store_true",
        help="time the N made-up checks only (no CheckThat! index: encoding it takes minutes)",
    )
    parser.add_argument(
        "--build",
        type=int,
        default=0,
        help="time indexing N made-up fact-checks with titles and embeddings (only that)",
    )
    parser.add_argument(
        "--fusion",
        choices=sorted(FUSIONS),
        help="which encoders the hybrid fuses (default: all installed)",
    )
    args = parser.parse_args()
    args.fusion = FUSIONS[args.fusion] if args.fusion else installed_fusion()
    import_spacy()  # as the CLI does: PyTorch is loaded only when embeddings are used

    claims = read_tsv(args.data / "verified_claims.docs.tsv")
    factchecks = [FactCheck(id=row[0], claim=row[1], title=row[2] or None) for row in claims]
    use_embeddings = has_embeddings_extra() and not args.lexical_only
    fusion = args.fusion.name if use_embeddings else "no"
    print(f"{len(factchecks)} verified claims; embeddings: {fusion}")
    methods = ["lexical"] + (["embeddings"] if use_embeddings else [])

    if args.build:
        if not use_embeddings:
            sys.exit("--build times an index with embeddings: install claimx[embeddings]")
        with tempfile.TemporaryDirectory() as scratch:
            _time_build(args, factchecks, Path(scratch))
        return

    with tempfile.TemporaryDirectory() as scratch:
        if not args.synthetic_only:
            _score_splits(args, factchecks, use_embeddings, Path(scratch))
        if args.synthetic:
            made = synthetic(factchecks, args.synthetic)
            started = time.perf_counter()
            big = MatchIndex.build(made)
            big.save(Path(scratch) / "synthetic")
            print(
                f"synthetic: {len(made)} fact-checks indexed (lexical) and saved in "
                f"{time.perf_counter() - started:.1f} s"
            )
            if use_embeddings:
                # Encoding 100,000 texts takes long on two cores (see the timing above for
                # 10,375); random unit vectors stand in for them to time the query side.
                rng = np.random.default_rng(13)
                vectors = rng.standard_normal((len(made), EMBEDDING_SIZE), dtype=np.float32)
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                big.fusion = args.fusion
                big.vectors = {c.name: vectors.astype(np.float16) for c in big.fusion.channels}
                big.save(Path(scratch) / "synthetic")
                print(f"  with random vectors for the fusion {big.fusion.name}")
            del big, made
            rows = (read_tsv(args.data / "train" / "tweets.queries.tsv") * 2)[:1000]
            # Matching runs in a process of its own, as `claimx match --against DIR` would:
            # its peak memory is the matching's, not that of building 100k fact-checks here.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
                timings, peak = pool.submit(
                    _time_queries, Path(scratch) / "synthetic", rows, methods
                ).result()
            for method, elapsed in timings.items():
                print(f"  1,000 tweets matched ({method}): {elapsed:.1f} s")
            print(f"peak memory of the matching process: {peak:.0f} MB")
            built_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak memory of this process (building included): {built_peak:.0f} MB")


def _time_queries(
    directory: Path, rows: list[list[str]], methods: list[str]
) -> tuple[dict[str, float], float]:
    """Seconds to match the tweets of `rows` by each method against the index saved in
    `directory`, loaded as `claimx match` loads it; and this process's peak memory (MB)."""
    import_spacy()
    loaded = MatchIndex.load(directory)
    timings = {}
    for method in methods:
        started = time.perf_counter()
        ranked_ids(loaded, tweet_records(rows), method)
        timings[method] = time.perf_counter() - started
    loaded.close()
    return timings, _peak_mb()


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the program the process
    runs now; ru_maxrss also counts the parent's memory at the fork before it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
