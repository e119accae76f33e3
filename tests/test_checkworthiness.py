"""Check-worthiness: features, hashing, TF-IDF, saving and loading, and the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.checkworthiness.linear import (
    MODEL_DIR,
    N_BUCKETS,
    CheckworthinessModel,
    DocTokens,
    Rows,
    char_ngram_buckets,
    feature_buckets,
    sentence_features,
    shipped_model,
    tfidf_rows,
)
from claimx.nlp.checkworthiness.scorers import ClaimModel, shipped_scorer
from claimx.nlp.minilm import MODEL_PACKAGE


def model_from(
    idf: dict[int, float], weights: dict[int, float], *, bias: float, threshold: float = 0.5
) -> CheckworthinessModel:
    dense_idf = np.zeros(N_BUCKETS, dtype=np.float32)
    dense_weights = np.zeros(N_BUCKETS, dtype=np.float32)
    for bucket, value in idf.items():
        dense_idf[bucket] = value
    for bucket, value in weights.items():
        dense_weights[bucket] = value
    return CheckworthinessModel(dense_idf, dense_weights, bias=bias, threshold=threshold)


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


def test_sentence_features_of_a_span_skip_its_spaces_and_read_only_its_own_tokens(
    blank_nlp: Language,
) -> None:
    doc = Doc(
        blank_nlp.vocab,
        words=["Iran", "grew", ".", "\n\n", "Oil", "fell", "in", "Oslo", "."],
        spaces=[True, False, False, False, True, True, True, False, False],
        tags=["NNP", "VBD", ".", "_SP", "NN", "VBD", "IN", "NNP", "."],
        ents=["B-GPE", "O", "O", "O", "O", "O", "O", "B-GPE", "O"],
    )
    second = doc[3:9]  # a line break first, then "Oil fell in Oslo."
    expected = [
        "w:oil", "w:fell", "w:in", "w:oslo", "w:.",
        "w2:oil fell", "w2:fell in", "w2:in oslo", "w2:oslo .",
        "t:<s>", "t:NN", "t:VBD", "t:IN", "t:NNP", "t:.", "t:</s>",
        "t2:<s> NN", "t2:NN VBD", "t2:VBD IN", "t2:IN NNP", "t2:NNP .", "t2:. </s>",
        "t3:<s> NN VBD", "t3:NN VBD IN", "t3:VBD IN NNP", "t3:IN NNP .", "t3:NNP . </s>",
        "e:GPE",
    ]  # fmt: skip
    assert sentence_features(second) == expected
    # The Doc's tokens read once serve every sentence alike.
    tokens = DocTokens(doc)
    assert sentence_features(second, tokens) == expected
    assert sentence_features(doc[0:3], tokens) == sentence_features(doc[0:3])
    assert sentence_features(doc[3:4], tokens) == ["t:<s>", "t:</s>", "t2:<s> </s>"]
    assert sentence_features(doc, tokens) == sentence_features(doc[:])


def test_checkworthiness_hashing_is_stable_and_in_range() -> None:
    buckets = feature_buckets(["w:iran", "w:iran", "t:NNP"])
    assert buckets[0] == buckets[1] != buckets[2]
    assert all(0 <= bucket < N_BUCKETS for bucket in buckets)
    # crc32, not Python's salted hash: the same bucket in every process.
    assert feature_buckets(["w:iran"]).tolist() == [2344824563 % N_BUCKETS]


def test_checkworthiness_char_ngrams_are_2_to_5_grams_of_the_padded_lowercased_text() -> None:
    buckets = char_ngram_buckets("Tax  up 4%")
    # " tax up 4% " has 11 characters: 10 bigrams, 9 trigrams, 8 four-grams, 7 five-grams.
    assert len(buckets) == 10 + 9 + 8 + 7
    assert all(0 <= bucket < N_BUCKETS for bucket in buckets)
    # Case and runs of whitespace do not matter; every n-gram is hashed alike in any process.
    assert char_ngram_buckets("TAX up\n4%").tolist() == buckets.tolist()
    assert char_ngram_buckets("4%").tolist() == char_ngram_buckets("4%").tolist()
    # The same n-gram ("4%") hashes to the same bucket wherever it occurs; "4%" and "%4" differ.
    assert set(char_ngram_buckets("4%")) <= set(buckets.tolist())
    assert char_ngram_buckets("4%")[1] != char_ngram_buckets("%4")[1]
    # " ab ": 3 bigrams, 2 trigrams, 1 four-gram, all distinct (lengths are hashed apart).
    assert len(set(char_ngram_buckets("ab").tolist())) == 3 + 2 + 1
    assert char_ngram_buckets("").tolist() == [char_ngram_buckets(" ")[0]]


def test_checkworthiness_char_block_adds_its_own_normalised_logit(blank_nlp: Language) -> None:
    docs = [blank_nlp("Up 4%."), blank_nlp("Hello there.")]
    rows = Rows.of(docs)
    assert [len(r) for r in rows.chars] == [len(char_ngram_buckets(d.text)) for d in docs]
    percent = int(char_ngram_buckets("4%")[1])  # the bigram "4%"
    char_idf = np.zeros(N_BUCKETS, dtype=np.float32)
    char_weights = np.zeros(N_BUCKETS, dtype=np.float32)
    char_idf[percent], char_weights[percent] = 1.0, 5.0
    words = model_from({}, {}, bias=-1.0)
    model = CheckworthinessModel(
        words.idf,
        words.weights,
        bias=-1.0,
        threshold=0.5,
        char_idf=char_idf,
        char_weights=char_weights,
    )
    # The only known n-gram is the whole of the first row's block: its value is 1 (L2 norm).
    assert model.logits(rows).tolist() == pytest.approx([4.0, -1.0])
    assert words.logits(rows).tolist() == pytest.approx([-1.0, -1.0])


def test_checkworthiness_tfidf_is_sublinear_normalised_per_row_and_drops_unseen() -> None:
    idf = np.zeros(N_BUCKETS, dtype=np.float32)
    idf[[1, 2]] = 1.0
    rows = [np.array([1, 2, 2, 2, 3]), np.array([3]), np.array([1])]
    row, bucket, values = tfidf_rows(rows, idf)
    assert row.tolist() == [0, 0, 2]
    assert bucket.tolist() == [1, 2, 1]
    assert values[0] < values[1]  # 3 occurrences weigh more than 1, less than 3 times more
    assert values[1] < 3 * values[0]
    assert values[0] ** 2 + values[1] ** 2 == pytest.approx(1.0)
    assert values[2] == pytest.approx(1.0)


def test_checkworthiness_model_round_trips_through_disk(
    blank_nlp: Language, tmp_path: Path
) -> None:
    (bucket,) = feature_buckets(["w:unemployment"])
    model = model_from({int(bucket): 2.0, 7: 1.5}, {int(bucket): 3.0}, bias=-1.0, threshold=0.42)
    model.save(tmp_path, {"note": "test"})
    loaded = CheckworthinessModel.load(tmp_path)
    assert loaded.threshold == 0.42
    docs = [blank_nlp("Unemployment fell."), blank_nlp("Hello there.")]
    assert loaded.score(docs) == pytest.approx(model.score(docs))
    assert loaded.score(docs)[0] > 0.5 > loaded.score(docs)[1]
    assert loaded.char_idf is None


def test_checkworthiness_model_with_char_block_round_trips_through_disk(
    blank_nlp: Language, tmp_path: Path
) -> None:
    char_idf = np.zeros(N_BUCKETS, dtype=np.float32)
    char_weights = np.zeros(N_BUCKETS, dtype=np.float32)
    for bucket in char_ngram_buckets("unemployment"):
        char_idf[bucket], char_weights[bucket] = 1.5, 2.0
    words = model_from({}, {}, bias=-1.0)
    model = CheckworthinessModel(
        words.idf,
        words.weights,
        bias=-1.0,
        threshold=0.3,
        char_idf=char_idf,
        char_weights=char_weights,
    )
    model.save(tmp_path, {"note": "test"})
    loaded = CheckworthinessModel.load(tmp_path)
    docs = [blank_nlp("Unemployment fell."), blank_nlp("Hello there.")]
    assert loaded.score(docs) == pytest.approx(model.score(docs))
    assert loaded.score(docs)[0] > 0.9 > loaded.score(docs)[1]  # shared n-grams: "lo"


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
@pytest.mark.parametrize("claim_model", ["linear", "minilm"])
def test_checkworthiness_shipped_model_separates_facts_from_pleasantries(
    real_nlp: Language, text: str, checkworthy: bool, claim_model: ClaimModel
) -> None:
    if claim_model == "minilm":
        pytest.importorskip("peft")
        pytest.importorskip(MODEL_PACKAGE)
    model = shipped_scorer(claim_model)
    (score,) = model.score([real_nlp(text)])
    assert (score >= model.threshold) is checkworthy
