"""Whether an HTML page is better read by trafilatura or by the plain-text cleaner: learned.

trafilatura is the better reader of most pages, but on some it keeps a teaser, a caption or a
fragment of a long article. Comparing what it keeps with what the plain-text cleaner finds in the
page's whole text tells them apart: the words and sentences trafilatura kept (with the lines it
missed put back), the words of the cleaner's body, the page's densest block (its longest
paragraph), how much of the cleaner's body trafilatura's text covers. A logistic regression over
these (`benchmarks/train_html_fallback.py`, fitted on both cleaning benchmarks with every feature
taken from models that never saw the page's site, each page weighted by what the choice gains or
costs on its benchmark's score) decides. A few weights in JSON, scored with numpy; linear time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimx.clean.boilerplate import PageLayout, count_words
from claimx.package_data import MODELS_DIR

MODEL_FILE = MODELS_DIR / "cleaner_html" / "fallback.json"
Vector = npt.NDArray[np.float64]

_SENTENCE_END = re.compile(r"[.!?…。](?:[\"'”’»)]*)(?=\s|$)")
FALLBACK_FEATURES = (
    "kept_words",
    "kept_sentences",
    "merged_words",
    "cleaned_words",
    "page_words",
    "densest_block",
    "merged_vs_cleaned",
    "merged_vs_densest",
    "cleaned_covered",
    "kept_in_cleaned",
)


def fallback_features(
    kept: str, merged: str, layout: PageLayout, share: Sequence[float], kept_share: float
) -> Vector:
    """FALLBACK_FEATURES of a page: trafilatura's text `kept`, the same with the missed lines
    put back (`merged`), the cleaner's `layout` of the page's whole text, and `share`: per line
    of the layout, the share of its n-grams in `kept` (a line counts as kept from
    `kept_share`)."""
    lines = layout.lines
    words = np.array([line.words for line in lines], dtype=np.float64)
    in_body = np.ones(len(lines), dtype=bool)  # kept: every line the layout gives no reason
    in_body[list(layout.reasons)] = False
    covered = np.asarray(share, dtype=np.float64) >= kept_share
    kept_words, merged_words = count_words(kept), count_words(merged)
    cleaned = float(words[in_body].sum())
    densest = float(words.max()) if len(words) else 0.0
    return np.array(
        [
            math.log1p(kept_words),
            math.log1p(len(_SENTENCE_END.findall(kept))),
            math.log1p(merged_words),
            math.log1p(cleaned),
            math.log1p(float(words.sum())),
            math.log1p(densest),
            math.log((merged_words + 1) / (cleaned + 1)),
            math.log((merged_words + 1) / (densest + 1)),
            float(words[in_body & covered].sum()) / cleaned if cleaned else 1.0,
            float(words[in_body & covered].sum()) / max(float(words[covered].sum()), 1.0),
        ]
    )


@dataclass(frozen=True)
class FallbackModel:
    """Logistic regression on standardised FALLBACK_FEATURES: the page falls back to the
    plain-text cleaner when its probability is above `threshold`."""

    mean: Vector
    scale: Vector
    weights: Vector
    bias: float
    threshold: float = 0.5

    def probability(self, features: Vector) -> float:
        z = float((features - self.mean) / self.scale @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def falls_back(self, features: Vector) -> bool:
        return self.probability(features) > self.threshold

    def save(self, path: Path, meta: dict[str, object]) -> None:
        data = {
            **meta,
            "features": list(FALLBACK_FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@cache
def load_fallback_model(path: Path = MODEL_FILE) -> FallbackModel | None:
    """The shipped decision, or None when its file is missing or stale (trafilatura then
    decides, the page's text only where it finds nothing)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if list(data.get("features", [])) != list(FALLBACK_FEATURES):
        return None
    return FallbackModel(
        np.array(data["mean"], dtype=np.float64),
        np.array(data["scale"], dtype=np.float64),
        np.array(data["weights"], dtype=np.float64),
        float(data["bias"]),
        float(data["threshold"]),
    )
