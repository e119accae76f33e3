"""How `claimx compare` scales with the number of articles: time, peak memory, findings.

    python benchmarks/compare_scale.py --records records.jsonl --sizes 100,200,400,800 \
        [--matcher embeddings]

RECORDS is `claimx extract` output (JSON Lines). For each size, the first N records are
compared in a fresh process (so that each peak memory is its own): reading them back, grouping
stories, claims, quotes and conflicts, as `claimx compare records.jsonl` does. Prints one line
per size, then the time per article of the largest size against the smallest.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimx.compare.similarity import Matcher
from claimx.records import ArticleRecord


def with_published(records: list[ArticleRecord], articles: Path) -> list[ArticleRecord]:
    """Records given the `publication_date` of the JSON Lines articles they were read from
    (by line): for records extracted before claimx read PolNeAR's `publication_date` itself."""
    dates = {}
    with articles.open(encoding="utf-8") as source:
        for number, line in enumerate(source, start=1):
            dates[number] = json.loads(line).get("publication_date")
    return [
        r.model_copy(update={"published": r.published or dates.get(r.source.line or 0)})
        for r in records
    ]


def _one(records: Path, size: int, stories: bool, articles: Path | None, matcher: Matcher) -> None:
    from claimx.compare.comparison import CompareOptions, compare
    from claimx.read.record_files import read_record_file

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        part = Path(folder) / "records.jsonl"
        with records.open(encoding="utf-8") as source:
            lines = [line for _, line in zip(range(size), source, strict=False)]
        part.write_text("".join(lines), "utf-8")
        read = read_record_file(part) or []
    if articles is not None:
        read = with_published(read, articles)
    comparison = compare(read, CompareOptions(matcher=matcher, stories=stories))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    print(
        json.dumps(
            {
                "articles": len(read),
                "seconds": round(seconds, 2),
                "peak_gb": round(peak, 3),
                "stories": len(comparison.stories),
                "stories_of_2+": sum(len(s.articles) > 1 for s in comparison.stories),
                "claim_groups": len(comparison.claims),
                "shared_claim_groups": sum(g.count > 1 for g in comparison.claims),
                "quote_groups": len(comparison.quotes),
                "conflicts": len(comparison.conflicts),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, required=True, help="claimx extract output")
    parser.add_argument("--sizes", default="100,200,400,800")
    parser.add_argument("--no-stories", action="store_true", help="all articles as one story")
    parser.add_argument(
        "--published-from",
        type=Path,
        help="the JSON Lines articles the records come from: their publication_date becomes "
        "the records' `published` date",
    )
    parser.add_argument(
        "--matcher",
        choices=["lexical", "embeddings"],
        default="lexical",
        help="embeddings needs the extra; stories of one article are compared by words anyway",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        _one(args.records, args.one, not args.no_stories, args.published_from, args.matcher)
        return
    rows = []
    print("articles  seconds  peak GB  stories (2+)  claim groups (shared)  quotes  conflicts")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--records", str(args.records), "--one", str(size)]
        command += ["--matcher", args.matcher]
        if args.no_stories:
            command.append("--no-stories")
        if args.published_from:
            command += ["--published-from", str(args.published_from)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        row = json.loads(output.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['articles']:8d}  {row['seconds']:7.1f}  {row['peak_gb']:7.3f}  "
            f"{row['stories']:7d} ({row['stories_of_2+']:3d})  "
            f"{row['claim_groups']:12d} ({row['shared_claim_groups']:6d})  "
            f"{row['quote_groups']:6d}  {row['conflicts']:9d}"
        )
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        ratio = (large["seconds"] / large["articles"]) / (small["seconds"] / small["articles"])
        print(f"time per article, {large['articles']} vs {small['articles']}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
