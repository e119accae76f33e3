"""Furniture lines dropped from trafilatura's text by where they stand in the markup
(claimx.read.html_text.page_blocks, claimx.clean.html_prune)."""

from __future__ import annotations

import numpy as np
import pytest

from claimx.clean.html_prune import PRUNE_FEATURES, PruneModel, kept_lines, without
from claimx.clean.line_classifier import Trees, page_lines
from claimx.read.html_text import DOM_FEATURES, page_blocks, page_text

FIRST = "The council approved the new budget on Tuesday after a long debate about spending."
CAPTION = "The mayor speaks to reporters outside city hall on Tuesday afternoon."
LAST = "The mayor is expected to sign the budget next week, officials said on Wednesday."
RELATED = "Council votes to close two libraries"
MARKUP = (
    "<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav><article>"
    f"<p>{FIRST}</p><figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
    f"<p>{LAST}</p></article><div class='related-stories'><a href='/x'>{RELATED}</a></div>"
    "</body></html>"
)


def _block(text: str) -> dict[str, float]:
    _, blocks = page_blocks(MARKUP)
    found = next(b for b in blocks if b.text == text)
    return dict(zip(DOM_FEATURES, found.features, strict=True))


def test_page_blocks_say_where_each_line_stands() -> None:
    text, blocks = page_blocks(MARKUP)
    assert text == page_text(MARKUP)
    assert [b.text for b in blocks] == [line for line in text.splitlines() if line.strip()]
    caption, related, first = _block(CAPTION), _block(RELATED), _block(FIRST)
    assert caption["in_figure"] == caption["starts_caption"] == 1.0
    assert first["starts_p"] == first["in_article"] == 1.0 and first["in_figure"] == 0.0
    assert first["link_share"] == 0.0
    assert related["link_share"] == 1.0 and related["named_related"] == 1.0
    assert related["in_article"] == 0.0


def _on_figures(threshold: float) -> PruneModel:
    """A line inside a figure scores log-odds -3, any other +3."""
    column = PRUNE_FEATURES.index("in_figure")
    trees = Trees(
        feature=np.array([[column, 0, 0]]),
        threshold=np.array([[0.5, 0.0, 0.0]]),
        left=np.array([[1, -1, -1]]),
        right=np.array([[2, -1, -1]]),
        value=np.array([[0.0, 3.0, -3.0]]),
        bias=0.0,
        depth=1,
    )
    return PruneModel(trees, threshold)


def test_kept_lines_are_found_among_the_pages_lines() -> None:
    text, blocks = page_blocks(MARKUP)
    page = page_lines(text)
    kept = kept_lines(f"{FIRST}\n{CAPTION}\n{LAST}", text, blocks, page, np.full(20, 0.5))
    assert kept.features.shape == (3, len(PRUNE_FEATURES))
    column = {name: kept.features[:, i] for i, name in enumerate(PRUNE_FEATURES)}
    assert column["matched"].tolist() == [1.0, 1.0, 1.0]
    assert column["in_figure"].tolist() == [0.0, 1.0, 0.0]
    assert without(kept, [False, True, False]) == f"{FIRST}\n{LAST}"
    assert _on_figures(0.5).pruned(kept) == (f"{FIRST}\n{LAST}", 1)
    assert _on_figures(0.0).pruned(kept) == (kept.text, 0)


def test_read_html_page_drops_the_caption_trafilatura_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimx.read import html
    from claimx.read.html import HtmlArticle
    from claimx.read.html_fallback import read_html_page

    kept = f"{FIRST}\n{CAPTION}\n{LAST}"
    monkeypatch.setattr(html, "read_html", lambda markup: HtmlArticle(text=kept, title="Budget"))
    article = read_html_page(MARKUP, prune_model=_on_figures(0.5))
    assert article is not None and article.extraction == "trafilatura"
    assert CAPTION not in article.text and FIRST in article.text and LAST in article.text
    unchanged = read_html_page(MARKUP, prune_model=_on_figures(0.0))
    assert unchanged is not None and CAPTION in unchanged.text


def test_shipped_model_loads_and_keeps_an_articles_paragraphs() -> None:
    from claimx.clean.html_prune import load_prune_model
    from claimx.clean.line_classifier import load_model

    model, cleaner = load_prune_model(), load_model()
    assert model is not None and cleaner is not None
    text, blocks = page_blocks(MARKUP)
    page = page_lines(text)
    kept = kept_lines(f"{FIRST}\n{LAST}", text, blocks, page, cleaner.scores(page))
    assert model.pruned(kept) == (kept.text, 0)


def test_page_blocks_say_how_much_text_and_links_surround_each_line() -> None:
    first, related = _block(FIRST), _block(RELATED)
    # A paragraph of the article: in a parent holding both paragraphs and the caption, no links.
    assert first["log_chars_parent"] > first["log_chars"] > 0.0
    assert first["link_share_parent"] == 0.0 and first["share_of_parent"] < 0.5
    assert first["log_lines_parent"] > 0.0
    # The related link: its box is all link and it is all of its box's text.
    assert related["link_share_parent"] == 1.0 and related["share_of_parent"] == 1.0
    assert related["log_class_repeats_parent"] > 0.0 and first["log_class_repeats"] == 0.0


def test_a_class_the_page_repeats_is_counted() -> None:
    teasers = "".join(
        f"<div class='teaser'><a href='/{k}'>Story number {k}</a></div>" for k in range(4)
    )
    _, blocks = page_blocks(f"<html><body><p>{FIRST}</p>{teasers}</body></html>")
    found = {b.text: dict(zip(DOM_FEATURES, b.features, strict=True)) for b in blocks}
    assert found["Story number 2"]["log_class_repeats_parent"] == pytest.approx(np.log1p(4))
    assert found[FIRST]["log_class_repeats_parent"] == 0.0
