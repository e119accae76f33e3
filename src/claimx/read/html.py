"""Reading HTML pages: the article text and its metadata, through trafilatura.

trafilatura finds the main text of a page (F1 0.958 on the article-extraction benchmark; 0.97
with `favor_precision`, as measured in benchmarks/boilerplate.py) together with the title,
date, author and site name. It is given the markup only, so it never fetches anything.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

import trafilatura

from claimx.read.bylines import without_role

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# How many lines of the recall reading past the last match a holed line is looked for in.
_MEND_WINDOW = 40
# A holed line keeps most of its paragraph's words: a line that is a small part of a longer
# one ("Advertisement" in a paragraph that says it) is another line, not a holed one.
_MEND_MIN_SHARE = 0.5
# Lines this short are labels and headings, not paragraphs with words cut out.
_MEND_MIN_WORDS = 5


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


# What trafilatura's author string carries besides names: "Article by", a date it ran into.
_BY_PREFIX = re.compile(
    r"^(?:(?:article|story|words|text|written|reporting|report|posted)\s+)?by\b[\s:]*",
    re.IGNORECASE,
)
_MONTH_TAIL = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?P<day>\s+\d.*)?$",
    re.IGNORECASE,
)
_ROLES = frozenset(
    {"staff", "staff writer", "staff reporter", "contributor", "contributing writer"}
    | {"correspondent", "reporter", "columnist", "editor", "writer"}
)
_AUTHOR_EDGES = " ,;:|-–—'\"‘’“”"


def _author(value: object, outlet: str | None) -> str | None:
    """The names of trafilatura's author string: without "Article by", a date it ran into
    ("CBS News February"), a role after the name ("PhillyVoice Staff"), or the outlet beside
    a person's name ("The Haitian Times; J O Haselhoef"); None when no name is left."""
    names = []
    for part in (_clean(value) or "").split(";"):
        name = _BY_PREFIX.sub("", part.strip()).strip(_AUTHOR_EDGES)
        tail = _MONTH_TAIL.search(name)
        # A month is a surname too (Theresa May): it goes only with a day, or off the outlet.
        if tail is not None and (tail["day"] or _same(name[: tail.start()], outlet)):
            name = name[: tail.start()].strip(_AUTHOR_EDGES)
        named = without_role(name)
        if named != name:  # "Adam Aaronson PhillyVoice Staff": the outlet goes with the role
            if outlet is not None and named.casefold().endswith(" " + outlet.casefold()):
                named = named[: -len(outlet)]
            name = named.strip(_AUTHOR_EDGES)
        if name[:1].isupper() and name.casefold() not in _ROLES:
            names.append(name)
    people = [name for name in names if not _same(name, outlet)]
    return "; ".join(dict.fromkeys(people or names)) or None


def _same(name: str, outlet: str | None) -> bool:
    return outlet is not None and name.casefold() == outlet.casefold()


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
    outlet = _clean(getattr(document, "sitename", None))
    return HtmlArticle(
        text=text,
        title=_clean(getattr(document, "title", None)),
        published=_clean(getattr(document, "date", None)),
        author=_author(getattr(document, "author", None), outlet),
        outlet=outlet,
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


def _is_subsequence(words: list[str], of: list[str]) -> bool:
    rest = iter(of)
    return all(word in rest for word in words)


def with_inline_text(precise: str, recall: str) -> str:
    """`precise` with the words its reading cut out of a paragraph put back from `recall`.

    trafilatura's `favor_precision` reading drops every element whose class is "link"; some
    sites (CBS News) set their links in the text in such elements, so a paragraph loses words
    and reads "pulling for , and ." where the page says "pulling for Elizabeth Warren, Bernie
    Sanders and Pete Buttigieg". A line of `precise` whose words are an in-order part of a
    longer line of `recall` (trafilatura's default reading, which keeps those elements), near
    where the last line was found, is replaced by that line. Lines are matched in order, each
    looked for over a bounded window: linear in the text's length."""
    if not recall:
        return precise
    recall_lines = recall.split("\n")
    recall_words = [_WORD.findall(line.lower()) for line in recall_lines]
    position = {line: i for i, line in reversed(list(enumerate(recall_lines)))}
    mended = []
    at = 0
    for line in precise.split("\n"):
        same = position.get(line)
        if same is not None and same >= at:
            at = same + 1
            mended.append(line)
            continue
        words = _WORD.findall(line.lower())
        found = None
        if len(words) >= _MEND_MIN_WORDS:
            for i in range(at, min(at + _MEND_WINDOW, len(recall_lines))):
                longer = recall_words[i]
                if len(longer) > len(words) >= _MEND_MIN_SHARE * len(longer) and _is_subsequence(
                    words, longer
                ):
                    found = i
                    break
        if found is None:
            mended.append(line)
        else:
            mended.append(recall_lines[found])
            at = found + 1
    return "\n".join(mended)


def with_drop_caps(article: str, page: str) -> str:
    """`article` with the initials set apart as drop caps put back: a page that sets the first
    letter of a paragraph in an element of its own ("<span>T</span><p>urkey, Poland ...")
    loses it in trafilatura's text. A line of `article` that starts with a lower-case letter
    and is, in the page's whole text `page`, the line after one that is a single capital
    letter (blank lines between) gets that letter back."""
    if not any(line[:1].islower() for line in article.split("\n")):
        return article
    initial_before: dict[str, str] = {}
    previous = ""
    for line in page.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if len(previous) == 1 and previous.isupper() and stripped[:1].islower():
            initial_before.setdefault(stripped, previous)
        previous = stripped
    if not initial_before:
        return article
    lines = article.split("\n")
    for i, line in enumerate(lines):
        initial = initial_before.get(line.strip()) if line[:1].islower() else None
        if initial is not None:
            lines[i] = initial + line
    return "\n".join(lines)
