"""Score the same-claim decision `claimx compare` uses on pairs of sentences judged by people.

    python benchmarks/claim_equivalence.py --pairs ../shared/data/msrp/train.tsv

PATH.tsv is tab-separated with a header, as MSRP: `Quality` (1 = same), two ids, two strings.
The lexical score of each pair is the TF-IDF cosine over all the file's sentences (as compare
scores claims against the other claims of a story). Prints the confusion counts, then, last,
one JSON line: {"accuracy": ..., "f1": ..., "pairs": ...}. Figures on the file the model was
fitted on (MSRP train) are in-sample: see train_claim_equivalence.py for cross-validated ones.
With the `e5` extra installed, `judged` is the model that reads e5's cosine (as compare --judged
on stories of several articles); encoding MSRP train's 8,152 sentences takes about 13 minutes
on two cores: --cache DIR keeps the vectors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from claimx.compare.comparison import SAME_CLAIM
from claimx.compare.equivalence import (
    installed_model,
    numbers_disagree,
    read,
    same_claim,
    shipped_model,
)
from claimx.compare.similarity import LexicalIndex, embed
from claimx.nlp.e5 import encode_e5


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


def e5_cosines(pairs: list[tuple[int, str, str]], cache: Path | None = None) -> list[float]:
    """The cosine of each pair's e5 vectors (as compare embeds them); with `cache`, the
    vectors of the file's sentences are kept there, named by a hash of the sentences."""
    texts = [t for _, a, b in pairs for t in (a, b)]
    path = None
    if cache is not None:
        digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
        path = cache / f"e5_{digest}.npy"
    if path is not None and path.exists():
        vectors = np.load(path)
    else:
        vectors = embed(texts, encoder=encode_e5)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
    return [float(vectors[2 * k] @ vectors[2 * k + 1]) for k in range(len(pairs))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True, help="a TSV file in MSRP's format")
    parser.add_argument(
        "--decision",
        choices=("judged", "judged-lexical", "default"),
        default="judged",
        help="judged: the learned decision (compare --judged), the model reading e5's cosine "
        "when the e5 extra is installed; judged-lexical: the model without it; default: what "
        "compare groups by without --judged, a lexical score of at least 0.30 and no number "
        "in dispute",
    )
    parser.add_argument("--cache", type=Path, help="a directory to keep the e5 vectors in")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    lexical = lexical_scores(pairs)
    if args.decision.startswith("judged"):
        model = installed_model() if args.decision == "judged" else shipped_model()
        cosines = e5_cosines(pairs, args.cache) if model.uses_e5 else None
        triples = [(a, b, s) for (_, a, b), s in zip(pairs, lexical, strict=True)]
        decided = same_claim(triples, model, cosines)
        print(f"model: {'e5' if model.uses_e5 else 'lexical'}")
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
