"""Score the same-claim decision `claimx compare` uses on pairs of sentences judged by people.

    python benchmarks/claim_equivalence.py --pairs ../shared/data/msrp/train.tsv

PATH.tsv is tab-separated with a header, as MSRP: `Quality` (1 = same), two ids, two strings.
The lexical score of each pair is the TF-IDF cosine over all the file's sentences (as compare
scores claims against the other claims of a story). Prints the confusion counts, then, last,
one JSON line: {"accuracy": ..., "f1": ..., "pairs": ...}. Figures on the file the model was
fitted on (MSRP train) are in-sample: see train_claim_equivalence.py for cross-validated ones.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimx.compare.comparison import SAME_CLAIM
from claimx.compare.equivalence import numbers_disagree, read, same_claim
from claimx.compare.similarity import LexicalIndex


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(label, sentence, sentence) of each row; quote characters are data, not quoting."""
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 5 and fields[0].strip() in {"0", "1"}:
            pairs.append((int(fields[0]), fields[3], fields[4]))
    return pairs


def lexical_scores(pairs: list[tuple[int, str, str]]) -> list[float]:
    """TF-IDF cosine of each pair, the index holding every sentence of the file."""
    texts = [t for _, a, b in pairs for t in (a, b)]
    index = LexicalIndex(texts)
    scores = []
    for k in range(len(pairs)):
        a, b = index.vectors[2 * k], index.vectors[2 * k + 1]
        scores.append(float(sum(w * b[t] for t, w in a.items() if t in b)))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True, help="a TSV file in MSRP's format")
    parser.add_argument(
        "--decision",
        choices=("judged", "default"),
        default="judged",
        help="judged: the learned decision (compare --judged); default: what compare groups "
        "by without --judged, a lexical score of at least 0.30 and no number in dispute",
    )
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    lexical = lexical_scores(pairs)
    if args.decision == "judged":
        decided = same_claim([(a, b, s) for (_, a, b), s in zip(pairs, lexical, strict=True)])
    else:
        decided = [
            s >= SAME_CLAIM["lexical"] and not numbers_disagree(read(a), read(b))
            for (_, a, b), s in zip(pairs, lexical, strict=True)
        ]
    labels = [label == 1 for label, _, _ in pairs]
    tp = sum(d and g for d, g in zip(decided, labels, strict=True))
    fp = sum(d and not g for d, g in zip(decided, labels, strict=True))
    fn = sum(g and not d for d, g in zip(decided, labels, strict=True))
    tn = len(pairs) - tp - fp - fn
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = (tp + tn) / max(1, len(pairs))
    print(f"same: {tp} right, {fp} wrong; not same: {tn} right, {fn} wrong")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    print(json.dumps({"accuracy": round(accuracy, 4), "f1": round(f1, 4), "pairs": len(pairs)}))


if __name__ == "__main__":
    main()
