"""claimx.compare.similarity: normalisation, the lexical index, the hybrid with embeddings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimx.compare import similarity as matching
from claimx.compare.similarity import (
    LexicalIndex,
    Similarity,
    fuse,
    normalise,
    resolve_matcher,
    terms,
)
from claimx.nlp import openvino_encoder
from claimx.nlp.minilm import MODEL_PACKAGE, _within_budget, load_sentence_encoder
from claimx.nlp.openvino_encoder import compiled_or_none, openvino_available


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("See https://t.co/abc123 now", ["see"], ["https", "t.co"]),
        ("pic.twitter.com/xYz fires", ["fires"], ["pic", "twitter"]),
        ("#AustralianFires spread", ["australian fires"], ["australianfires"]),
        ("1,000 people", ["1000 people"], ["1,000"]),
        ("70% of them, 5 per cent of others", ["70 percent", "5 percent"], ["%"]),
        ("normalisation was realised", ["normalization", "realized"], ["normalisation"]),
    ],
)
def test_matching_normalise_unifies_links_tags_numbers_and_spelling(
    text: str, present: list[str], absent: list[str]
) -> None:
    normalised = " ".join(normalise(text).split())
    for piece in present:
        assert piece in normalised
    for piece in absent:
        assert piece not in normalised


def test_matching_terms_drop_stop_words_and_share_stems() -> None:
    signed = terms("The countries signed the accords")
    signing = terms("countries signing an accord")
    assert "the" not in signed
    assert set(signed) & set(signing) >= {"countri", "sign", "accord"}


def test_matching_lexical_index_ranks_paraphrase_above_unrelated() -> None:
    documents = [
        "Kazakhstan will join the Abraham Accords, the White House said.",
        "Wildfires burned across southern Australia this week.",
        "The central bank raised interest rates by half a point.",
    ]
    scores = LexicalIndex(documents).scores(["Kazakhstan is joining the Abraham Accords"])
    assert scores.shape == (1, 3)
    assert int(np.argmax(scores[0])) == 0
    assert scores[0, 1] == 0.0


def test_matching_lexical_index_gives_identical_text_score_one() -> None:
    documents = ["Saudi Arabia wants a Palestinian state first.", "Something else entirely."]
    among = Similarity(documents, "lexical").among_documents()
    assert np.allclose(np.diag(among), 1.0)
    assert np.allclose(among, among.T)


def test_matching_lexical_index_handles_empty_and_unknown_queries() -> None:
    index = LexicalIndex(["one text about trade"])
    assert index.scores([]).shape == (0, 1)
    assert index.scores(["", "zebra quantum"]).tolist() == [[0.0], [0.0]]


@pytest.mark.parametrize(
    ("asked", "installed", "method"),
    [
        ("auto", True, "embeddings"),
        ("auto", False, "lexical"),
        ("lexical", True, "lexical"),
        ("embeddings", False, "embeddings"),
    ],
)
def test_matching_resolve_matcher_prefers_embeddings_only_when_installed(
    monkeypatch: pytest.MonkeyPatch, asked: Any, installed: bool, method: str
) -> None:
    monkeypatch.setattr(matching, "embeddings_available", lambda: installed)
    assert resolve_matcher(asked) == method


class _FakeModel:
    """Stands in for the sentence model: a vector from the text's letters, calls counted."""

    def __init__(self) -> None:
        self.encoded: list[str] = []
        self.calls: list[int] = []  # texts a call

    def encode_bulk(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        return self.encode(texts)

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        self.calls.append(len(texts))
        self.encoded.extend(texts)
        vectors = np.array([[t.count(c) + 0.1 for c in "aeiou"] for t in texts], dtype=np.float32)
        normalised: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return normalised


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> _FakeModel:
    model = _FakeModel()
    monkeypatch.setattr(matching, "_embedding_model", lambda: model)
    return model


def test_matching_embed_encodes_each_text_once_and_unifies_quote_marks(
    fake_model: _FakeModel,
) -> None:
    texts = ["He said “yes” today", "He said 'yes' today", 'He said "yes" today', "Other"]
    vectors = matching.embed(texts)
    assert vectors.shape == (4, 5)
    assert len(fake_model.encoded) == 2
    assert np.array_equal(vectors[0], vectors[1])
    assert np.array_equal(vectors[1], vectors[2])


def test_matching_hybrid_fuses_lexical_and_embedding_scores(fake_model: _FakeModel) -> None:
    documents = ["Trade deal signed in Geneva", "Storm hits the coast"]
    hybrid = Similarity(documents, "embeddings").scores(["trade deal signed"])
    lexical = LexicalIndex(documents).scores(["trade deal signed"])
    semantic = matching.embed(["trade deal signed"]) @ matching.embed(documents).T
    assert np.allclose(hybrid, fuse(lexical, semantic))
    assert int(np.argmax(hybrid[0])) == 0


def test_matching_fuse_weights_lexical_and_clips_negative_cosines() -> None:
    lexical = np.array([[1.0, 0.0]], dtype=np.float32)
    semantic = np.array([[0.0, -0.5]], dtype=np.float32)
    fused = fuse(lexical, semantic)
    assert fused[0, 0] == pytest.approx(matching.LEXICAL_WEIGHT)
    assert fused[0, 1] == 0.0


@pytest.mark.slow
def test_matching_embeddings_model_loads_offline_and_sees_paraphrase() -> None:
    pytest.importorskip(MODEL_PACKAGE)
    vectors = matching.embed(
        [
            "Kazakhstan will join the Abraham Accords.",
            "Kazakhstan is set to become a member of the Abraham Accords.",
            "Heavy rain flooded the city centre.",
        ]
    )
    assert vectors.shape == (3, matching.EMBEDDING_SIZE)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


@pytest.mark.slow
def test_matching_sentence_encoder_gives_sentence_transformers_vectors_in_order() -> None:
    # claimx runs the model on transformers directly (no sentence-transformers import): the
    # vectors must stay those of the model card's pipeline, whatever the batching.
    package = pytest.importorskip(MODEL_PACKAGE)
    texts = [
        "A much longer sentence about the senate vote on the budget, with many more words in it.",
        "Short one.",
        "The storm hit the coast on Tuesday.",
        "Yes.",
        "Turnout rose to 61 percent in the state's primary election.",
    ]
    ours = load_sentence_encoder("a test").encode(texts, batch_size=2)
    reference = package.load_model(device="cpu").encode(
        texts, batch_size=2, normalize_embeddings=True
    )
    assert ours.shape == (5, matching.EMBEDDING_SIZE)
    assert np.allclose(ours, reference, rtol=0, atol=1e-7)


def test_matching_bulk_batches_hold_a_budget_of_padded_pieces() -> None:
    # Longest first: a batch pads to its first text, so count x first's length is its size;
    # long texts come fewer at a time, and a text over the budget comes alone.
    lengths = [300, 40, 40, 40, 10, 10, 10, 10, 10, 3]
    chunks = _within_budget(list(range(len(lengths))), lengths, 100)
    assert chunks == [[0], [1, 2], [3, 4], [5, 6, 7, 8, 9]]
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(lengths)))


