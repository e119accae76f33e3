"""Check-worthiness: the dense features of a sentence, and turning scores into probabilities.

Beside its hashed words and tags (`checkworthiness.sentence_features`), the default model reads
what the spaCy pipeline has already computed for the sentence: counts of what it names (entities
by label, numbers, quotation marks, modal and negating words...) and, in a head trained with
them, the token vectors of its tok2vec layer (`doc.tensor`), mean- and max-pooled over the
sentence (the shipped head has none: `width` 0). All of it is slicing and counting over the
sentence's own tokens, so it adds no second encoder and next to no time.

The linear model's score is turned into a probability by Platt scaling (a logistic curve over
the raw logit) fitted on out-of-fold scores of the training data, so that `checkworthiness`
reads as a probability; `expected_calibration_error` measures how far it is from one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.attrs import (
    ENT_IOB,
    ENT_TYPE,
    IS_ALPHA,
    IS_QUOTE,
    IS_SPACE,
    LIKE_NUM,
    LOWER,
    SHAPE,
    TAG,
)
from spacy.tokens import Doc, Span

from claimx.nlp.modality import modality_and_negation

FloatArray = npt.NDArray[np.float64]

# OntoNotes labels, as en_core_web_sm predicts them.
ENTITY_LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
MODALITIES = ("asserted", "reported", "hedged", "future")
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
SECOND_PERSON = frozenset({"you", "your"})
# Fine-grained (Penn) tags counted: comparisons, modal verbs, the past tense.
TAG_GROUPS = {
    "comparatives": ("JJR", "RBR"),
    "superlatives": ("JJS", "RBS"),
    "modals": ("MD",),
    "past_tense": ("VBD",),
}
COUNT_NAMES = (
    *(f"ents:{label}" for label in ENTITY_LABELS),
    "ents",
    "numbers",
    "digits",
    "quotes",
    *(f"modality:{m}" for m in MODALITIES),
    "negated",
    "first_person",
    "second_person",
    "words",
    *TAG_GROUPS,
    "question",
)


def token_counts(doc: Doc) -> npt.NDArray[np.int64]:
    """Running totals, token by token, of what `count_features` counts (one row per token, and
    a first row of zeros), so that any span's counts are one subtraction."""
    strings = doc.vocab.strings
    table = doc.to_array(
        [IS_SPACE, ENT_IOB, ENT_TYPE, LIKE_NUM, IS_QUOTE, LOWER, IS_ALPHA, SHAPE, TAG]
    )
    space, iob, label, number, quote, lower, alpha, shape, tag = table.T.astype(np.uint64)
    kept = space == 0
    labels = np.array([strings[name] for name in ENTITY_LABELS], dtype=np.uint64)
    # ENT_IOB 3 is "B": an entity starts here.
    starts = (label[:, None] == labels[None, :]) & ((iob == 3) & kept)[:, None]
    # A token's shape has a "d" exactly where its text has a digit.
    digit_shapes = np.array(
        [key for key in set(shape.tolist()) if "d" in strings[key]], dtype=np.uint64
    )
    first = np.array([strings[w] for w in FIRST_PERSON], dtype=np.uint64)
    second = np.array([strings[w] for w in SECOND_PERSON], dtype=np.uint64)
    columns = np.column_stack(
        [
            starts,
            (number == 1) & kept,
            np.isin(shape, digit_shapes) & kept,
            (quote == 1) & kept,
            np.isin(lower, first) & kept,
            np.isin(lower, second) & kept,
            ((alpha == 1) | (number == 1)) & kept,
            *(
                np.isin(tag, np.array([strings[t] for t in tags], dtype=np.uint64)) & kept
                for tags in TAG_GROUPS.values()
            ),
            np.isin(lower, np.array([strings["?"]], dtype=np.uint64)) & kept,
        ]
    ).astype(np.int64)
    totals: npt.NDArray[np.int64] = np.vstack(
        [np.zeros((1, columns.shape[1]), dtype=np.int64), np.cumsum(columns, axis=0)]
    )
    return totals


