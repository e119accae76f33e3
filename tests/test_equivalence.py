"""claimx.compare.equivalence: the machine-translation measures of the same-claim decision."""

from __future__ import annotations

import pytest

from claimx.compare.equivalence import (
    FEATURES,
    MAX_ALIGNED,
    features,
    mt_features,
    read,
    same_claim,
    word_order,
    wording_features,
)


def _named(a: str, b: str) -> dict[str, float]:
    return dict(zip(FEATURES, features(read(a), read(b), 0.5), strict=True))


def test_equivalence_mt_features_of_one_wording_twice() -> None:
    text = "The senator said the bill would pass the House next week."
    row = _named(text, text)
    assert row["word_precision4_min"] == row["stem_precision1_max"] == 1.0
    assert row["edit_longer"] == 0.0
    assert row["lcs_a"] == row["lcs_b"] == 1.0
    assert row["meteor_penalised_ab"] == pytest.approx(1.0 - 0.5 / 11**3)
    assert (
        len(mt_features(read(text), read(text))) + len(wording_features(read(text), read(text)))
        == len(FEATURES) - 19
    )


def test_equivalence_mt_features_see_word_order_and_stems() -> None:
    same = "Police arrests three men on Sunday."
    reordered = "On Sunday three men were arrested by police."
    row = _named(same, reordered)
    assert row["stem_precision1_max"] > row["word_precision1_max"]  # arrests, arrested: one stem
    assert row["word_precision2_min"] < row["word_precision1_min"]
    assert row["meteor_penalised_ab"] < row["meteor_f_ab"]
    assert 0.0 < row["edit_longer"] < 1.0


def test_equivalence_reads_a_bounded_number_of_words_for_word_order() -> None:
    long = " ".join(f"word{i}" for i in range(10 * MAX_ALIGNED))
    assert len(word_order(long).tokens) == MAX_ALIGNED


def test_equivalence_shipped_decision_separates_a_paraphrase_from_another_fact() -> None:
    a = "The company said its quarterly profit rose sharply on strong sales of phones."
    b = "Quarterly profit rose sharply on strong phone sales, the company said."
    c = "The mayor said the city would open two new parks in the spring."
    assert same_claim([(a, b, 0.6), (a, c, 0.05)]) == [True, False]


def test_equivalence_wording_features_see_word_families_and_who_says_it() -> None:
    row = _named(
        "Oracle completed the acquisition of PeopleSoft.",
        "Oracle acquired PeopleSoft, the company said.",
    )
    assert row["prefix_overlap"] > row["stem_precision1_min"]  # acquisition, acquired
    assert row["attribution_differs"] == 1.0
    assert _named("He won.", "He won.")["content_unmatched_max"] == 0.0


def _fake_e5(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    """An encoder standing in for e5: one fixed unit vector per text, the texts recorded."""
    import numpy as np

    def encode(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        vectors = np.ones((len(texts), 4), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return encode


def test_equivalence_model_follows_the_installed_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimx.compare import equivalence

    monkeypatch.setattr(equivalence, "e5_available", lambda: True)
    assert equivalence.installed_model().uses_e5
    monkeypatch.setattr(equivalence, "e5_available", lambda: False)
    assert not equivalence.installed_model().uses_e5


def test_equivalence_shipped_models_agree_with_their_features() -> None:
    import json

    from claimx.compare.equivalence import (
        E5_FEATURES,
        E5_MODEL_PATH,
        MODEL_PATH,
        Model,
        shipped_model,
    )

    for e5, names, path in ((False, FEATURES, MODEL_PATH), (True, E5_FEATURES, E5_MODEL_PATH)):
        model = shipped_model(e5=e5)
        assert model.features == names
        assert json.loads(path.read_text(encoding="utf-8"))["features"] == list(names)
        assert len(model.weights) == len(model.mean) == len(model.scale) == len(names)
    assert E5_FEATURES[:-1] == FEATURES
    other = dict(shipped_model(e5=True).to_json(), features=[*FEATURES, "minilm_cosine"])
    with pytest.raises(ValueError, match="other features"):
        Model.from_json(other)


def test_equivalence_e5_model_never_calls_a_number_dispute_the_same() -> None:
    from claimx.compare.equivalence import shipped_model

    model = shipped_model(e5=True)
    a = "Kazakhstan will send 500 troops to the border, officials said."
    b = "Kazakhstan will send 800 troops to the border, officials said."
    c = "Officials said Kazakhstan will send 500 troops to the border."
    assert same_claim([(a, b, 0.95), (a, c, 0.95)], model, cosines=[1.0, 1.0]) == [False, True]


def test_equivalence_graph_reads_e5_only_when_asked_and_encodes_each_wording_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimx.compare import equivalence
    from claimx.compare.neighbours import Graph

    class Item:
        def __init__(self, text: str) -> None:
            self.text = text

    items = [
        Item("The company said its quarterly profit rose sharply on strong sales of phones."),
        Item("Quarterly profit rose sharply on strong phone sales, the company said."),
        Item("Strong phone sales lifted the quarterly profit of the company sharply."),
    ]
    graph = Graph(3)
    for i, j in ((0, 1), (0, 2), (1, 2)):
        graph.set(i, j, 0.6)
    calls: list[list[str]] = []
    monkeypatch.setattr(equivalence, "encode_e5", _fake_e5(calls))
    monkeypatch.setattr(equivalence, "e5_available", lambda: True)
    equivalence.same_claim_graph(items, graph, 0.3, judged=True)
    assert calls == []  # no e5 where embeddings are not used
    equivalence.same_claim_graph(items, graph, 0.3, judged=True, e5=True)
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(item.text for item in items)
    monkeypatch.setattr(equivalence, "e5_available", lambda: False)
    equivalence.same_claim_graph(items, graph, 0.3, judged=True, e5=True)
    assert len(calls) == 1  # the extra missing: the lexical model
