"""Same claim or not: a small learned decision on two wordings.

Features that carry meaning, read off the text alone with cheap patterns (linear in its
length, the same at training and at run time): how much of the wording the two share (the
TF-IDF score `compare` already has, content stems, all words, word pairs, length), and whether
they agree on the names, numbers, dates and negation in them. A logistic regression over
them was fitted on the MSR Paraphrase Corpus (benchmarks/train_claim_equivalence.py); its
weights ship in models/claim_equivalence.json and are applied with numpy alone.

Two wordings that give different numbers are never the same claim, whatever the model says:
they are what conflicts are made of.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Protocol

import numpy as np

from claimx.compare.neighbours import Graph, term_tuple
from claimx.compare.similarity import normalise, stem
from claimx.package_data import MODELS_DIR

MODEL_PATH = MODELS_DIR / "claim_equivalence.json"

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*%?|\$")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s*(?:%|percent|per cent))?", re.IGNORECASE)
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozen|half)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow"
_DATE = re.compile(
    rf"\b(?:(?:{_MONTH})\.?(?:\s+\d{{1,2}})?|{_DAY}|(?:18|19|20)\d\d)\b", re.IGNORECASE
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|neither|nor|none|without|cannot)\b|n['’]t\b",
    re.IGNORECASE,
)
# A capitalised word that does not open the sentence, or an all-capitals one: a name.
_NAME = re.compile(r"(?<=[\w,;:)\"”’] )[A-Z][a-zA-Z'’.-]+|\b[A-Z]{2,}\b")

FEATURES = (
    "lexical",
    "stem_dice",
    "stem_unmatched_max",
    "stem_unmatched_min",
    "word_jaccard",
    "bigram_dice",
    "trigram_dice",
    "char_dice",
    "unmatched_count",
    "length_ratio",
    "names_both",
    "names_dice",
    "names_unmatched",
    "numbers_both",
    "numbers_disagree",
    "numbers_one_side",
    "dates_disagree",
    "dates_one_side",
    "negation_differs",
)


@dataclass(frozen=True)
class Reading:
    """What the features need of one wording."""

    stems: frozenset[str]
    words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    trigrams: frozenset[tuple[str, str, str]]
    chars: frozenset[str]
    length: int
    names: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    negations: int


@lru_cache(maxsize=100_000)
def read(text: str) -> Reading:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    return Reading(
        stems=frozenset(term_tuple(text)),
        words=frozenset(tokens),
        bigrams=frozenset(pairwise(tokens)),
        trigrams=frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False)),
        chars=frozenset(_trigrams(" ".join(tokens))),
        length=len(tokens),
        names=frozenset(stem(n.lower().strip(".'’")) for n in _NAME.findall(text)),
        numbers=frozenset(_number(m.group(0)) for m in _NUMBER.finditer(normalise(text))),
        dates=frozenset(
            " ".join(m.group(0).lower().replace(".", "").split()) for m in _DATE.finditer(text)
        ),
        negations=len(_NEGATION.findall(text)),
    )


def _trigrams(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(len(text) - 2)]


def _number(written: str) -> str:
    percent = bool(re.search(r"%|percent|per cent", written, re.IGNORECASE))
    digits = re.sub(r"[^\d.,]", "", written).replace(",", "")
    try:
        value = f"{float(digits):g}"
    except ValueError:
        value = digits
    return value + ("%" if percent else "")


def _dice(a: frozenset[object], b: frozenset[object]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _unmatched(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    left = len(a - b) / len(a) if a else 0.0
    right = len(b - a) / len(b) if b else 0.0
    return max(left, right), min(left, right)


def numbers_disagree(a: Reading, b: Reading) -> bool:
    """Both give figures and each gives one the other does not: '$9.99' against '$9.95'.
    A wording that adds a figure to all of the other's says more, not something else."""
    return bool(a.numbers - b.numbers and b.numbers - a.numbers)


def features(a: Reading, b: Reading, lexical: float) -> list[float]:
    """The feature vector of a pair, in the order of FEATURES."""
    unmatched_max, unmatched_min = _unmatched(a.stems, b.stems)
    names_both = bool(a.names and b.names)
    numbers_both = bool(a.numbers and b.numbers)
    dates_both = bool(a.dates and b.dates)
    return [
        lexical,
        _dice(a.stems, b.stems),
        unmatched_max,
        unmatched_min,
        len(a.words & b.words) / max(1, len(a.words | b.words)),
        _dice(a.bigrams, b.bigrams),
        _dice(a.trigrams, b.trigrams),
        _dice(a.chars, b.chars),
        math.log1p(len(a.stems ^ b.stems)),
        min(a.length, b.length) / max(1, a.length, b.length),
        float(names_both),
        _dice(a.names, b.names) if names_both else 0.0,
        float(len(a.names ^ b.names)) / max(1, len(a.names | b.names)),
        float(numbers_both),
        float(numbers_disagree(a, b)),
        float(bool(a.numbers) != bool(b.numbers)),
        float(dates_both and not (a.dates & b.dates)),
        float(bool(a.dates) != bool(b.dates)),
        float((a.negations % 2) != (b.negations % 2)),
    ]


@dataclass(frozen=True)
class Model:
    """Standardised features, one weight each, a bias and the probability to call 'same'."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        probability: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))
        return probability

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        if data.get("features") != list(FEATURES):
            raise ValueError("claim equivalence model was fitted on other features")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
        )


@cache
def shipped_model() -> Model:
    """The model that ships with claimx."""
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def same_claim(pairs: Sequence[tuple[str, str, float]], model: Model | None = None) -> list[bool]:
    """For (wording, wording, lexical score) pairs: do they state the same fact?"""
    if not pairs:
        return []
    model = model or shipped_model()
    readings = [(read(a), read(b)) for a, b, _ in pairs]
    rows = [
        features(a, b, lexical) for (a, b), (_, _, lexical) in zip(readings, pairs, strict=True)
    ]
    probability = model.probability(rows)
    return [
        bool(p >= model.threshold) and not numbers_disagree(a, b)
        for p, (a, b) in zip(probability.tolist(), readings, strict=True)
    ]


class _Worded(Protocol):
    @property
    def text(self) -> str: ...


def same_claim_graph(
    items: Sequence[_Worded], graph: Graph, floor: float = 0.0, *, judged: bool = False
) -> Graph:
    """The graph with the pairs scoring at least `floor` that are not the same claim set to 0,
    so that clustering never joins them on their own: pairs that disagree on a number, and,
    when `judged`, every pair the learned decision holds different."""
    pairs = [
        (i, j, value)
        for i, row in enumerate(graph.edges)
        for j, value in row.items()
        if i < j and value >= floor
    ]
    if judged:
        verdicts = same_claim([(items[i].text, items[j].text, value) for i, j, value in pairs])
    else:
        verdicts = [
            not numbers_disagree(read(items[i].text), read(items[j].text)) for i, j, _ in pairs
        ]
    rejected = {(i, j) for (i, j, _), same in zip(pairs, verdicts, strict=True) if not same}
    if not rejected:
        return graph
    return graph.map(lambda i, j, value: 0.0 if (min(i, j), max(i, j)) in rejected else value)
