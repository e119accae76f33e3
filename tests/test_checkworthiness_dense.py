"""Check-worthiness, second stage: dense features, Platt scaling, calibration error, the head."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.checkworthiness.dense import (
    COUNT_NAMES,
    DenseHead,
    count_features,
    dense_features,
    expected_calibration_error,
    fit_platt,
    platt,
    pooled_vectors,
)
from claimx.nlp.checkworthiness.linear import N_BUCKETS, CheckworthinessModel, shipped_model

WIDTH = 3


def with_tensor(doc: Doc) -> Doc:
    """The Doc with token i's vector [i, -i, 1], as tok2vec would leave one."""
    doc.tensor = np.array([[i, -i, 1.0] for i in range(len(doc))], dtype=np.float32)
    return doc


def counts(span: Doc) -> dict[str, float]:
    return dict(zip(COUNT_NAMES, count_features(span), strict=True))


def test_dense_counts_entities_by_label_numbers_quotes_and_modality(blank_nlp: Language) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["“", "Iran", "will", "not", "grow", "3", "%", "in", "2019", ",", "”", "we", "said"],
        tags=["``", "NNP", "MD", "RB", "VB", "CD", "NN", "IN", "CD", ",", "''", "PRP", "VBD"],
        ents=["O", "B-GPE", "O", "O", "O", "B-PERCENT", "I-PERCENT", "O", "B-DATE", *["O"] * 4],
    )
    found = counts(doc)
    assert found["ents:GPE"] == pytest.approx(np.log1p(1))
    assert found["ents:PERCENT"] == pytest.approx(np.log1p(1))
    assert found["ents:DATE"] == pytest.approx(np.log1p(1))
    assert found["ents:PERSON"] == 0.0
    assert found["ents"] == pytest.approx(np.log1p(3))
    assert found["numbers"] == pytest.approx(np.log1p(2))
    assert found["digits"] == pytest.approx(np.log1p(2))
    assert found["quotes"] == pytest.approx(np.log1p(2))
    assert found["modality:future"] == 1.0
    assert found["modality:asserted"] == 0.0
    assert found["negated"] == 1.0
    assert found["first_person"] == pytest.approx(np.log1p(1))
    assert found["words"] == pytest.approx(np.log1p(9))
    assert found["modals"] == pytest.approx(np.log1p(1))
    assert found["past_tense"] == pytest.approx(np.log1p(1))
    assert found["comparatives"] == found["superlatives"] == found["question"] == 0.0


def test_dense_counts_comparisons_and_flags_a_question(blank_nlp: Language) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["Is", "it", "the", "highest", "rate", ",", "higher", "than", "more", "?"],
        tags=["VBZ", "PRP", "DT", "JJS", "NN", ",", "JJR", "IN", "RBR", "."],
    )
    found = counts(doc)
    assert found["comparatives"] == pytest.approx(np.log1p(2))
    assert found["superlatives"] == pytest.approx(np.log1p(1))
    assert found["question"] == 1.0
    assert counts(doc[:5])["question"] == 0.0


def test_dense_features_count_a_docs_spans_at_once_as_each_alone(blank_nlp: Language) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["“", "Iran", "will", "not", "grow", "3", "%", "”", ",", "we", "said", "?"],
        tags=["``", "NNP", "MD", "RB", "VB", "CD", "NN", "''", ",", "PRP", "VBD", "."],
        ents=["O", "B-GPE", "O", "O", "O", "B-PERCENT", "I-PERCENT", *["O"] * 5],
    )
    other = Doc(blank_nlp.vocab, words=["Is", "it", "higher", "?"], tags=["VBZ", "PRP", "JJR", "."])
    spans = [doc[0:8], other[:], doc[9:12], doc[:], doc[1:2], other[0:2]]
    matrix, present = dense_features(spans, WIDTH)
    assert present.tolist() == [0.0] * len(spans)  # no tensor on these Docs
    for row, span in zip(matrix, spans, strict=True):
        assert row[2 * WIDTH :].tolist() == count_features(span)
    assert dense_features([], WIDTH)[0].shape == (0, 2 * WIDTH + len(COUNT_NAMES))


def test_dense_counts_only_entities_starting_inside_the_span(blank_nlp: Language) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["New", "York", "grew", "fast", "."],
        ents=["B-GPE", "I-GPE", "O", "O", "O"],
    )
    assert counts(doc[1:])["ents:GPE"] == 0.0
    assert counts(doc[0:])["ents:GPE"] == pytest.approx(np.log1p(1))


def test_dense_pools_the_spans_own_token_vectors_mean_and_max(blank_nlp: Language) -> None:
    doc = with_tensor(blank_nlp("Prices rose by four percent ."))
    pooled = pooled_vectors(doc[1:4], WIDTH)
    assert pooled is not None
    assert pooled.tolist() == pytest.approx([2.0, -2.0, 1.0, 3.0, -1.0, 1.0])


def test_dense_has_no_vectors_without_a_tensor_or_of_another_width(blank_nlp: Language) -> None:
    doc = blank_nlp("Prices rose by four percent .")
    assert pooled_vectors(doc[0:3], WIDTH) is None
    assert pooled_vectors(with_tensor(doc)[0:3], WIDTH + 1) is None
    matrix, present = dense_features([doc[0:3], doc[3:]], WIDTH)
    assert matrix.shape == (2, 2 * WIDTH + len(COUNT_NAMES))
    assert present.tolist() == [1.0, 1.0]
    matrix, present = dense_features([blank_nlp("No tensor here .")], WIDTH)
    assert present.tolist() == [0.0]
    assert matrix[0, : 2 * WIDTH].tolist() == [0.0] * (2 * WIDTH)