def _skip_without_openvino() -> None:
    # Not pytest.importorskip: a plain `import openvino` would start its telemetry.
    if not openvino_available():
        pytest.skip("OpenVINO is not installed")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["openvino", "torch"])
def test_matching_bulk_encoding_keeps_the_order_and_the_vectors(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bulk encoding batches texts by word pieces, not characters, and runs on OpenVINO (or on
    # PyTorch without it): each vector must still come back in its text's row, equal to the
    # default encoding's to a cosine of 0.9999.
    pytest.importorskip(MODEL_PACKAGE)
    if engine == "openvino":
        _skip_without_openvino()
    else:
        monkeypatch.setattr(openvino_encoder, "openvino_available", lambda: False)
    texts = [
        "Yes.",
        "Antidisestablishmentarianism supercalifragilisticexpialidocious",  # few chars a piece
        "a b c d e f g h i j k l m n o p",  # many chars, fewer pieces than the line above
        "The storm hit the coast on Tuesday.",
        "Turnout rose to 61 percent in the state's primary election, the highest since 1960.",
        "Short one.",
        "Kazakhstan will join the Abraham Accords.",
    ]
    encoder = load_sentence_encoder("a test")
    assert (encoder.compiled is not None) == (engine == "openvino")
    pieces = [len(ids) for ids in encoder.tokenizer(texts)["input_ids"]]
    assert (
        np.argsort([-p for p in pieces], kind="stable").tolist()
        != np.argsort([-len(t) for t in texts], kind="stable").tolist()
    )  # the two orders differ, so a row put back by the wrong one would show
    reference = encoder.encode(texts, batch_size=2)
    bulk = encoder.encode_bulk(texts, max_tokens=24)  # a few texts a batch
    cosines = reference @ bulk.T
    assert np.all(np.diag(cosines) >= 0.9999)
    assert np.array_equal(np.argmax(cosines, axis=1), np.arange(len(texts)))


def test_matching_embed_tells_progress_chunk_by_chunk_with_the_same_vectors(
    fake_model: _FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching, "PROGRESS_CHUNK", 2)
    texts = ["a much longer text", "b", "cc", "a much longer text", "dddd eeee"]
    told: list[tuple[int, int]] = []
    chunked = matching.embed(texts, progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 4), (2, 4), (4, 4)]  # four distinct texts, two at a time
    assert np.array_equal(chunked, matching.embed(texts))


@pytest.mark.parametrize(
    "texts",
    [
        ["a much longer text", "b", "cc", "dddd eeee"],  # distinct and sorted: no copy
        ["b", "a much longer text", "cc", "b", "dddd eeee"],  # unsorted, a copy
    ],
)
def test_matching_embed_puts_each_chunked_vector_in_its_texts_row(
    fake_model: _FakeModel, monkeypatch: pytest.MonkeyPatch, texts: list[str]
) -> None:
    monkeypatch.setattr(matching, "PROGRESS_CHUNK", 2)
    chunked = matching.embed(texts, progress=lambda done, total: None)
    one_by_one = np.concatenate([matching.embed([text]) for text in texts])
    assert np.array_equal(chunked, one_by_one)


def test_matching_bulk_embed_tells_progress_in_chunks_of_its_own_size(
    fake_model: _FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bulk encoding ends each call with one batch alone on the CPU: it gets larger chunks.
    monkeypatch.setattr(matching, "PROGRESS_CHUNK", 2)
    monkeypatch.setattr(matching, "BULK_PROGRESS_CHUNK", 3)
    texts = ["a much longer text", "b", "cc", "dddd eeee", "ffff"]
    told: list[tuple[int, int]] = []
    vectors = matching.embed(texts, progress=lambda d, t: told.append((d, t)), bulk=True)
    assert told == [(0, 5), (3, 5), (5, 5)]
    assert fake_model.calls == [3, 2]
    assert np.array_equal(vectors, matching.embed(texts))


@pytest.mark.slow
def test_matching_bulk_encoding_by_openvino_is_silent_and_phones_no_one(tmp_path: Path) -> None:
    # A plain `import openvino` sends a usage event to Google Analytics and writes a client
    # id into ~/intel; tracing the model made transformers warn on stderr. claimx's bulk
    # encoding must do neither (a fresh process, with a home of its own).
    pytest.importorskip(MODEL_PACKAGE)
    _skip_without_openvino()
    code = (
        "from claimx.nlp.minilm import load_sentence_encoder\n"
        "encoder = load_sentence_encoder('a test')\n"
        "print(encoder.encode_bulk(['One claim.', 'Another, longer claim.'], 64).shape)\n"
        "from openvino.tools.ovc import telemetry_utils\n"
        "print(telemetry_utils.tm.__name__)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["(2, 384)", "openvino.tools.ovc.telemetry_stub"]
    assert done.stderr == ""
    assert not (tmp_path / "intel").exists()


def test_matching_encoder_falls_back_to_pytorch_when_openvino_cannot_convert_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A converter that fails on some model or library version must cost speed, not the run.
    def fails(*_: object, **__: object) -> None:
        raise RuntimeError("Tried to call pure virtual function\n  at frontend.cpp:53")

    monkeypatch.setattr(openvino_encoder, "openvino_available", lambda: True)
    monkeypatch.setattr(openvino_encoder, "compile_encoder", fails)
    with caplog.at_level(logging.WARNING, logger="claimx"):
        assert compiled_or_none(object(), object(), bfloat16=False) is None
    assert [r.getMessage() for r in caplog.records] == [
        "OpenVINO could not run the model (Tried to call pure virtual function at "
        "frontend.cpp:53): PyTorch runs it, slower"
    ]
