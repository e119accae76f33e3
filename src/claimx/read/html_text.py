"""The whole text of an HTML page, one block a line, as a copy of the page in a browser gives.

When trafilatura keeps too little of a page, the plain-text cleaner reads this text instead.
Scripts, styles and hidden templates are left out; the page title comes first; block elements
(paragraphs, headings, list items, table rows, divs) start lines and paragraphs get a blank
line around them. One pass over the parsed tree, no recursion (pages nest deeply).

`page_blocks` gives the same text and, for every line, what the markup says of where it stands
(`DOM_FEATURES`): the element that starts it, the elements around it (a figure, an aside, a
list, a link), the words of their class and id attributes (caption, related, share, author,
newsletter, ...), the share of its characters inside links, how deep it sits, and how much text
and links the element its text stands in, its parent and grandparent hold (an article's
paragraph among much text with few links; a teaser in a small box of links). Counts of the open
elements of each kind are kept as the walk goes, and each element's characters are added to its
parent's when it closes, so that this stays one linear pass.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml import etree

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "select",
     "button", "input", "textarea", "canvas", "map"}
)  # fmt: skip
# Elements that stand apart from the text around them by a blank line (as html-text does)...
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "figure"}
)
# ...and elements that start a line of their own.
_LINE = frozenset(
    {"article", "aside", "dd", "details", "div", "dt", "fieldset", "figcaption", "footer", "form",
     "header", "hr", "legend", "li", "main", "nav", "table", "tr", "section", "caption",
     "address", "summary", "option", "center"}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# Whitespace in the markup, line breaks included, is one space, as a browser shows it.
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
# lxml refuses a str that declares its encoding (XHTML pages open with one): it is dropped.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# The element a line starts in, by kind (the last one is any other).
_STARTS = {
    "p": 0, "h1": 1, "h2": 1, "h3": 1, "h4": 1, "h5": 1, "h6": 1, "li": 2, "dd": 2, "dt": 2,
    "td": 3, "th": 3, "tr": 3, "table": 3, "figcaption": 4, "caption": 4, "blockquote": 5,
    "div": 6, "section": 6, "article": 6, "br": 7,
}  # fmt: skip
_START_KINDS = ("p", "heading", "list_item", "table", "caption", "quote", "div", "br", "other")
# Elements around a line, by kind.
_AROUND = {
    "figure": 0, "figcaption": 0, "aside": 1, "nav": 2, "footer": 3, "header": 4, "a": 5,
    "li": 6, "ul": 6, "ol": 6, "table": 7, "blockquote": 8, "article": 9, "main": 9,
    "form": 10, "strong": 11, "b": 11, "em": 12, "i": 12, "small": 13, "time": 14,
}  # fmt: skip
_AROUND_KINDS = ("figure", "aside", "nav", "footer", "header", "link", "list", "table", "quote",
                 "article", "form", "strong", "emphasis", "small", "time")  # fmt: skip
# Words of class and id attributes, by kind: where a site says what a block is.
_NAMED = (
    ("caption", r"caption|credit|photo|image|img|picture|media|gallery|figure|video"),
    ("related", r"related|recommend|teaser|more|also|popular|trending|read|next|prev|list"),
    ("share", r"share|social|facebook|twitter|whatsapp|print|mail|follow"),
    ("author", r"author|byline|bio|profile|writer|contributor|avatar|person"),
    ("newsletter", r"newsletter|subscri|signup|promo|cta|paywall|regwall|register|login"),
    ("ad", r"\bads?\b|advert|sponsor|banner|anzeige|commercial|dfp|outbrain|taboola"),
    ("comment", r"comment|disqus|discussion|reply|respon"),
    ("navigation", r"nav|menu|breadcrumb|footer|header|sidebar|widget|aside|rail"),
    ("tags", r"tag|topic|keyword|categor|label"),
    ("meta", r"meta|date|time|info|dateline|publish|updated"),
    ("body", r"article|content|body|text|story|entry|post|main|prose"),
    ("title", r"title|headline|heading|kicker|lead|intro|summary|standfirst|teaser"),
)
_NAMED_PATTERNS = tuple(re.compile(pattern) for _, pattern in _NAMED)
# How much text the elements around a line hold and how much of it is links: the element the
# line's text stands in, its parent and grandparent (a paragraph of an article body sits among
# much text with few links; a teaser, a caption or a share bar in a small box of links); the
# line's share of its parent's text and how many lines the parent starts; how often the page
# repeats the class of the element and of its parent (lists of teasers repeat one class).
DENSITY_FEATURES = (
    "log_chars",
    "log_chars_parent",
    "log_chars_grand",
    "link_share_parent",
    "link_share_grand",
    "share_of_parent",
    "log_lines_parent",
    "log_class_repeats",
    "log_class_repeats_parent",
)
DOM_FEATURES = (
    *(f"starts_{kind}" for kind in _START_KINDS),
    *(f"in_{kind}" for kind in _AROUND_KINDS),
    *(f"named_{name}" for name, _ in _NAMED),
    *(f"named_{name}_here" for name, _ in _NAMED),
    "link_share",
    "depth",
    *DENSITY_FEATURES,
)
_START_AT = 0
_AROUND_AT = len(_START_KINDS)
_NAMED_AT = _AROUND_AT + len(_AROUND_KINDS)
_HERE_AT = _NAMED_AT + len(_NAMED)
_LINK_AT = _HERE_AT + len(_NAMED)
_DEPTH_AT = _LINK_AT + 1
_DENSITY_AT = _DEPTH_AT + 1


def _breaks(tag: str) -> int:
    """Line breaks around the element: 2 (a blank line), 1 or 0."""
    if tag in _PARAGRAPH:
        return 2
    if tag in _LINE:
        return 1
    return 0


def _named(element: etree._Element) -> tuple[int, ...]:
    """The kinds (indices of _NAMED) the element's class and id words name."""
    classes, ident = element.get("class"), element.get("id")
    if not classes and not ident:
        return ()
    return _named_words(f"{classes or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _named_words(words: str) -> tuple[int, ...]:
    words = words.lower()
    return tuple(k for k, pattern in enumerate(_NAMED_PATTERNS) if pattern.search(words))


@dataclass
class _Row:
    """A line as it is written: its pieces, where it stands, and its characters inside links."""

    parts: list[str]
    features: list[float]
    link_chars: int = 0
    element: int = -1
    """The element its text stands in (an index of the writer's elements; -1: none)."""


class _Writer:
    """Text with breaks: a break waits for the next text, and breaks in a row are one (the
    widest), as a browser collapses empty blocks. Each line started keeps what the open
    elements say of it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0
        self.rows: list[_Row] = []
        self.start_tag = ""
        self.around = [0] * len(_AROUND_KINDS)
        self.named = [0] * len(_NAMED)
        self.here: tuple[int, ...] = ()
        self.depth = 0
        # Per element entered (by index): its parent, its text and link characters (its own,
        # then, once it is left, with its children's), its class.
        self.open: list[int] = []
        self.parent: list[int] = []
        self.chars: list[int] = []
        self.links: list[int] = []
        self.classes: list[str] = []

    def _row(self) -> _Row:
        features = [0.0] * len(DOM_FEATURES)
        features[_START_AT + _STARTS.get(self.start_tag, len(_START_KINDS) - 1)] = 1.0
        for k, count in enumerate(self.around):
            features[_AROUND_AT + k] = float(count > 0)
        for k, count in enumerate(self.named):
            features[_NAMED_AT + k] = float(count > 0)
        for k in self.here:
            features[_HERE_AT + k] = 1.0
        features[_DEPTH_AT] = float(self.depth)
        return _Row([], features, element=self.open[-1] if self.open else -1)

    def text(self, value: str | None) -> None:
        value = _WHITESPACE.sub(" ", value) if value else ""
        if not value.strip():
            if value and self.pending == 0:
                self.parts.append(" ")
                if self.rows:
                    self.rows[-1].parts.append(" ")
            return
        if self.pending and self.parts:
            self.parts.append("\n" * self.pending)
        if self.pending or not self.rows:
            self.rows.append(self._row())
            self.start_tag, self.here = "", ()
        self.pending = 0
        self.parts.append(value)
        row = self.rows[-1]
        row.parts.append(value)
        chars = len(value.strip())
        linked = bool(self.around[_AROUND["a"]])
        row.link_chars += chars * linked
        if self.open:
            self.chars[self.open[-1]] += chars
            self.links[self.open[-1]] += chars * linked

    def brk(self, count: int, tag: str = "", here: tuple[int, ...] = ()) -> None:
        if count and tag:  # an element starting: the next line starts in it
            self.start_tag, self.here = tag, here
        self.pending = max(self.pending, count)

    def enter(self, tag: str, named: tuple[int, ...], classes: str = "") -> None:
        self.parent.append(self.open[-1] if self.open else -1)
        self.open.append(len(self.chars))
        self.chars.append(0)
        self.links.append(0)
        self.classes.append(f"{tag}.{' '.join(classes.split())}" if classes.strip() else "")
        self.depth += 1
        if tag in _AROUND:
            self.around[_AROUND[tag]] += 1
        for k in named:
            self.named[k] += 1

    def leave(self, tag: str, named: tuple[int, ...]) -> None:
        element = self.open.pop()
        up = self.parent[element]
        if up >= 0:
            self.chars[up] += self.chars[element]
            self.links[up] += self.links[element]
        self.depth -= 1
        if tag in _AROUND:
            self.around[_AROUND[tag]] -= 1
        for k in named:
            self.named[k] -= 1


@dataclass(frozen=True)
class Block:
    """A line of the page's whole text and what the markup says of it (DOM_FEATURES)."""

    text: str
    features: tuple[float, ...]


def _walk(markup: str) -> _Writer | None:
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1))
    except (etree.ParserError, ValueError):
        return None
    out = _Writer()
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        out.start_tag = "title"
        out.text(title.text_content().strip())
        out.brk(2)
    skipping = 0
    named: list[tuple[int, ...]] = []  # of the open elements (not skipped), innermost last
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None:  # comments, processing instructions: only their tail is text
            if event == "end" and not skipping:
                out.text(element.tail)
            continue
        if event == "start":
            if tag in _SKIP or skipping:
                skipping += tag in _SKIP
                continue
            mine = _named(element)
            named.append(mine)
            out.enter(tag, mine, element.get("class") or "")
            out.brk(1 if tag == "br" else _breaks(tag), tag, mine)
            out.text(element.text)
        elif tag in _SKIP:
            skipping -= 1
            if not skipping:
                out.text(element.tail)
        elif not skipping:
            out.leave(tag, named.pop())
            out.brk(_breaks(tag))
            out.text(element.tail)
    return out


