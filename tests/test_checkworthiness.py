"""Check-worthiness: features, hashing, TF-IDF, saving and loading, and the shipped model."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimx.checkworthiness import (
    MODEL_DIR,
    N_BUCKETS,
    CheckworthinessModel,
    hashed_counts,
    sentence_features,
    shipped_model,
    tfidf_vector,
)


def test_checkworthiness_features_are_words_bigrams_tag_ngrams_and_entity_labels(
    blank_nlp: Language,
) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["Iran", "grew", "."],
        tags=["NNP", "VBD", "."],
        ents=["B-GPE", "O", "O"],
    )
    features = sentence_features(doc)
    assert {"w:iran", "w:grew", "w2:iran grew", "w2:grew ."} <= set(features)
    assert {"t:<s>", "t:NNP", "t2:<s> NNP", "t3:NNP VBD .", "t:</s>"} <= set(features)
    assert "e:GPE" in features


def test_checkworthiness_hashing_is_stable_and_in_range() -> None:
    counts = hashed_counts(["w:iran", "w:iran", "t:NNP"])
    assert sorted(counts.values()) == [1, 2]
    assert all(0 <= bucket < N_BUCKETS for bucket in counts)
    # crc32, not Python's salted hash: the same bucket in every process.
    assert hashed_counts(["w:iran"]) == {2344824563 % N_BUCKETS: 1}


def test_checkworthiness_tfidf_is_sublinear_normalised_and_drops_unseen_buckets() -> None:
    vector = tfidf_vector(Counter({1: 1, 2: 3, 3: 5}), {1: 1.0, 2: 1.0})
    assert set(vector) == {1, 2}
    assert math.isclose(sum(v * v for v in vector.values()), 1.0)
    assert vector[2] > vector[1]
    assert tfidf_vector(Counter({3: 1}), {1: 1.0}) == {}


def test_checkworthiness_model_round_trips_through_disk(
    blank_nlp: Language, tmp_path: Path
) -> None:
    (bucket,) = hashed_counts(["w:unemployment"])
    model = CheckworthinessModel(
        idf={bucket: 2.0, 7: 1.5}, weights={bucket: 3.0}, bias=-1.0, threshold=0.42
    )
    model.save(tmp_path, {"note": "test"})
    loaded = CheckworthinessModel.load(tmp_path)
    assert loaded.threshold == 0.42
    docs = [blank_nlp("Unemployment fell."), blank_nlp("Hello there.")]
    assert loaded.score(docs) == pytest.approx(model.score(docs))
    assert loaded.score(docs)[0] > 0.5 > loaded.score(docs)[1]


def test_checkworthiness_shipped_model_is_small_with_a_sane_threshold() -> None:
    size = sum(f.stat().st_size for f in MODEL_DIR.iterdir())
    assert size < 3_000_000
    assert 0.2 < shipped_model().threshold < 0.9


def test_checkworthiness_scores_nothing_for_no_sentences() -> None:
    assert shipped_model().score([]) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "checkworthy"),
    [
        ("Unemployment fell from 10 percent in 2009 to 4.1 percent in 2017.", True),
        ("The Senate passed the bill by 52 votes to 48 in March 2019.", True),
        ("Thank you all so much, it is wonderful to be here tonight.", False),
        ("I think we need to do better for our children.", False),
    ],
)
def test_checkworthiness_shipped_model_separates_facts_from_pleasantries(
    real_nlp: Language, text: str, checkworthy: bool
) -> None:
    model = shipped_model()
    (score,) = model.score([real_nlp(text)])
    assert (score >= model.threshold) is checkworthy