def test_platt_is_a_logistic_curve_over_the_logit() -> None:
    probabilities = platt(np.array([0.0, 2.0, -1000.0, 1000.0]), 0.5, 0.0)
    assert probabilities.tolist() == pytest.approx([0.5, 1 / (1 + np.exp(-1.0)), 0.0, 1.0])
    assert platt(np.array([1.0]), 2.0, -2.0).tolist() == pytest.approx([0.5])


def test_platt_fit_recovers_the_curve_the_labels_were_drawn_from() -> None:
    generator = random.Random(0)
    logits = np.array([generator.uniform(-6, 6) for _ in range(20000)])
    labels = [int(generator.random() < 1 / (1 + np.exp(-(0.5 * x - 1.0)))) for x in logits]
    slope, intercept = fit_platt(logits, labels)
    assert slope == pytest.approx(0.5, abs=0.05)
    assert intercept == pytest.approx(-1.0, abs=0.1)


def test_platt_fit_stays_finite_on_separable_scores() -> None:
    slope, intercept = fit_platt(np.array([-2.0, -1.0, 1.0, 2.0]), [0, 0, 1, 1])
    assert np.isfinite(slope)
    assert np.isfinite(intercept)
    assert slope > 0


@pytest.mark.parametrize(
    ("probabilities", "labels", "expected"),
    [
        ([0.9, 0.9, 0.9, 0.9], [1, 1, 0, 1], 0.15),  # says 0.9, right 3 times in 4
        ([0.05, 0.05, 0.95, 0.95], [0, 0, 1, 1], 0.05),
        ([0.25, 0.25, 0.25, 0.25, 0.75, 0.75], [0, 0, 0, 1, 1, 0], (4 * 0 + 2 * 0.25) / 6),
        ([], [], 0.0),
    ],
)
def test_expected_calibration_error_weighs_each_bins_gap_by_its_size(
    probabilities: list[float], labels: list[int], expected: float
) -> None:
    assert expected_calibration_error(probabilities, labels) == pytest.approx(expected)


def head(width: int = WIDTH) -> DenseHead:
    size = 2 * width + len(COUNT_NAMES)
    weights = np.zeros(size)
    weights[0] = 1.0  # the mean of the first tensor column
    return DenseHead(
        width=width,
        mean=np.full(size, 1.0),
        scale=np.full(size, 2.0),
        weights=weights,
        word_weight=0.5,
        bias=-1.0,
        platt_slope=2.0,
        platt_intercept=0.5,
    )


def test_dense_head_standardises_weighs_and_calibrates() -> None:
    size = 2 * WIDTH + len(COUNT_NAMES)
    dense = np.zeros((2, size))
    dense[:, 0] = 5.0
    logits = head().logits(np.array([2.0, 2.0]), dense, np.array([1.0, 0.0]))
    # (5 - 1) / 2 = 2 from the vector column, 0.5 * 2 from the word logit, -1 bias; a row
    # without vectors reads its training mean there.
    assert logits.tolist() == pytest.approx([2.0, 0.0])
    probabilities = head().probabilities(np.array([2.0, 2.0]), dense, np.array([1.0, 0.0]))
    assert probabilities.tolist() == pytest.approx(platt(np.array([2.0, 0.0]), 2.0, 0.5).tolist())


def test_dense_model_round_trips_through_disk(blank_nlp: Language, tmp_path: Path) -> None:
    model = CheckworthinessModel(
        np.ones(N_BUCKETS, dtype=np.float32),
        np.zeros(N_BUCKETS, dtype=np.float32),
        bias=0.0,
        threshold=0.4,
        dense=head(),
    )
    model.save(tmp_path, {"note": "test"})
    loaded = CheckworthinessModel.load(tmp_path)
    assert loaded.dense is not None
    assert loaded.dense.width == WIDTH
    docs = [with_tensor(blank_nlp("Unemployment fell to four percent in May .")), blank_nlp("Hi .")]
    spans = [docs[0][3:8], docs[1][:]]
    assert loaded.score(spans) == pytest.approx(model.score(spans))
    # The vector feature raises the first; the second has no tensor and reads the mean.
    assert model.score(spans)[0] > model.score(spans)[1]
    assert model.word_scores(spans) == pytest.approx([0.5, 0.5])


def test_shipped_model_scores_with_its_dense_head_as_probabilities(blank_nlp: Language) -> None:
    model = shipped_model()
    assert model.dense is not None
    scores = model.score([blank_nlp("Unemployment fell to four percent in 2019.")])
    assert all(0.0 < s < 1.0 for s in scores)


def test_dense_features_of_width_0_are_the_counts_alone(blank_nlp: Language) -> None:
    doc = with_tensor(blank_nlp("Prices rose by four percent ."))
    matrix, present = dense_features([doc[0:3], doc[3:]], 0)
    assert matrix.shape == (2, len(COUNT_NAMES))
    assert present.tolist() == [0.0, 0.0]
    assert matrix[1].tolist() == count_features(doc[3:])


def test_shipped_head_reads_no_token_vectors(blank_nlp: Language) -> None:
    # Pooled tok2vec vectors tied with the counts alone out of fold, so the head has none: the
    # score is the same whatever the tensor holds (en_core_web_sm's is 96 wide).
    model = shipped_model()
    assert model.dense is not None
    assert model.dense.width == 0
    text = "Unemployment fell to four percent in 2019 ."
    doc = blank_nlp(text)
    doc.tensor = np.random.default_rng(0).normal(size=(len(doc), 96)).astype(np.float32)
    assert model.score([doc]) == pytest.approx(model.score([blank_nlp(text)]))