def span_counts(span: Span, totals: npt.NDArray[np.int64]) -> list[float]:
    """The span's counts from its Doc's running totals, log(1 + n) damped; 0/1 flags."""
    found = totals[span.end] - totals[span.start]
    entities = found[: len(ENTITY_LABELS)]
    numbers, digits, quotes, first, second, words, *tagged, questions = found[
        len(ENTITY_LABELS) :
    ].tolist()
    counts = [*entities.tolist(), int(entities.sum()), numbers, digits, quotes]
    stated, negated = modality_and_negation(span, attributed=False)
    flags = [float(stated == m) for m in MODALITIES]
    flags.append(float(negated))
    return [
        *np.log1p(counts).tolist(),
        *flags,
        *np.log1p([first, second, words, *tagged]).tolist(),
        float(questions > 0),
    ]


def count_features(span: Span | Doc) -> list[float]:
    """Counts of what the sentence names and how it says it, log(1 + n) damped; 0/1 flags:
    entities starting inside it by label and in all, numbers, tokens with digits, quotation
    marks, its modality (one-hot) and negation, first- and second-person words, words,
    comparatives, superlatives, modal verbs, past-tense verbs, and whether it asks (a "?")."""
    whole = span[:] if isinstance(span, Doc) else span
    return span_counts(whole, token_counts(whole.doc))


def pooled_vectors(span: Span | Doc, width: int) -> FloatArray | None:
    """Mean and max of the sentence's token vectors (`doc.tensor`), or None without them.

    None where the pipeline left no tensor (a blank pipeline) or one of another width than the
    model was trained on (another spaCy model): the model then reads its training mean there.
    """
    doc = span if isinstance(span, Doc) else span.doc
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != width:
        return None
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    if end <= start or tensor.shape[0] < end:
        return None
    rows = np.asarray(tensor[start:end], dtype=np.float64)
    return np.concatenate([rows.mean(axis=0), rows.max(axis=0)])


def count_rows(spans: Sequence[Span], totals: npt.NDArray[np.int64]) -> FloatArray:
    """`span_counts` of each of some spans of one Doc (`totals`: its running totals), the
    arithmetic done for all of them at once rather than array by little array per span."""
    if not spans:
        return np.zeros((0, len(COUNT_NAMES)), dtype=np.float64)
    starts = np.array([span.start for span in spans], dtype=np.int64)
    ends = np.array([span.end for span in spans], dtype=np.int64)
    found = totals[ends] - totals[starts]
    labels = len(ENTITY_LABELS)
    entities = found[:, :labels]
    # Entities by label and in all, numbers, digits, quotes; then, after the modality flags,
    # first and second person, words, the tag groups; last, whether it asks.
    counts = np.column_stack([entities, entities.sum(axis=1), found[:, labels : labels + 3]])
    flags = []
    for span in spans:
        stated, negated = modality_and_negation(span, attributed=False)
        flags.append([*(float(stated == m) for m in MODALITIES), float(negated)])
    return np.column_stack(
        [
            np.log1p(counts),
            np.array(flags, dtype=np.float64),
            np.log1p(found[:, labels + 3 : -1]),
            (found[:, -1] > 0).astype(np.float64),
        ]
    )


def dense_features(spans: Sequence[Span | Doc], width: int) -> tuple[FloatArray, FloatArray]:
    """The dense features of each sentence, and a 0/1 mask of which have pooled vectors.

    Columns: mean-pooled vectors (`width`), max-pooled vectors (`width`), then `COUNT_NAMES`.
    Rows without vectors hold zeros in the first 2 * `width` columns and 0 in the mask; with
    `width` 0 there are none, the counts alone, and the tensor is not read.
    """
    matrix = np.zeros((len(spans), 2 * width + len(COUNT_NAMES)), dtype=np.float64)
    present = np.zeros(len(spans), dtype=np.float64)
    # Spans by Doc: a document's sentences share its running totals and are counted at once.
    by_doc: dict[int, tuple[Doc, list[int], list[Span]]] = {}
    for i, span in enumerate(spans):
        pooled = pooled_vectors(span, width) if width else None
        if pooled is not None:
            matrix[i, : 2 * width] = pooled
            present[i] = 1.0
        whole = span[:] if isinstance(span, Doc) else span
        _doc, rows, wholes = by_doc.setdefault(id(whole.doc), (whole.doc, [], []))
        rows.append(i)
        wholes.append(whole)
    for doc, rows, wholes in by_doc.values():
        matrix[rows, 2 * width :] = count_rows(wholes, token_counts(doc))
    return matrix, present


