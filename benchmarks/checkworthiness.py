"""Score claimx's shipped check-worthiness models on a ClaimBuster file, as claimx scores them.

    python benchmarks/checkworthiness.py --data PATH/test.json [--claim-model minilm]

The file is a JSON list of `{sentence_id, label, text}` (ClaimBuster's format, as
`adv_train.json`), labelled 1 for check-worthy factual sentences. Each sentence goes through
the spaCy pipeline claimx uses (tags, entities and token vectors feed the linear model), then
the chosen model decides at its shipped threshold. Prints positive-class precision, recall and
F1, F1 on balanced resamples (as many negatives as positives), the expected calibration error,
and the model's own time per sentence. Use a file the model was not trained on: the shipped linear
model saw all of adv_train.json, the `minilm` encoder its four training fifths.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from claimx.nlp.checkworthiness.dense import expected_calibration_error
from claimx.nlp.checkworthiness.scorers import shipped_scorer
from claimx.nlp.pipeline import resolve_model_name
from train_checkworthiness import balanced_f1, prf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster-format JSON")
    parser.add_argument("--claim-model", choices=("linear", "minilm"), default="linear")
    args = parser.parse_args()

    items = json.loads(args.data.read_bytes())
    texts = [item["text"] for item in items]
    labels = [int(item["label"]) for item in items]
    model = shipped_scorer(args.claim_model)
    # The features need tags, entities and the tok2vec tensor; the parser changes none of them.
    nlp = spacy.load(resolve_model_name(None), disable=["parser", "lemmatizer"])
    docs = list(nlp.pipe(texts, batch_size=256))

    started = time.perf_counter()
    scores = model.score(docs)
    elapsed = time.perf_counter() - started
    precision, recall, f1 = prf(scores, labels, model.threshold)
    balanced, _ = balanced_f1(scores, labels, model.threshold, seed=0)
    print(
        f"{args.claim_model}, {len(items)} sentences ({sum(labels)} check-worthy), threshold "
        f"{model.threshold:.2f}: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; balanced F1 "
        f"{balanced:.3f}; ECE {expected_calibration_error(scores, labels):.3f}; "
        f"{1000 * elapsed / max(len(items), 1):.2f} ms a sentence"
    )


if __name__ == "__main__":
    main()
