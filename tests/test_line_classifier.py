"""The cleaner's line classifier: numpy scoring of its trees, the body search over its scores,
and clean text that must lose nothing."""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claimx.clean.cleaner import clean_document
from claimx.clean.line_classifier import (
    CLEAN_TEXT_FEATURES,
    FEATURE_NAMES,
    META_FILE,
    MODEL_DIR,
    SCORE_FEATURE_NAMES,
    CleanTextDetector,
    LineModel,
    Trees,
    Vocabulary,
    clean_layout,
    clean_text_features,
    layout_from_scores,
    line_tokens,
    load_model,
    page_lines,
    score_features,
)
from claimx.read.document import InputDocument
from claimx.read.html_text import page_text
from claimx.records import Source

PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about "
    "spending on schools, roads and the public library.",
    "Council members said the plan would raise property taxes by two percent, the first "
    "increase in five years, to pay for repairs that had been put off.",
    "Residents who spoke at the meeting were divided, with several asking the council to "
    "delay the vote until an independent audit of the accounts is finished.",
]


def _stump(feature: int, threshold: float, low: float, high: float) -> Trees:
    """One tree of depth 1: x[feature] <= threshold gives `low`, else `high`."""
    return Trees(
        feature=np.array([[feature, 0, 0]]),
        threshold=np.array([[threshold, 0.0, 0.0]]),
        left=np.array([[1, -1, -1]]),
        right=np.array([[2, -1, -1]]),
        value=np.array([[0.0, low, high]]),
        bias=0.5,
        depth=1,
    )


def test_trees_add_leaf_values_to_the_bias() -> None:
    two = Trees(
        feature=np.array([[0, 0, 0], [1, 0, 0]]),
        threshold=np.array([[0.0, 0, 0], [10.0, 0, 0]]),
        left=np.array([[1, -1, -1], [1, -1, -1]]),
        right=np.array([[2, -1, -1], [2, -1, -1]]),
        value=np.array([[0.0, -1.0, 2.0], [0.0, 0.25, -0.5]]),
        bias=0.1,
        depth=1,
    )
    features = np.array([[-1.0, 5.0], [0.0, 11.0], [3.0, 10.0]])
    np.testing.assert_allclose(two.log_odds(features), [0.1 - 1 + 0.25, 0.1 - 1 - 0.5, 2.35])
    probabilities = two.predict(features)
    assert np.all((probabilities > 0) & (probabilities < 1))
    np.testing.assert_allclose(probabilities, 1 / (1 + np.exp(-two.log_odds(features))))


def test_trees_stop_at_leaves_of_any_depth() -> None:
    # root splits on x0; its left child is a leaf, its right child splits again on x1.
    tree = Trees(
        feature=np.array([[0, 0, 1, 0, 0]]),
        threshold=np.array([[0.0, 0.0, 0.0, 0.0, 0.0]]),
        left=np.array([[1, -1, 3, -1, -1]]),
        right=np.array([[2, -1, 4, -1, -1]]),
        value=np.array([[0.0, 1.0, 0.0, 2.0, 3.0]]),
        bias=0.0,
        depth=2,
    )
    features = np.array([[-1.0, 9.0], [1.0, -1.0], [1.0, 1.0]])
    np.testing.assert_allclose(tree.log_odds(features), [1.0, 2.0, 3.0])


def test_trees_round_trip_through_their_arrays() -> None:
    stump = _stump(2, 0.5, -1.0, 1.0)
    again = Trees.from_arrays(stump.arrays("first"), "first")
    features = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    np.testing.assert_allclose(again.log_odds(features), stump.log_odds(features), rtol=1e-6)


def test_score_features_see_the_neighbours() -> None:
    scores = np.array([0.1, 0.9, 0.2, 0.8])
    columns = score_features(scores)
    assert columns.shape == (4, len(SCORE_FEATURE_NAMES))
    named = dict(zip(SCORE_FEATURE_NAMES, columns.T, strict=True))
    np.testing.assert_allclose(named["score_p1"], [0.0, 0.1, 0.9, 0.2])  # the line above
    np.testing.assert_allclose(named["score_n1"], [0.9, 0.2, 0.8, 0.0])  # the line below
    np.testing.assert_allclose(named["score_max_before"], [0.0, 0.1, 0.9, 0.9])
    np.testing.assert_allclose(named["score_mean3"], [0.5, 0.5, 0.5, 0.5])


