"""Same claim or not: a small learned decision on two wordings.

Features that carry meaning, read off the text alone with cheap patterns (linear in its
length, the same at training and at run time): how much of the wording the two share (the
TF-IDF score `compare` already has, content stems, all words, word pairs, length), and whether
they agree on the names, numbers, dates and negation in them. Beside them, the measures
machine translation is scored with, which separate paraphrases well (Madnani, Tetreault and
Chodorow 2012): BLEU-style n-gram precision (1 to 4, each way, words and stems), a
METEOR-style matched-unigram F with its fragmentation penalty, the longest common subsequence,
a word edit distance (TER-like), character n-gram overlap (2 to 5) and length differences.
Last, what one wording has that the other lacks: content words (whole, and word families by
their first letters), names, a reporting verb ('said'), quotation marks, figures. The
word-order measures read the first MAX_ALIGNED words of each side only, so that a pair costs
at most a fixed amount whatever the text. A logistic regression over
them was fitted on the MSR Paraphrase Corpus (benchmarks/train_claim_equivalence.py); its
weights ship in models/claim_equivalence.json and are applied with numpy alone. With the `e5`
extra installed, a second model (models/claim_equivalence_e5.json, fitted by the same script
with --e5) adds one feature, the cosine of the two wordings' multilingual-e5-small vectors
("query: " on both sides, as match reads them): 5-fold CV on MSRP train 0.782 / 0.841 against
0.776 / 0.836 (accuracy / F1, mean of 3 fold seeds, with the numbers rule).

Two wordings whose figures cannot both be true (claimx.compare.figures: '40 percent' against
'43 percent', not '1.5 million' against '1,500,000' nor 'more than 2,000' against '2,100') are
never the same claim, whatever the model says: they are what conflicts are made of.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Protocol

import numpy as np

from claimx.compare.figures import Figure, disagree, figures
from claimx.compare.neighbours import Graph, term_tuple
from claimx.compare.similarity import FloatMatrix, embed, normalise, stem
from claimx.compare.stop_words import STOP_WORDS
from claimx.nlp.e5 import e5_available, encode_e5
from claimx.package_data import MODELS_DIR

MODEL_PATH = MODELS_DIR / "claim_equivalence.json"
E5_MODEL_PATH = MODELS_DIR / "claim_equivalence_e5.json"
E5_FEATURE = "e5_cosine"

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*%?|\$")
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
# Who says it: one wording reported, the other not, is often one fact and someone's word on it.
_ATTRIBUTION = re.compile(r"\b(?:said|says|say|told|tells|according)\b", re.IGNORECASE)
_QUOTATION = re.compile(r"[\"“”]")
PREFIX = 5  # letters of a content stem that stand for its word family: acquir(e), acquisit(ion)
_MT_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*|[$%]")
MAX_ALIGNED = 80  # words of each side the order-aware measures read (MSRP sentences: ~22)
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
    *(f"{kind}_precision{n}_{side}" for kind in ("word", "stem") for n in range(1, 5)
      for side in ("max", "min")),
    "bleu_ab",
    "bleu_ba",
    "lcs_a",
    "lcs_b",
    "edit_longer",
    "edit_shorter",
    *(f"meteor_{name}_{way}" for way in ("ab", "ba")
      for name in ("precision", "recall", "f", "penalised")),
    *(f"char{n}_dice" for n in range(2, 6)),
    "content_precision1_max",
    "content_precision1_min",
    "content_precision2_max",
    "content_precision2_min",
    "length_gap",
    "length_gap_log",
    "length_log",
    "content_unmatched_max",
    "content_unmatched_min",
    "prefix_overlap",
    "prefix_dice",
    "names_only_max",
    "names_only_min",
    "attribution_differs",
    "quotation_differs",
    "figures_count_gap",
)  # fmt: skip
E5_FEATURES = (*FEATURES, E5_FEATURE)


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
    numbers: frozenset[Figure]
    dates: frozenset[str]
    negations: int
    text: str = ""


@dataclass(frozen=True)
class WordOrder:
    """What the machine-translation measures need of one wording: read only when a pair is
    judged, so that grouping by numbers alone does not pay for it."""

    tokens: tuple[str, ...]  # normalised words, the first MAX_ALIGNED
    token_stems: tuple[str, ...]
    char_grams: tuple[Counter[str], ...]  # character 2- to 5-grams with their counts


@lru_cache(maxsize=10_000)
def word_order(text: str) -> WordOrder:
    words = _MT_TOKEN.findall(normalise(text))
    joined = " ".join(words)
    aligned = words[:MAX_ALIGNED]
    return WordOrder(
        tokens=tuple(aligned),
        token_stems=tuple(stem(w) for w in aligned),
        char_grams=tuple(
            Counter(joined[i : i + n] for i in range(len(joined) - n + 1)) for n in range(2, 6)
        ),
    )


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
        numbers=figures(text),
        dates=frozenset(
            " ".join(m.group(0).lower().replace(".", "").split()) for m in _DATE.finditer(text)
        ),
        negations=len(_NEGATION.findall(text)),
        text=text,
    )


def forget_readings() -> None:
    """Drop the cached readings of wordings. `compare` calls it after each story: no other
    story compares those texts, and on 800 articles the readings kept about 80 MB."""
    read.cache_clear()
    word_order.cache_clear()


def _trigrams(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(len(text) - 2)]


def _dice(a: frozenset[object], b: frozenset[object]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _unmatched(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    left = len(a - b) / len(a) if a else 0.0
    right = len(b - a) / len(b) if b else 0.0
    return max(left, right), min(left, right)


def numbers_disagree(a: Reading, b: Reading) -> bool:
    """Both give figures of one kind and each gives one the other's cannot fit: '$9.99' against
    '$9.95' (claimx.compare.figures). A wording that adds a figure to all of the other's says
    more, not something else."""
    return disagree(a.numbers, b.numbers)


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
        *mt_features(a, b),
        *wording_features(a, b),
    ]


def _ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(words[i:] for i in range(n)), strict=False))


def _precision(a: Sequence[str], b: Sequence[str], n: int) -> float:
    """Share of a's n-grams found in b, counts clipped (BLEU's modified precision)."""
    ours, theirs = _ngrams(a, n), _ngrams(b, n)
    total = sum(ours.values())
    return sum(min(c, theirs[g]) for g, c in ours.items()) / total if total else 0.0


def _both_ways(a: Sequence[str], b: Sequence[str], n: int) -> list[float]:
    one, other = _precision(a, b, n), _precision(b, a, n)
    return [max(one, other), min(one, other)]


def _bleu(a: Sequence[str], b: Sequence[str]) -> float:
    """BLEU of a against b (smoothed): n-gram precision 1 to 4, brevity penalty."""
    if not a:
        return 0.0
    brevity = min(1.0, math.exp(1 - len(b) / len(a)))
    return brevity * math.exp(sum(math.log(_precision(a, b, n) + 0.01) for n in range(1, 5)) / 4)


def _lcs_and_edit(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Longest common subsequence and word edit distance (both at most MAX_ALIGNED squared)."""
    lcs_row = [0] * (len(b) + 1)
    edit_row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        lcs_next, edit_next = [0], [i]
        for j, y in enumerate(b):
            lcs_next.append(lcs_row[j] + 1 if x == y else max(lcs_row[j + 1], lcs_next[j]))
            edit_next.append(min(edit_row[j + 1] + 1, edit_next[j] + 1, edit_row[j] + (x != y)))
        lcs_row, edit_row = lcs_next, edit_next
    return lcs_row[-1], edit_row[-1]


