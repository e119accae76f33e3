"""HTML pages where trafilatura keeps too little: the plain-text cleaner reads the page instead.

trafilatura is the better reader of most pages, but on some it keeps a line or two of a long
article (a teaser, a caption) or nothing at all. When what it keeps is under a few sentences,
or far shorter than the body the plain-text cleaner finds in the page's whole text, the
document becomes that whole text, to be cleaned like any copied page; `extraction` says which
path was taken. trafilatura's metadata (title, date, author, site name) is kept either way.
Otherwise the lines of the page's whole text that trafilatura missed and a learned model reads
as article body are put back into trafilatura's text (`claimx.clean.html_lines`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimx.clean.boilerplate import count_words
from claimx.clean.html_lines import HtmlLineModel, with_missed_lines
from claimx.clean.line_classifier import (
    LineModel,
    PageLines,
    clean_layout,
    learned_layout,
    load_model,
    page_lines,
)
from claimx.read import html
from claimx.read.html import HtmlArticle
from claimx.read.html_text import page_text

# trafilatura's text with fewer sentences than this keeps too little...
MIN_SENTENCES = 3
# ...as does a text with fewer words than this share of the cleaner's body of the page.
MIN_SHARE_OF_CLEANED = 0.5
_SENTENCE_END = re.compile(r"[.!?…。](?:[\"'”’»)]*)(?=\s|$)")


def body_words(text: str, model: LineModel | None = None, lines: PageLines | None = None) -> int:
    """Words of the body the plain-text cleaner finds in `text` (`lines`: its `page_lines`)."""
    model = model if model is not None else load_model()
    if lines is not None and model is not None:
        layout = learned_layout(lines, model)
    else:
        layout = clean_layout(text, model)
    body = range(layout.body_start, layout.body_end)
    return sum(layout.lines[i].words for i in body if i not in layout.reasons)


def keeps_too_little(kept: str, cleaned_words: int) -> bool:
    """True when trafilatura's text is under a few sentences, or well under the cleaner's body."""
    if len(_SENTENCE_END.findall(kept)) < MIN_SENTENCES and cleaned_words > count_words(kept):
        return True
    return count_words(kept) < MIN_SHARE_OF_CLEANED * cleaned_words


def read_html_page(
    markup: str, *, model: LineModel | None = None, html_model: HtmlLineModel | None = None
) -> HtmlArticle | None:
    """The article of the page: trafilatura's (with the lines it missed put back), or the
    page's whole text when trafilatura keeps too little of it (to be cleaned as plain text);
    None when neither finds any text. `model` and `html_model` replace the shipped models."""
    article = html.read_html(markup)  # looked up at call time, so that it can be replaced
    text = page_text(markup)
    lines = page_lines(text) if text.strip() else None
    cleaned = body_words(text, model, lines) if lines is not None else 0
    if article is not None and not keeps_too_little(article.text, cleaned):
        merged, added = with_missed_lines(article.text, text, html_model, lines)
        return replace(article, text=merged) if added else article
    if cleaned == 0:
        return article
    if article is None:
        return HtmlArticle(text=text, extraction="text")
    return replace(article, text=text, extraction="text")