def test_vocabulary_scores_the_known_words_of_short_lines() -> None:
    table = {zlib.crc32(word.encode()): value for word, value in [("related", 1.0), ("tags", -2.0)]}
    keys = np.array(sorted(table), dtype=np.int64)
    vocabulary = Vocabulary(keys, np.array([table[k] for k in keys.tolist()]))
    lines = [
        line_tokens("Related news", 2),  # one word known of two
        line_tokens("Tags", 1),
        line_tokens(" ".join(["Related"] * 20), 20),  # too long to be looked up
        line_tokens("Nothing known here", 3),
    ]
    features = vocabulary.features(lines)
    np.testing.assert_allclose(features[0], [1.0, 1.0, 1.0, 0.5])
    np.testing.assert_allclose(features[1], [-2.0, -2.0, -2.0, 1.0])
    np.testing.assert_allclose(features[2:], 0.0)


def test_page_lines_give_one_finite_row_per_line() -> None:
    text = "Home\nNews\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nShare\n"
    page = page_lines(text)
    assert page.features.shape == (len(page.rules.lines), len(FEATURE_NAMES))
    assert np.isfinite(page.features).all()
    assert page_lines("").features.shape == (0, len(FEATURE_NAMES))


def test_layout_from_scores_keeps_the_best_stretch_and_names_the_rest() -> None:
    text = "Home\nNews\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nShare\nMore stories\n"
    page = page_lines(text)
    n = len(page.rules.lines)  # Home, News, 3 paragraphs, Share, More stories
    scores = np.array([0.1, 0.1, 0.99, 0.3, 0.99, 0.2, 0.1])
    assert n == len(scores)
    layout = layout_from_scores(page, scores, threshold=0.5, word_bias=3.0, drop_below=0.35)
    assert (layout.body_start, layout.body_end) == (2, 5)
    assert layout.reasons[0] == "navigation"  # "Home", as the rules name it
    assert layout.reasons[1] == "header"  # "News": no rule names it
    assert layout.reasons[3] == "furniture"  # inside the body, but sure to be furniture
    assert layout.reasons[5] == "share"  # the rules' reason, where they have one
    assert 2 not in layout.reasons
    assert 4 not in layout.reasons


def test_a_line_above_the_stretch_scoring_high_is_kept_but_furniture_is_not() -> None:
    # An opening paragraph cut off from the rest of the article by a "Share" label and a box of
    # video teasers: the stretch is the rest, the opening comes back over keep_before.
    teasers = [f"Watch: the mayor on the budget vote, part {k} of the interview" for k in (1, 2, 3)]
    parts = ["Home", PARAGRAPHS[0], "Share", *teasers, *PARAGRAPHS[1:]]
    page = page_lines("\n\n".join(parts))
    scores = np.array([0.9, 0.95, 0.9, 0.0, 0.0, 0.0, 0.99, 0.99])
    assert len(page.rules.lines) == len(scores)
    never = layout_from_scores(page, scores, threshold=0.5, word_bias=3.0, drop_below=0.05)
    assert (never.body_start, never.body_end) == (6, 8)
    assert 1 in never.reasons
    kept = layout_from_scores(
        page, scores, threshold=0.5, word_bias=3.0, drop_below=0.05, keep_before=0.8
    )
    assert (kept.body_start, kept.body_end) == (6, 8)
    assert 1 not in kept.reasons  # the opening paragraph
    assert kept.reasons[0] == "navigation"  # "Home": the rules' furniture stays out
    assert kept.reasons[2] == "share"
    assert {3, 4, 5} <= set(kept.reasons)  # the teasers score low


def test_keep_before_is_saved_with_the_model(tmp_path: Path) -> None:
    replace(_model_with_constant_score(0.0), keep_before=0.7).save(tmp_path, {})
    load_model.cache_clear()
    loaded = load_model(tmp_path)
    assert loaded is not None and loaded.keep_before == 0.7
    _model_with_constant_score(0.0).save(tmp_path, {})
    load_model.cache_clear()
    never = load_model(tmp_path)
    assert never is not None and never.keep_before == float("inf")
    load_model.cache_clear()


def _model_with_constant_score(log_odds: float) -> LineModel:
    constant = _stump(0, 1e9, log_odds, log_odds)
    return LineModel(constant, constant, threshold=0.5, word_bias=3.0, drop_below=0.05)


def test_a_model_scoring_every_line_as_body_blanks_nothing_but_metadata() -> None:
    text = "\n\n".join(PARAGRAPHS) + "\n\nTeam    W  L\nAlpha   3  1\nBeta    2  2\n"
    document = InputDocument(id="t", text=text, source=Source(path="t", format="text"))
    cleaned = clean_document(document, model=_model_with_constant_score(3.0))
    assert cleaned.boilerplate == []