def _meteor(a: Sequence[str], b: Sequence[str]) -> list[float]:
    """METEOR-style: stems of a aligned in order to unused stems of b; precision, recall, the
    recall-weighted F and that F less the penalty for a fragmented alignment."""
    used: set[int] = set()
    where: dict[str, list[int]] = {}
    for j, word in enumerate(b):
        where.setdefault(word, []).append(j)
    aligned = []
    for i, word in enumerate(a):
        free = next((j for j in where.get(word, ()) if j not in used), None)
        if free is not None:
            used.add(free)
            aligned.append((i, free))
    matched = len(aligned)
    if not matched:
        return [0.0, 0.0, 0.0, 0.0]
    precision, recall = matched / len(a), matched / len(b)
    f = 10 * precision * recall / (recall + 9 * precision)
    chunks = 1 + sum(
        not (i2 == i1 + 1 and j2 == j1 + 1) for (i1, j1), (i2, j2) in pairwise(aligned)
    )
    return [precision, recall, f, f * (1 - 0.5 * (chunks / matched) ** 3)]


def _counted_dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum(min(c, b[g]) for g, c in a.items()) / total if total else 1.0


def mt_features(first: Reading, second: Reading) -> list[float]:
    """The machine-translation measures of a pair, in the order of FEATURES."""
    a, b = word_order(first.text), word_order(second.text)
    row: list[float] = []
    for x, y in ((a.tokens, b.tokens), (a.token_stems, b.token_stems)):
        for n in range(1, 5):
            row += _both_ways(x, y, n)
    row += [_bleu(a.tokens, b.tokens), _bleu(b.tokens, a.tokens)]
    longest = max(1, len(a.tokens), len(b.tokens))
    shortest = max(1, min(len(a.tokens), len(b.tokens)))
    lcs, edit = _lcs_and_edit(a.token_stems, b.token_stems)
    row += [lcs / max(1, len(a.tokens)), lcs / max(1, len(b.tokens))]
    row += [edit / longest, edit / shortest]
    row += _meteor(a.token_stems, b.token_stems) + _meteor(b.token_stems, a.token_stems)
    row += [_counted_dice(x, y) for x, y in zip(a.char_grams, b.char_grams, strict=True)]
    content_a = [w for w, t in zip(a.token_stems, a.tokens, strict=True) if t not in STOP_WORDS]
    content_b = [w for w, t in zip(b.token_stems, b.tokens, strict=True) if t not in STOP_WORDS]
    row += _both_ways(content_a, content_b, 1) + _both_ways(content_a, content_b, 2)
    gap = abs(len(a.tokens) - len(b.tokens))
    row += [gap / longest, math.log1p(gap), math.log1p(len(a.tokens) + len(b.tokens))]
    return row


