"""Check-worthiness from a fine-tuned MiniLM (`--claim-model minilm`): more accurate, slower.

The encoder is all-MiniLM-L6-v2 from the `embeddings` extra with a LoRA adapter merged into
its weights, read by a linear head over its mean-pooled token vectors. Only the adapter and
the head (about 3 MB) ship in claimx; `benchmarks/train_checkworthiness_minilm.py` trains them
on ClaimBuster. The probability is blended with the linear model's, which costs next to
nothing and errs on other sentences, and the blend decides against the trained threshold.
With OpenVINO (in the extra) the encoder runs converted to it, in float32: the same
probabilities, 1.8 times the sentences a second of PyTorch.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span

from claimx.errors import ClaimxError
from claimx.nlp.checkworthiness.linear import MODEL_DIR, CheckworthinessModel, shipped_model
from claimx.nlp.minilm import minilm_package
from claimx.nlp.openvino_encoder import CompiledEncoder, compiled_or_none

MINILM_DIR = MODEL_DIR.parent / "checkworthiness-minilm"
HEAD_FILE = "head.npz"
META_FILE = "meta.json"
# Longer sentences are cut: a claim's verb and figures come early, and attention cost grows
# with the square of the length.
MAX_TOKENS = 128
BATCH_SIZE = 32
# Sentences a pass on OpenVINO (a document's sentences come a call at a time): 2,000 PolNeAR
# dev sentences in calls of 40, 2 cores: 8 a pass 208 a second, 32 a pass 139; PyTorch 117.
OPENVINO_BATCH = 8


def mean_pooled(encoder: Any, tokenizer: Any, texts: Sequence[str]) -> Any:
    """The encoder's token vectors averaged over each text's tokens (padding left out)."""
    batch = tokenizer(
        list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
    )
    hidden = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


def sentence_text(span: Span | Doc) -> str:
    """The sentence as the encoder reads it: line breaks and runs of spaces made one space."""
    return " ".join(span.text.split())


@dataclass(frozen=True)
class MiniLMCheckworthiness:
    """The adapted encoder and its head, blended with the linear model."""

    encoder: Any
    tokenizer: Any
    head_weight: npt.NDArray[np.float32]
    head_bias: float
    linear: CheckworthinessModel
    linear_share: float
    threshold: float

    def encoder_probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The encoder's probability that each text is a check-worthy claim."""
        # Texts of like length batch together, so little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        if self.compiled is not None:
            chunks = [
                order[start : start + OPENVINO_BATCH]
                for start in range(0, len(order), OPENVINO_BATCH)
            ]
            batches = (
                (
                    chunk,
                    self.tokenizer(
                        [texts[i] for i in chunk],
                        padding=True,
                        truncation=True,
                        max_length=MAX_TOKENS,
                        return_tensors="np",
                    ),
                )
                for chunk in chunks
            )
            pooled = self.compiled.pooled(batches, len(texts))
            logits = pooled.astype(np.float64) @ self.head_weight + self.head_bias
            return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)
        import torch

        probabilities = np.zeros(len(texts), dtype=np.float64)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH_SIZE):
                chunk = order[start : start + BATCH_SIZE]
                pooled = mean_pooled(self.encoder, self.tokenizer, [texts[i] for i in chunk])
                logits = pooled.numpy().astype(np.float64) @ self.head_weight + self.head_bias
                probabilities[chunk] = 1.0 / (1.0 + np.exp(-logits))
        return probabilities

    @cached_property
    def compiled(self) -> CompiledEncoder | None:
        """The encoder compiled by OpenVINO, once; None without OpenVINO. In float32: the
        probabilities are PyTorch's to 1e-5, so the threshold means the same."""
        return compiled_or_none(self.encoder, self.tokenizer, bfloat16=False, many_batches=False)

    def blend(
        self, encoder: npt.NDArray[np.float64], linear: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        return (1.0 - self.linear_share) * encoder + self.linear_share * linear

    def score(self, spans: Sequence[Span | Doc]) -> list[float]:
        """The probability that each parsed sentence is a check-worthy claim."""
        if not spans:
            return []
        encoder = self.encoder_probabilities([sentence_text(span) for span in spans])
        # The word model alone, as the blend was trained (its share and threshold assume it).
        linear = np.asarray(self.linear.word_scores(spans), dtype=np.float64)
        return [float(p) for p in self.blend(encoder, linear)]

    @classmethod
    def load(
        cls, directory: Path = MINILM_DIR, linear: CheckworthinessModel | None = None
    ) -> MiniLMCheckworthiness:
        """The base model from the `embeddings` extra, with the adapter in `directory`."""
        package = minilm_package("--claim-model minilm")
        try:
            from peft import PeftModel
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise ClaimxError(
                f"--claim-model minilm needs {exc.name}: pip install 'claimx[embeddings]'"
            ) from exc
        # Loading reports unused pooler weights and the like at WARNING: not the user's concern.
        # Set after the imports, which set the libraries' own levels.
        for name in ("transformers", "peft"):
            logging.getLogger(name).setLevel(logging.ERROR)

        base_path = package.get_model_path()
        with warnings.catch_warnings():
            # Deprecation notices of the libraries' internals, which the user can do nothing about.
            warnings.simplefilter("ignore", FutureWarning)
            base = AutoModel.from_pretrained(base_path)
            encoder = PeftModel.from_pretrained(base, directory).merge_and_unload().eval()
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        with np.load(directory / HEAD_FILE) as head:
            weight = head["weight"].astype(np.float64)
            bias = float(head["bias"][0])
        return cls(
            encoder=encoder,
            tokenizer=AutoTokenizer.from_pretrained(base_path),
            head_weight=weight,
            head_bias=bias,
            linear=linear if linear is not None else shipped_model(),
            linear_share=float(meta["linear_share"]),
            threshold=float(meta["threshold"]),
        )


@cache
def shipped_minilm_model() -> MiniLMCheckworthiness:
    """The adapter in the package on the extra's base model, loaded once per process."""
    return MiniLMCheckworthiness.load(MINILM_DIR)
