"""Precision of `claimx compare` conflicts against the hand labels in conflict_labels.jsonl.

    python benchmarks/conflict_precision.py --comparison out.json \
        --articles ../shared/data/polnear/train.jsonl [--run new-800-no-stories]

OUT.json is `claimx compare -f json` output on records of PolNeAR articles read from the
JSON Lines file ARTICLES (record ids are `path:line`; the labels name articles by `doc_id`).
Without --comparison, prints the precision of each labelled run (runs are of different rules
and articles: their labels are never pooled). Prints, last, one JSON line.

Drawing a sample to label (issue 19: extract first, then compare the records):

    claimx extract PATH/polnear/train.jsonl -o train-records.jsonl
    claimx compare train-records.jsonl -f json -o out.json            # and --no-stories
    python benchmarks/conflict_precision.py --comparison out.json \
        --articles PATH/polnear/train.jsonl --draw 60 --run NAME > to-label.jsonl

prints up to 60 conflicts drawn at random (seed --seed) as label lines with `accepted`
null, and their wordings on stderr, for a person to label by the guideline.

The held-out run (`heldout-124-no-stories`: articles the strict rules were not tuned on, the
last 40 of PolNeAR train and all 84 of dev) was drawn so:

    (sed -n 801,840p PATH/polnear/train.jsonl; cat PATH/polnear/dev.jsonl) > heldout.jsonl
    claimx extract heldout.jsonl -o heldout-records.jsonl
    claimx compare heldout-records.jsonl --no-stories -f json -o heldout.json
    python benchmarks/conflict_precision.py --comparison heldout.json \
        --articles heldout.jsonl --draw 60 --run heldout-124-no-stories
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

LABELS = Path(__file__).with_name("conflict_labels.jsonl")


def _key(values: list[dict[str, object]]) -> frozenset[tuple[object, ...]]:
    return frozenset((v["doc_id"], v["start"], v["end"], v["value"]) for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comparison", type=Path)
    parser.add_argument("--articles", type=Path)
    parser.add_argument("--run", help="only the labels of this run")
    parser.add_argument("--draw", type=int, help="print this many conflicts to label")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    if args.run:
        labels = [label for label in labels if label["run"] == args.run]
    if args.comparison is None:
        runs: dict[str, list[bool]] = defaultdict(list)
        for label in labels:
            runs[label["run"]].append(label["accepted"])
        summary = {}
        for run, accepted in runs.items():
            print(f"{run}: {sum(accepted)}/{len(accepted)} accepted")
            summary[run] = {
                "precision": round(sum(accepted) / len(accepted), 3),
                "conflicts": len(accepted),
            }
        print(json.dumps(summary))
        return
    doc_ids = {}
    with args.articles.open(encoding="utf-8") as source:
        for number, line in enumerate(source, start=1):
            doc_ids[number] = json.loads(line)["doc_id"]
    known = {_key(label["values"]): label["accepted"] for label in labels}
    comparison = json.loads(args.comparison.read_text(encoding="utf-8"))
    if args.draw is not None:
        _draw(comparison["conflicts"], doc_ids, args.draw, args.seed, args.run or "sample")
        return
    accepted = rejected = unlabelled = 0
    for conflict in comparison["conflicts"]:
        values = [
            {**v, "doc_id": doc_ids[int(str(v["article"]).rsplit(":", 1)[1])]}
            for v in conflict["values"]
        ]
        verdict = known.get(_key(values))
        if verdict is None:
            unlabelled += 1
        elif verdict:
            accepted += 1
        else:
            rejected += 1
    print(f"accepted {accepted}, rejected {rejected}, not labelled {unlabelled}")
    labelled = accepted + rejected
    print(
        json.dumps(
            {
                "precision": round(accepted / labelled, 3) if labelled else None,
                "labelled": labelled,
                "conflicts": len(comparison["conflicts"]),
            }
        )
    )


def _draw(
    conflicts: list[dict[str, object]], doc_ids: dict[int, str], size: int, seed: int, run: str
) -> None:
    """Label lines (accepted null) of `size` conflicts drawn at random; wordings on stderr."""
    drawn = random.Random(seed).sample(conflicts, min(size, len(conflicts)))
    for number, conflict in enumerate(drawn, start=1):
        values = conflict["values"]
        assert isinstance(values, list)
        print(f"--- {number}: {conflict['kind']}: {conflict['about']}", file=sys.stderr)
        for v in values:
            print(f"    {v['value']!r}: {v['text']}", file=sys.stderr)
        line = {
            "run": run,
            "kind": conflict["kind"],
            "values": [
                {
                    "doc_id": doc_ids[int(str(v["article"]).rsplit(":", 1)[1])],
                    "start": v["start"],
                    "end": v["end"],
                    "value": v["value"],
                }
                for v in values
            ],
            "accepted": None,
            "why": "",
        }
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