def wording_features(first: Reading, second: Reading) -> list[float]:
    """What one wording has that the other lacks: content words (whole, and by their first
    letters), names, a reporting verb, quotation marks, figures; in the order of FEATURES."""
    a, b = word_order(first.text), word_order(second.text)
    content_a = {s for s, t in zip(a.token_stems, a.tokens, strict=True) if t not in STOP_WORDS}
    content_b = {s for s, t in zip(b.token_stems, b.tokens, strict=True) if t not in STOP_WORDS}
    only_a, only_b = len(content_a - content_b), len(content_b - content_a)
    prefixes_a = {s[:PREFIX] for s in content_a}
    prefixes_b = {s[:PREFIX] for s in content_b}
    shared = len(prefixes_a & prefixes_b)
    names_a, names_b = len(first.names - second.names), len(second.names - first.names)
    # Counts on a log scale: claims run longer than the sentences the model was fitted on.
    return [
        math.log1p(max(only_a, only_b)),
        math.log1p(min(only_a, only_b)),
        shared / max(1, min(len(prefixes_a), len(prefixes_b))),
        2 * shared / max(1, len(prefixes_a) + len(prefixes_b)),
        math.log1p(max(names_a, names_b)),
        math.log1p(min(names_a, names_b)),
        float(bool(_ATTRIBUTION.search(first.text)) != bool(_ATTRIBUTION.search(second.text))),
        float(bool(_QUOTATION.search(first.text)) != bool(_QUOTATION.search(second.text))),
        math.log1p(abs(len(first.numbers) - len(second.numbers))),
    ]