def page_blocks(markup: str) -> tuple[str, list[Block]]:
    """The page's visible text (as `page_text`) and its non-blank lines with their DOM_FEATURES,
    in order; ("", []) when the markup cannot be parsed."""
    out = _walk(markup)
    if out is None:
        return "", []
    blocks = []
    texts = [_SPACES.sub(" ", "".join(row.parts)).strip() for row in out.rows]
    lines_in = Counter(out.parent[row.element] for row in out.rows if row.element >= 0)
    repeats = Counter(out.classes)
    for row, text in zip(out.rows, texts, strict=True):
        if text:
            row.features[_LINK_AT] = min(row.link_chars / len(text), 1.0)
            row.features[_DENSITY_AT:] = _density(out, row.element, len(text), lines_in, repeats)
            blocks.append(Block(text, tuple(row.features)))
    return _joined(out), blocks


def _density(
    out: _Writer, element: int, chars: int, lines_in: Counter[int], repeats: Counter[str]
) -> list[float]:
    """DENSITY_FEATURES of a line of `chars` characters whose text stands in `element`."""
    parent = out.parent[element] if element >= 0 else -1
    grand = out.parent[parent] if parent >= 0 else -1

    def size(k: int) -> float:
        return float(out.chars[k]) if k >= 0 else 0.0

    def links(k: int) -> float:
        return out.links[k] / out.chars[k] if k >= 0 and out.chars[k] else 0.0

    def repeated(k: int) -> float:
        return math.log1p(repeats[out.classes[k]]) if k >= 0 and out.classes[k] else 0.0

    return [
        math.log1p(size(element)),
        math.log1p(size(parent)),
        math.log1p(size(grand)),
        links(parent),
        links(grand),
        min(chars / size(parent), 1.0) if size(parent) else 1.0,
        math.log1p(lines_in[parent]) if parent >= 0 else 0.0,
        repeated(element),
        repeated(parent),
    ]


def _joined(out: _Writer) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(out.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def page_text(markup: str) -> str:
    """The page's visible text, one block a line; "" when the markup cannot be parsed."""
    out = _walk(markup)
    return "" if out is None else _joined(out)
