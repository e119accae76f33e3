"""Train the `minilm` check-worthiness model on ClaimBuster and write it into the package.

    python benchmarks/train_checkworthiness_minilm.py \
        --data ../shared/data/claimbuster/adv_train.json

all-MiniLM-L6-v2 (the `embeddings` extra) is fine-tuned with LoRA adapters on its linear
layers and a linear head over mean-pooled token vectors, on the same four fifths as the linear
model (`train_checkworthiness.py`, same seeded split). On the held-out fifth, its probability
is blended with the linear model's (trained on the same four fifths); the share and the
threshold with the best F1 there are written with the adapter. The encoder ships as trained on
the four fifths, so the figure printed is the shipped encoder's; claimx blends it with the
linear model it ships, trained on the whole file. Needs the `embeddings` and
`train` extras; about 11 minutes on two CPU cores.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModel, AutoTokenizer

from claimx.nlp.checkworthiness.minilm import (
    HEAD_FILE,
    META_FILE,
    MINILM_DIR,
    MiniLMCheckworthiness,
    mean_pooled,
)
from claimx.nlp.minilm import minilm_package
from train_checkworthiness import (
    DEFAULT_C,
    best_f1,
    fit,
    held_out_split,
    parse_features,
    prf,
    training_arguments,
)

# Two epochs, a 10% warm-up then linear decay; LoRA rank 16 on every linear layer. On the
# held-out fifth the encoder alone reached its best F1 after the second of four epochs.
EPOCHS = 2
LEARNING_RATE = 5e-4
BATCH = 32
LORA_RANK = 16
LINEAR_SHARES = (0.0, 0.25, 0.5)


def train_encoder(
    texts: list[str], labels: list[int], *, seed: int, epochs: int
) -> tuple[torch.nn.Module, torch.nn.Linear]:
    """The base encoder with trained LoRA adapters, and the trained head."""
    torch.manual_seed(seed)
    base_path = minilm_package("training").get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base_path)
    config = LoraConfig(
        r=LORA_RANK,
        lora_alpha=2 * LORA_RANK,
        lora_dropout=0.1,
        target_modules=["query", "key", "value", "dense"],
    )
    encoder = get_peft_model(AutoModel.from_pretrained(base_path), config)
    head = torch.nn.Linear(encoder.config.hidden_size, 1)
    trainable = [p for p in encoder.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(trainable, lr=LEARNING_RATE, weight_decay=0.01)
    steps = epochs * -(-len(texts) // BATCH)
    warm_up = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: step / warm_up if step < warm_up else (steps - step) / (steps - warm_up),
    )
    shuffle = random.Random(seed)
    encoder.train()
    started = time.perf_counter()
    for epoch in range(epochs):
        order = list(range(len(texts)))
        shuffle.shuffle(order)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            pooled = mean_pooled(encoder, tokenizer, [texts[i] for i in chunk])
            target = torch.tensor([labels[i] for i in chunk], dtype=torch.float32)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                head(pooled).squeeze(-1), target
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        print(f"  epoch {epoch + 1}/{epochs}, {time.perf_counter() - started:.0f}s")
    return encoder, head


def save_adapter(encoder: torch.nn.Module, head: torch.nn.Linear, directory: Path) -> None:
    """The LoRA adapter (peft's files) and the head's weights, for claimx to load."""
    # The adapter's config names the base by its hub id, not this machine's path.
    encoder.peft_config["default"].base_model_name_or_path = (  # type: ignore[index]
        "sentence-transformers/all-MiniLM-L6-v2"
    )
    directory.mkdir(parents=True, exist_ok=True)
    encoder.save_pretrained(directory)  # type: ignore[operator]
    (directory / "README.md").unlink(missing_ok=True)  # peft's blank model card
    np.savez_compressed(
        directory / HEAD_FILE,
        weight=head.weight.detach().numpy()[0].astype(np.float32),
        bias=head.bias.detach().numpy().astype(np.float64),
    )


def main() -> None:
    parser = training_arguments(__doc__.split("\n\n")[0], MINILM_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()

    raw = args.data.read_bytes()
    items = json.loads(raw)
    texts = [" ".join(item["text"].split()) for item in items]
    labels = [int(item["label"]) for item in items]
    held_out, training = held_out_split(len(items), args.seed)
    held_labels = [labels[i] for i in held_out]

    print("linear model on the four fifths")
    rows = parse_features(texts)
    linear = fit(rows.subset(training), [labels[i] for i in training], c=DEFAULT_C, seed=0)
    linear_scores = linear.probabilities(rows.subset(held_out))

    print(f"LoRA fine-tuning on {len(training)} sentences")
    encoder, head = train_encoder(
        [texts[i] for i in training],
        [labels[i] for i in training],
        seed=args.seed,
        epochs=args.epochs,
    )
    save_adapter(encoder, head, args.out)
    meta: dict[str, object] = {
        "trained_on": f"{args.data.name} (sha256 {hashlib.sha256(raw).hexdigest()[:16]}), "
        f"the {len(training)} sentences outside the held-out fifth",
        "seed": args.seed,
        "epochs": args.epochs,
        "linear_share": 0.0,
        "threshold": 0.5,
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # Scored as claimx will score it: loaded from the files just written.
    model = MiniLMCheckworthiness.load(args.out, linear=linear)
    encoder_scores = model.encoder_probabilities([texts[i] for i in held_out])

    results = {}
    for share in LINEAR_SHARES:
        blended = replace(model, linear_share=share).blend(encoder_scores, linear_scores)
        threshold, f1 = best_f1(blended.tolist(), held_labels)
        results[share] = (threshold, *prf(blended.tolist(), held_labels, threshold))
        print(f"held-out fifth, linear share {share:.2f}: threshold {threshold:.2f} F1 {f1:.3f}")
    share = max(LINEAR_SHARES, key=lambda s: results[s][3])
    threshold, precision, recall, f1 = results[share]
    print(
        f"chosen: linear share {share:.2f}, threshold {threshold:.2f}: "
        f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )
    meta |= {
        "linear_share": share,
        "threshold": threshold,
        "held_out_fifth": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
