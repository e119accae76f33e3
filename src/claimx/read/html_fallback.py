"""HTML pages where trafilatura keeps too little: the plain-text cleaner reads the page instead.

trafilatura is the better reader of most pages, but on some it keeps a line or two of a long
article (a teaser, a caption) or nothing at all. A learned decision
(`claimx.clean.fallback_decision`) compares what trafilatura keeps with what the plain-text
cleaner finds in the page's whole text; where it falls back, the document becomes that whole
text, to be cleaned like any copied page, and `extraction` says which path was taken.
trafilatura's metadata (title, date, author, site name) is kept either way. Otherwise the lines
of the page's whole text that trafilatura missed and a learned model reads as article body are
put back into trafilatura's text (`claimx.clean.html_lines`), as are the words it cut out of a
paragraph and the initials a page sets apart (`claimx.read.html.with_inline_text`,
`with_drop_caps`), and the lines of it that a learned
model reads as furniture by where they stand in the page's markup are dropped
(`claimx.clean.html_prune`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimx.clean.fallback_decision import (
    FallbackModel,
    Vector,
    fallback_features,
    load_fallback_model,
)
from claimx.clean.html_lines import KEPT_SHARE, HtmlLineModel, coverage, with_missed_lines
from claimx.clean.html_prune import KeptLines, PruneModel, kept_lines, load_prune_model
from claimx.clean.line_classifier import LineModel, learned_layout, load_model, page_lines
from claimx.read import html
from claimx.read.html import HtmlArticle
from claimx.read.html_text import page_blocks


@dataclass(frozen=True)
class HtmlReadings:
    """The two readings of a page that `read_html_page` chooses between."""

    article: HtmlArticle | None
    """trafilatura's, with the lines it missed put back; None when it finds no text."""
    text: str
    """The page's whole text (the fallback, to be cleaned as plain text)."""
    features: Vector | None
    """The decision's input; None when there is no choice (one reading has no text)."""
    cleaned_words: int
    """Words of the body the plain-text cleaner finds in `text`."""
    kept: KeptLines | None = None
    """The lines of trafilatura's text (missed lines put back) with the features the model
    dropping furniture lines from it looks at; None without a choice or a line model."""


def html_readings(
    markup: str,
    *,
    model: LineModel | None = None,
    html_model: HtmlLineModel | None = None,
    prune_model: PruneModel | None = None,
    prune: bool = True,
) -> HtmlReadings:
    """Both readings of the page and what the decision between them looks at. trafilatura's
    text loses the lines `prune_model` (or the shipped one) reads as furniture, unless `prune`
    is False; the decision's features are those of the text before."""
    article = html.read_html(markup)  # looked up at call time, so that it can be replaced
    text, blocks = page_blocks(markup)
    model = model if model is not None else load_model()
    lines = page_lines(text) if text.strip() else None
    if lines is None:
        return HtmlReadings(article, text, None, 0)
    layout = learned_layout(lines, model) if model is not None else lines.rules
    cleaned = sum(line.words for i, line in enumerate(layout.lines) if i not in layout.reasons)
    if article is None or cleaned == 0:
        return HtmlReadings(article, text, None, cleaned)
    recall_text = html.recall_text(markup)
    mended = html.with_drop_caps(html.with_inline_text(article.text, recall_text), text)
    if mended != article.text:
        article = replace(article, text=mended)
    share = coverage(lines.rules.lines, article.text)
    recall = coverage(lines.rules.lines, recall_text)
    merged, added = with_missed_lines(article.text, text, html_model, lines, share, blocks, recall)
    features = fallback_features(article.text, merged, layout, share.tolist(), KEPT_SHARE)
    kept = None
    if model is not None:
        kept = kept_lines(merged, text, blocks, lines, model.scores(lines))
        prune_model = prune_model if prune_model is not None else load_prune_model()
        if prune and prune_model is not None:
            merged, dropped = prune_model.pruned(kept)
            added += dropped
    return HtmlReadings(
        replace(article, text=merged) if added else article, text, features, cleaned, kept
    )


def falls_back(readings: HtmlReadings, decision: FallbackModel | None) -> bool:
    """True when the page's whole text is to be read rather than trafilatura's."""
    if readings.features is None:
        return readings.article is None and readings.cleaned_words > 0
    return decision is not None and decision.falls_back(readings.features)


def read_html_page(
    markup: str,
    *,
    model: LineModel | None = None,
    html_model: HtmlLineModel | None = None,
    decision: FallbackModel | None = None,
    prune_model: PruneModel | None = None,
) -> HtmlArticle | None:
    """The article of the page: trafilatura's (with the lines it missed put back), or the
    page's whole text when the decision says trafilatura keeps too little of it (to be cleaned
    as plain text); None when neither finds any text. `model`, `html_model`, `decision` and
    `prune_model` replace the shipped models."""
    readings = html_readings(markup, model=model, html_model=html_model, prune_model=prune_model)
    decision = decision if decision is not None else load_fallback_model()
    if not falls_back(readings, decision):
        return readings.article
    if readings.article is None:
        return HtmlArticle(text=readings.text, extraction="text")
    return replace(readings.article, text=readings.text, extraction="text")
