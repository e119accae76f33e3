"""Reading HTML pages: the article text and its metadata, through trafilatura.

trafilatura finds the main text of a page (F1 0.958 on the article-extraction benchmark; 0.97
with `favor_precision`, as measured in benchmarks/boilerplate.py) together with the title,
date, author and site name. It is given the markup only, so it never fetches anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

import trafilatura

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HtmlArticle:
    """The article of an HTML page: `text` is what claimx offsets index."""

    text: str
    title: str | None = None
    published: str | None = None
    """ISO 8601 date, when the page states one."""
    author: str | None = None
    outlet: str | None = None
    """The site name (og:site_name and the like)."""
    url: str | None = None
    """The page's canonical URL, as the page states it."""
    extraction: Literal["trafilatura", "text"] = "trafilatura"
    """"text": trafilatura kept too little, `text` is the page's whole text, to be cleaned."""


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def read_html(markup: str) -> HtmlArticle | None:
    """The article of the page, or None when trafilatura finds no main text."""
    try:
        document = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
        )
    except ImportError:  # a missing part of the installation is no property of the page
        raise
    except Exception:  # a page trafilatura cannot parse is a page without an article
        log.debug("trafilatura failed on the page", exc_info=True)
        return None
    if document is None:
        return None
    text = getattr(document, "text", None)
    if not isinstance(text, str) or not text.strip():
        return None
    return HtmlArticle(
        text=text,
        title=_clean(getattr(document, "title", None)),
        published=_clean(getattr(document, "date", None)),
        author=_clean(getattr(document, "author", None)),
        outlet=_clean(getattr(document, "sitename", None)),
        url=_clean(getattr(document, "url", None)),
    )


def recall_text(markup: str) -> str:
    """trafilatura's main text of the page read for recall (its default, not
    `favor_precision`): the missed-lines model reads which lines it keeps that `read_html`'s
    reading does not; "" when it finds none."""
    try:
        document = trafilatura.bare_extraction(markup, include_comments=False)
    except ImportError:
        raise
    except Exception:
        log.debug("trafilatura failed on the page", exc_info=True)
        return ""
    text = getattr(document, "text", None) if document is not None else None
    return text if isinstance(text, str) else ""