def _detector(bias: float) -> CleanTextDetector:
    n = len(CLEAN_TEXT_FEATURES)
    return CleanTextDetector(np.zeros(n), np.ones(n), np.zeros(n), bias, 0.5)


def test_a_text_the_detector_calls_clean_keeps_every_line() -> None:
    # A model that reads short lines as furniture blanks them, unless the text is clean.
    text = "\n\n".join(["Eat every 2–3 hours", *PARAGRAPHS, "Meal 3", "Eat every 2–3 hours"])
    short = _stump(FEATURE_NAMES.index("log_words"), 2.5, -3.0, 3.0)
    furniture = LineModel(short, short, threshold=0.5, word_bias=3.0, drop_below=0.05)
    searched = clean_layout(text, furniture)
    assert searched.reasons
    clean = replace(furniture, clean_text=_detector(10.0))
    assert clean_layout(text, clean).reasons == {}
    not_clean = replace(furniture, clean_text=_detector(-10.0))
    assert clean_layout(text, not_clean).reasons == searched.reasons


def test_the_clean_text_detector_is_saved_with_the_model(tmp_path: Path) -> None:
    model = replace(_model_with_constant_score(0.0), clean_text=_detector(2.0))
    model.save(tmp_path, {})
    load_model.cache_clear()
    loaded = load_model(tmp_path)
    assert loaded is not None and loaded.clean_text is not None
    assert loaded.clean_text.bias == 2.0
    page = page_lines("\n\n".join(PARAGRAPHS))
    features = clean_text_features(page, np.full(len(PARAGRAPHS), 0.9))
    assert features.shape == (len(CLEAN_TEXT_FEATURES),)
    assert features[CLEAN_TEXT_FEATURES.index("low_share")] == 0.0


def test_load_model_ignores_a_model_of_other_features(tmp_path: Path) -> None:
    model = _model_with_constant_score(0.0)
    model.save(tmp_path, {})
    assert load_model(tmp_path) is not None
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "features": ["x"]}), encoding="utf-8")
    load_model.cache_clear()
    assert load_model(tmp_path) is None
    assert load_model(tmp_path / "missing") is None


def test_the_shipped_model_matches_the_features() -> None:
    assert load_model() is not None


# Clean text: articles as a feed or an archive gives them, tables and lists included.
RESULTS = """\
Team            P  W  D  L  Pts
Arsenal        12  9  2  1   29
Manchester C.  12  8  3  1   27
Liverpool      12  8  1  3   25
Chelsea        12  6  4  2   22"""
NAMES = "Scorers: Saka 2, Havertz, Odegaard\nBooked: Rice, White\nAttendance: 60,214"
CLEAN_TEXTS = [
    "\n\n".join(PARAGRAPHS),
    "\n\n".join([*PARAGRAPHS, RESULTS]),
    "\n\n".join([*PARAGRAPHS[:2], RESULTS, PARAGRAPHS[2]]),
    "\n\n".join([*PARAGRAPHS, NAMES]),
    "\n".join(PARAGRAPHS),
    "\n\n".join([PARAGRAPHS[0], "- schools\n- roads\n- the public library", *PARAGRAPHS[1:]]),
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_cleaning_clean_text_loses_nothing(text: str) -> None:
    document = InputDocument(id="t", text=text, source=Source(path="t", format="text"))
    cleaned = clean_document(document)
    blanked = [text[b.start : b.end] for b in cleaned.boilerplate]
    assert blanked == []


def test_page_text_gives_one_block_a_line() -> None:
    markup = (
        "<html><head><title>Budget passes</title><script>var x = 1;</script></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li>News</li></ul></nav>"
        f"<article><h1>Budget passes</h1><p>{PARAGRAPHS[0]}</p>\n<p>{PARAGRAPHS[1]}<br>"
        "Second line</p><!-- a comment --></article><style>p {}</style></body></html>"
    )
    lines = page_text(markup).splitlines()
    assert lines[0] == "Budget passes"
    assert "Home" in lines
    assert "News" in lines
    assert PARAGRAPHS[0] in lines
    assert "Second line" in lines
    assert not any("var x" in line or "p {}" in line or "comment" in line for line in lines)


def test_shipped_model_is_the_training_scripts_current_setting() -> None:
    # The second pass, the weights and the clean-text detector learn from out-of-fold scores of
    # 5 folds by site (3 let one fold drop a clean meal plan's lines): an older model is stale.
    # Read from the script's source, not imported: the script needs the `train` extra.
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "train_cleaner.py"
    inner_folds = re.findall(r"^INNER_FOLDS = (\d+)$", script.read_text(), re.M)

    meta = json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    assert meta.get("inner_folds") == int(inner_folds[0]) == 5
