"""The files of a shipped model of arrays: its weights (`.npz`) and its settings (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Arrays = dict[str, npt.NDArray[np.generic]]


def save_model_files(
    weights: Path, meta_file: Path, arrays: Arrays, meta: dict[str, object]
) -> None:
    """Writes the arrays and the settings (the folder is made when missing)."""
    weights.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(weights, **arrays)  # type: ignore[arg-type]
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def load_model_files(
    weights: Path, meta_file: Path, features: Sequence[str]
) -> tuple[Arrays, dict[str, Any]] | None:
    """The arrays and the settings; None when a file is missing or the model was trained on
    other features than `features` (stale: nothing is to be done with it)."""
    if not weights.is_file() or not meta_file.is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if list(meta.get("features", [])) != list(features):
        return None
    with np.load(weights) as data:
        return {name: data[name] for name in data.files}, meta
