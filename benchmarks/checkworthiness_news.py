"""Check-worthiness on news: claimx's shipped model against hand labels of PolNeAR sentences.

    python benchmarks/checkworthiness_news.py --data PATH/polnear/train.jsonl [--claim-model minilm]
    python benchmarks/checkworthiness_news.py --data PATH/polnear/train.jsonl --sample 200

ClaimBuster is debate speech; news is written differently. `labels/polnear-checkworthiness.tsv`
holds hand labels (1 check-worthy factual claim, 0 not; `labels/polnear-checkworthiness.md` says
how they were given) of sentences of PolNeAR's training articles, keyed by `doc_id` and the
sentence's character offsets in `text`: the articles themselves stay outside the repository. Each
labelled article goes through claimx's pipeline whole, as `claimx extract` runs it, and each
labelled sentence is scored as a span of that Doc at the model's shipped threshold. Prints
positive-class P/R/F1 and the expected calibration error. `--sample N` instead prints N sentences
to label (a seeded choice of claim candidates, 4 an article) as TSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from claimx.nlp.checkworthiness.dense import expected_calibration_error
from claimx.nlp.checkworthiness.scorers import shipped_scorer
from claimx.nlp.components.claims import is_statement, is_unpunctuated_line, lines, trim
from claimx.nlp.pipeline import PipelineOptions, load_pipeline
from train_checkworthiness import prf

LABELS = Path(__file__).parent / "labels" / "polnear-checkworthiness.tsv"
PER_ARTICLE = 4


def read_articles(path: Path) -> dict[str, str]:
    """The text of each article of a PolNeAR JSONL file, by doc_id."""
    with path.open(encoding="utf-8") as stream:
        return {a["doc_id"]: a["text"] for a in map(json.loads, stream) if a.get("text")}


def sample(articles: dict[str, str], count: int, seed: int) -> None:
    """Print `count` claim candidates (whole sentences claimx could score) as TSV."""
    nlp = load_pipeline(PipelineOptions(components=()))
    chosen = random.Random(seed).sample(sorted(articles), (count + PER_ARTICLE - 1) // PER_ARTICLE)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["doc_id", "start", "end", "label", "text"])
    printed = 0
    for doc_id, doc in zip(chosen, nlp.pipe(articles[d] for d in chosen), strict=True):
        candidates = []
        for sentence in doc.sents:
            for line in lines(sentence):
                body = trim(line)
                if body is not None and not is_unpunctuated_line(line) and is_statement(body):
                    candidates.append(body)
        picked = random.Random(f"{seed}:{doc_id}").sample(
            candidates, min(PER_ARTICLE, len(candidates))
        )
        for span in sorted(picked, key=lambda s: s.start):
            if printed < count:
                text = " ".join(span.text.split())
                writer.writerow([doc_id, span.start_char, span.end_char, "", text])
                printed += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR train.jsonl")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--claim-model", choices=("linear", "minilm"), default="linear")
    parser.add_argument("--sample", type=int, help="print this many sentences to label")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    articles = read_articles(args.data)
    if args.sample:
        sample(articles, args.sample, args.seed)
        return
    with args.labels.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    by_doc: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    model = shipped_scorer(args.claim_model)
    nlp = load_pipeline(PipelineOptions(components=()))
    spans, labels = [], []
    for doc_id, doc in zip(by_doc, nlp.pipe(articles[d] for d in by_doc), strict=True):
        for row in by_doc[doc_id]:
            span = doc.char_span(int(row["start"]), int(row["end"]))
            if span is None:
                raise SystemExit(f"{doc_id} {row['start']}-{row['end']}: not a token span")
            spans.append(span)
            labels.append(int(row["label"]))
    scores = model.score(spans)
    precision, recall, f1 = prf(scores, labels, model.threshold)
    ece = expected_calibration_error(scores, labels)
    print(
        f"{args.claim_model}, {len(labels)} news sentences ({sum(labels)} check-worthy) from "
        f"{len(by_doc)} articles, threshold {model.threshold:.2f}: P {precision:.3f} "
        f"R {recall:.3f} F1 {f1:.3f}; ECE {ece:.3f}"
    )


if __name__ == "__main__":
    main()