@dataclass(frozen=True)
class Model:
    """Standardised features, one weight each, a bias and the probability to call 'same'."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    features: tuple[str, ...] = FEATURES

    @property
    def uses_e5(self) -> bool:
        """Whether the model reads the e5 cosine of the pair (its last feature)."""
        return E5_FEATURE in self.features

    def probability(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        probability: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))
        return probability

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        known = next((f for f in (FEATURES, E5_FEATURES) if data.get("features") == list(f)), None)
        if known is None:
            raise ValueError("claim equivalence model was fitted on other features")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            features=known,
        )


@cache
def shipped_model(e5: bool = False) -> Model:
    """A model that ships with claimx: the lexical one, or the one that reads e5's cosine."""
    path = E5_MODEL_PATH if e5 else MODEL_PATH
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def installed_model() -> Model:
    """The best model the installed extras allow: e5's when the `e5` extra is there."""
    return shipped_model(e5=e5_available())


def e5_cosines(
    pairs: Sequence[tuple[str, str]],
    encoder: Callable[[Sequence[str]], FloatMatrix] | None = None,
) -> list[float]:
    """The cosine of each pair's e5 vectors (or `encoder`'s), each distinct wording encoded once."""
    texts = sorted({t for pair in pairs for t in pair})
    vectors = embed(texts, encoder=encoder or encode_e5)
    row = {t: i for i, t in enumerate(texts)}
    return [float(vectors[row[a]] @ vectors[row[b]]) for a, b in pairs]


def same_claim(
    pairs: Sequence[tuple[str, str, float]],
    model: Model | None = None,
    cosines: Sequence[float] | None = None,
) -> list[bool]:
    """For (wording, wording, lexical score) pairs: do they state the same fact?

    A model that reads e5's cosine takes `cosines` (one a pair), or encodes the wordings.
    """
    if not pairs:
        return []
    model = model or shipped_model()
    readings = [(read(a), read(b)) for a, b, _ in pairs]
    rows = [
        features(a, b, lexical) for (a, b), (_, _, lexical) in zip(readings, pairs, strict=True)
    ]
    if model.uses_e5:
        if cosines is None:
            cosines = e5_cosines([(a, b) for a, b, _ in pairs])
        rows = [[*row, cosine] for row, cosine in zip(rows, cosines, strict=True)]
    probability = model.probability(rows)
    return [
        bool(p >= model.threshold) and not numbers_disagree(a, b)
        for p, (a, b) in zip(probability.tolist(), readings, strict=True)
    ]


class _Worded(Protocol):
    @property
    def text(self) -> str: ...


def same_claim_graph(
    items: Sequence[_Worded],
    graph: Graph,
    floor: float = 0.0,
    *,
    judged: bool = False,
    e5: bool = False,
) -> Graph:
    """The graph with the pairs scoring at least `floor` that are not the same claim set to 0,
    so that clustering never joins them on their own: pairs that disagree on a number, and,
    when `judged`, every pair the learned decision holds different: the model that reads e5's
    cosine when `e5` and the extra is installed (each wording of a pair encoded once), else
    the lexical one."""
    pairs = [
        (i, j, value)
        for i, row in enumerate(graph.edges)
        for j, value in row.items()
        if i < j and value >= floor
    ]
    if judged:
        model = installed_model() if e5 else shipped_model()
        # The model reads the TF-IDF cosine it was fitted on, not a score fused with embeddings.
        verdicts = same_claim(
            [(items[i].text, items[j].text, graph.lexical_score(i, j)) for i, j, _ in pairs],
            model,
        )
    else:
        verdicts = [
            not numbers_disagree(read(items[i].text), read(items[j].text)) for i, j, _ in pairs
        ]
    rejected = {(i, j) for (i, j, _), same in zip(pairs, verdicts, strict=True) if not same}
    if not rejected:
        return graph
    return graph.map(lambda i, j, value: 0.0 if (min(i, j), max(i, j)) in rejected else value)
