"""List figure disagreements across outlets that a looser search than `compare` finds, to read
whether the conflict detector misses real ones (recall, not precision: most are no conflict).

    python benchmarks/conflict_candidates.py --records records.jsonl --articles train.jsonl

`--records` is `claimx extract` output of the first lines of `--articles` (PolNeAR JSON Lines,
whose `publisher` and `publication_date` the records do not carry), in the same order. Two claims
are a candidate when their articles come from different outlets at most `--days` apart, the
claims share a named entity, their TF-IDF cosine is at least `--lexical`, and one of them gives
a figure of a kind that fits none of the other's of that kind (claimx.compare.figures). Prints
the pairs, closest first, then how many there are. Candidates are found per day window through
an index by day, not by all pairs of claims.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from claimx.compare.figures import Figure, compatible, figures
from claimx.compare.similarity import LexicalIndex

OWNER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "EVENT")
SMALLEST_COUNT = 5  # smaller bare counts ('two', 'three') are mostly no figure of a fact


@dataclass(frozen=True)
class Claimed:
    outlet: str
    day: date
    text: str
    figures: frozenset[Figure]
    names: frozenset[str]


def read_claims(records: Path, articles: Path) -> list[Claimed]:
    """The claims with a figure, with their article's outlet and day."""
    claims = []
    with records.open(encoding="utf-8") as lines, articles.open(encoding="utf-8") as sources:
        for line, source in zip(lines, sources, strict=False):
            record, article = json.loads(line), json.loads(source)
            day = date.fromisoformat(article["publication_date"][:10])
            for claim in record["claims"]:
                found = frozenset(
                    f
                    for f in figures(claim["text"])
                    if f.kind != "count" or f.value >= SMALLEST_COUNT
                )
                if not found:
                    continue
                names = frozenset(
                    entity["name"]
                    for entity in record["entities"]
                    if entity["label"] in OWNER_LABELS
                    for mention in entity["mentions"]
                    if claim["start"] <= mention["start"] and mention["end"] <= claim["end"]
                )
                claims.append(Claimed(article["publisher"], day, claim["text"], found, names))
    return claims


def clashes(a: Claimed, b: Claimed) -> list[tuple[float, float, str]]:
    return [
        (f.value, g.value, f.kind)
        for f in a.figures
        for g in b.figures
        if f.kind == g.kind and not compatible(f, g)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, required=True)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--lexical", type=float, default=0.3)
    args = parser.parse_args()
    claims = read_claims(args.records, args.articles)
    index = LexicalIndex([c.text for c in claims])
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        by_day[claim.day].append(i)
    found = []
    for i, a in enumerate(claims):
        for delta in range(-args.days, args.days + 1):
            for j in by_day.get(a.day + timedelta(days=delta), []):
                b = claims[j]
                if j <= i or a.outlet == b.outlet or not a.names & b.names:
                    continue
                first, second = index.vectors[i], index.vectors[j]
                score = sum(w * second[t] for t, w in first.items() if t in second)
                if score >= args.lexical and (clash := clashes(a, b)):
                    found.append((score, a, b, clash))
    for score, a, b, clash in sorted(found, key=lambda f: -f[0]):
        print(f"{score:.2f}  {a.outlet} {a.day} / {b.outlet} {b.day}  {clash[:3]}")
        print(f"    {a.text}\n    {b.text}")
    print(f"{len(found)} candidate pairs among {len(claims)} claims with a figure")


if __name__ == "__main__":
    main()
