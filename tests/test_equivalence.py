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