def sigmoid(values: FloatArray) -> FloatArray:
    """The logistic function, without overflow for large negative inputs."""
    result: FloatArray = np.exp(-np.logaddexp(0.0, -values))
    return result


def platt(logits: FloatArray, slope: float, intercept: float) -> FloatArray:
    """Platt scaling: the probability for each raw logit, sigmoid(slope * logit + intercept)."""
    return sigmoid(slope * np.asarray(logits, dtype=np.float64) + intercept)


def fit_platt(
    logits: FloatArray, labels: Sequence[int], *, steps: int = 100
) -> tuple[float, float]:
    """The slope and intercept of Platt scaling, by Newton's method on the log loss.

    The targets are Platt's smoothed ones ((n+ + 1) / (n+ + 2) and 1 / (n- + 2)), so that a
    perfectly separated calibration set does not drive the slope to infinity.
    """
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    positives, negatives = float(y.sum()), float(len(y) - y.sum())
    target = np.where(y > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    design = np.column_stack([x, np.ones_like(x)])
    params = np.zeros(2)
    for _ in range(steps):
        p = sigmoid(design @ params)
        gradient = design.T @ (p - target)
        weights = p * (1 - p) + 1e-12
        hessian = design.T @ (design * weights[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        params -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(params[0]), float(params[1])


def expected_calibration_error(
    probabilities: Sequence[float], labels: Sequence[int], *, bins: int = 10
) -> float:
    """ECE: over equal-width probability bins, |mean probability - positive rate|, by bin size."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if len(p) == 0:
        return 0.0
    which = np.minimum((p * bins).astype(np.int64), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.sum() / len(p) * abs(p[inside].mean() - y[inside].mean())
    return float(error)


@dataclass(frozen=True)
class DenseHead:
    """The second stage: the word model's logit and the dense features, then Platt scaling.

    `mean` and `scale` standardise the dense features as in training; `weights` weigh them,
    `word_weight` the word model's logit. Rows without pooled vectors read their training mean
    (0 once standardised) in those columns.
    """

    width: int
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray
    word_weight: float
    bias: float
    platt_slope: float
    platt_intercept: float

    def logits(self, word_logits: FloatArray, dense: FloatArray, present: FloatArray) -> FloatArray:
        """The second stage's raw score of each sentence, before calibration."""
        standard = (dense - self.mean) / self.scale
        standard[present == 0, : 2 * self.width] = 0.0
        result: FloatArray = standard @ self.weights + self.word_weight * word_logits + self.bias
        return result

    def probabilities(
        self, word_logits: FloatArray, dense: FloatArray, present: FloatArray
    ) -> FloatArray:
        """The calibrated probability that each sentence is a check-worthy claim."""
        logits = self.logits(word_logits, dense, present)
        return platt(logits, self.platt_slope, self.platt_intercept)

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """The head as named arrays, for `np.savez`."""
        return {
            "dense_mean": self.mean,
            "dense_scale": self.scale,
            "dense_weights": self.weights,
            "dense_scalars": np.array(
                [
                    self.width,
                    self.word_weight,
                    self.bias,
                    self.platt_slope,
                    self.platt_intercept,
                ],
                dtype=np.float64,
            ),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.float64]]) -> DenseHead:
        width, word_weight, bias, slope, intercept = arrays["dense_scalars"].tolist()
        return cls(
            width=int(width),
            mean=arrays["dense_mean"].astype(np.float64),
            scale=arrays["dense_scale"].astype(np.float64),
            weights=arrays["dense_weights"].astype(np.float64),
            word_weight=word_weight,
            bias=bias,
            platt_slope=slope,
            platt_intercept=intercept,
        )
